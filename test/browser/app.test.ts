// The reference web app in headless Chromium (Debian's chromium, driven by playwright-core), with a
// test wallet injected as an EIP-1193 provider backed by a development key. Every wallet prompt
// (a signature or a transaction) is counted, so "no prompt" is asserted, not assumed.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import { createKithClient, type KithClient, viemSigner } from "@kith/sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { type Hex, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { readFileSync } from "node:fs";

import { build } from "esbuild";

import { buildApp, type RunningApp, serveApp } from "../../scripts/lib/app.ts";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "../e2e/stack.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const CHROMIUM = process.env.KITH_CHROMIUM ?? "/usr/bin/chromium";
const keyOf = (index: number) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}` as const;

/** JSON typed data (numbers as strings) back to what viem signs: integers as bigints. */
function reviveTypedData(json: string): TypedDataDefinition {
  const data = JSON.parse(json) as TypedDataDefinition & { types: Record<string, { name: string; type: string }[]> };
  const fields = data.types[data.primaryType as string] ?? [];
  const message = { ...(data.message as Record<string, unknown>) };
  for (const field of fields) {
    if (/^u?int\d*$/.test(field.type)) message[field.name] = BigInt(message[field.name] as string);
    if (/^u?int\d*\[\]$/.test(field.type)) message[field.name] = (message[field.name] as string[]).map(BigInt);
  }
  const { EIP712Domain: _, ...types } = data.types;
  return { ...data, types, domain: { ...data.domain, chainId: Number(data.domain?.chainId) }, message } as TypedDataDefinition;
}

describe("the web app in a browser", { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` }, () => {
  let stack: Stack;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let bob: KithClient;
  let bobId: bigint;
  const alice = privateKeyToAccount(keyOf(12));
  const prompts: string[] = [];

  before(async () => {
    stack = await startStack();
    const [indexer, relayer] = await Promise.all([stack.startIndexer({ wsUrl: stack.chain.wsUrl }), stack.startRelayer(), buildApp()]);
    const config = { chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, graphqlUrl: indexer.graphqlUrl, relayerUrl: relayer.url };
    app = await serveApp(config);
    const bobAccount = privateKeyToAccount(keyOf(13));
    bob = createKithClient({ ...config, signer: viemSigner(bobAccount) });
    bobId = (await bob.register({ handle: "bob" })).profileId;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const { walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice);
    await page.exposeFunction("__kithWallet", async (method: string, params: unknown[] = []) => {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [alice.address];
        case "eth_chainId":
          return `0x${stack.chain.chainId.toString(16)}`;
        case "eth_signTypedData_v4":
          prompts.push(`sign ${JSON.parse(params[1] as string).primaryType}`);
          return alice.signTypedData(reviveTypedData(params[1] as string));
        case "eth_sendTransaction": {
          const tx = params[0] as { to: Hex; data?: Hex; value?: Hex };
          prompts.push("send transaction");
          return walletClient.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : undefined, account: alice, chain: stack.chain.chain });
        }
        default: {
          const response = await fetch(stack.chain.rpcUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
          });
          const json = (await response.json()) as { result?: unknown; error?: { message: string } };
          if (json.error) throw new Error(json.error.message);
          return json.result;
        }
      }
    });
    // A string, not a function: the test runner's TypeScript loader may add helpers to a function's source.
    await page.addInitScript(`
      window.ethereum = {
        isKithTestWallet: true,
        request: ({ method, params }) => window.__kithWallet(method, params),
        on() {},
        removeListener() {},
      };`);
    await page.goto(app.url);
  });

  afterEach(async (t) => {
    // A failing step leaves a screenshot of what the page showed.
    if ((t as unknown as { passed?: boolean }).passed === false && page) {
      mkdirSync(path.join(root, "test-results"), { recursive: true });
      const file = path.join(root, "test-results", `${t.name.replace(/\W+/g, "-")}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`      screenshot: ${path.relative(root, file)}`);
    }
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await stack?.stop();
  });

  const status = () => page.getByTestId("status");
  async function waitDone(label: string) {
    await page.waitForSelector(`[data-testid=status][data-state=done], [data-testid=status][data-state=error]`, { timeout: 30_000 });
    assert.equal(await status().getAttribute("data-state"), "done", `${label}: ${await status().textContent()}`);
  }
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
