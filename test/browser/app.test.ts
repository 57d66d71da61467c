// The reference web app in headless Chromium (Debian's chromium, driven by playwright-core), with a
// test wallet injected as an EIP-1193 provider backed by a development key. Every wallet prompt
// (a signature or a transaction) is counted, so "no prompt" is asserted, not assumed.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import { createKithClient, type KithClient, viemSigner } from "@kith/sdk";
import { build } from "esbuild";
import type { Page } from "playwright-core";

import { accountOf, type BrowserApp, root, screenshotOnFailure, SKIP_BROWSER, startBrowserApp } from "./harness.ts";

describe("the web app in a browser", { skip: SKIP_BROWSER }, () => {
  let running: BrowserApp;
  let page: Page;
  let app: BrowserApp["app"];
  let stack: BrowserApp["stack"];
  let bob: KithClient;
  let bobId: bigint;
  let prompts: string[];

  before(async () => {
    running = await startBrowserApp(accountOf(12));
    ({ page, app, stack, prompts } = running);
    bob = createKithClient({ ...running.config, signer: viemSigner(accountOf(13)) });
    bobId = (await bob.register({ handle: "bob" })).profileId;
  });

  afterEach((t) => screenshotOnFailure(running, t));

  after(async () => running?.stop());

  const waitDone = (label: string) => running.waitDone(label);
  async function post(body: string) {
    await page.goto(`${app.url}/#/`);
    await page.getByTestId("compose-post").fill(body);
    await page.getByTestId("submit-post").click();
    await waitDone(`post "${body}"`);
  }

  it("connects the injected wallet and registers a handle (one signature, the relayer pays)", async () => {
    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    await page.getByTestId("handle").fill("alice");
    await page.getByTestId("register").click();
    await page.getByTestId("me").filter({ hasText: "@alice" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(prompts, ["sign Register"]);
  });

  it("posts with the body uploaded: the body shows on her profile", async () => {
    await post("hello from the browser");
    await page.goto(`${app.url}/#/u/alice`);
    await page.getByTestId("post-body").filter({ hasText: "hello from the browser" }).waitFor();
    assert.deepEqual(prompts.slice(1), ["sign Post"]);
  });

  it("finds bob by handle and follows him; his new post arrives live, without a reload, and she likes it", async () => {
    await page.goto(`${app.url}/#/search`);
    await page.getByTestId("search").fill("bo");
    await page.getByTestId("search-result").filter({ hasText: "@bob" }).getByRole("link").click();
    await page.getByTestId("follow").click();
    await waitDone("follow");
    await page.getByTestId("unfollow").waitFor();
    await page.goto(`${app.url}/#/`);
    await page.getByTestId("live").filter({ hasText: "live" }).waitFor();
    await page.evaluate("window.notReloaded = true");
    await bob.post({ profileId: bobId, body: "bob, live" });
    const card = page.getByTestId("post").filter({ hasText: "bob, live" });
    await card.waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate("window.notReloaded"), true);
    mkdirSync(path.join(root, "docs"), { recursive: true });
    await page.screenshot({ path: path.join(root, "docs", "app.png") });
    await card.getByTestId("like").click();
    await waitDone("like");
    await card.getByTestId("like").filter({ hasText: "♥ 1" }).waitFor();
    assert.deepEqual(prompts.slice(2), ["sign Follow", "sign Like"]);
  });

  it("signs in once: after granting an app key, posting and liking need no wallet prompt", async () => {
    await page.goto(`${app.url}/#/settings`);
    await page.getByTestId("grant-appkey").click();
    await page.getByTestId("revoke-appkey").waitFor({ timeout: 30_000 });
    const before = prompts.length;
    assert.equal(prompts.at(-1), "sign AddAppKey");
    await post("no prompt for this one");
    const card = page.getByTestId("post").filter({ hasText: "bob, live" });
    await card.getByTestId("like").click(); // a second like of the same post is a no-op on chain, still signed by the key
    await waitDone("like by the app key");
    assert.equal(prompts.length, before, `prompts: ${prompts.slice(before).join(", ")}`);
    await page.goto(`${app.url}/#/u/alice`);
    await page.getByTestId("post-body").filter({ hasText: "no prompt for this one" }).waitFor();
  });

  it("revokes the app key from settings; the next post asks the wallet again", async () => {
    await page.goto(`${app.url}/#/settings`);
    await page.getByTestId("revoke-appkey").click();
    await page.getByTestId("grant-appkey").waitFor({ timeout: 30_000 });
    assert.equal(prompts.at(-1), "sign RevokeAppKey");
    const before = prompts.length;
    await post("asked again");
    assert.deepEqual(prompts.slice(before), ["sign Post"]);
  });

  it('runs the README\'s browser example of "Post from your dApp" as written (body uploaded)', async () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Post from your dApp"));
    let code = /```typescript\n([\s\S]*?)```/.exec(section)![1]!;
    // Only the stack's URLs differ from `npm start`'s.
    code = code
      .replace("http://127.0.0.1:8545", stack.chain.rpcUrl)
      .replace("http://127.0.0.1:42069/graphql", stack.indexer!.graphqlUrl)
      .replace("http://127.0.0.1:8787", stack.relayer!.url);
    const bundled = await build({ stdin: { contents: code, resolveDir: root, loader: "ts" }, bundle: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });
    const lines: string[] = [];
    page.on("console", (message) => lines.push(message.text()));
    await page.goto(`${app.url}/#/settings`);
    await page.addScriptTag({ type: "module", content: bundled.outputFiles[0]!.text });
    const deadline = Date.now() + 20_000;
    while (!lines.some((line) => line.startsWith("posted ")) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(lines.filter((line) => /^(signing|pending|mined|indexed)$/.test(line)), ["signing", "pending", "mined", "indexed"]);
    const postId = /^posted (\d+) \(bafkrei\w+\), body uploaded$/.exec(lines.find((line) => line.startsWith("posted ")) ?? "")?.[1];
    assert.ok(postId, lines.join("\n"));
    const thread = await bob.thread({ postId: BigInt(postId) });
    assert.deepEqual([thread?.author.handle, thread?.body, thread?.bodyStatus], ["alice", "gm from the browser", "AVAILABLE"]);
  });
});
