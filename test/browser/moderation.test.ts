// Channels and moderation in the web app, in headless Chromium with the injected test wallet
// (harness.ts). One page acts as two profiles by switching the wallet's account: alice creates and
// moderates a channel and labels posts; bob joins, posts into it, and chooses whose labels apply
// to him. carol, outside the browser, writes the posts that get labelled.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";

import { createKithClient, viemSigner } from "@kith/sdk";
import type { Page } from "playwright-core";

import { accountOf, type BrowserApp, screenshotOnFailure, SKIP_BROWSER, startBrowserApp } from "./harness.ts";

describe("channels and moderation in the web app", { skip: SKIP_BROWSER }, () => {
  let running: BrowserApp;
  let page: Page;
  let url: string;
  const alice = accountOf(14);
  const bob = accountOf(15);
  let carolPosts: { fine: bigint; questionable: bigint };
  const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

  before(async () => {
    running = await startBrowserApp(alice);
    page = running.page;
    url = running.app.url;
    const carol = createKithClient({ ...running.config, signer: viemSigner(accountOf(16)) });
    const { profileId } = await carol.register({ handle: "carol" });
    carolPosts = {
      fine: (await carol.post({ profileId, body: "carol: a fine post" })).postId,
      questionable: (await carol.post({ profileId, body: "carol: a questionable post" })).postId,
    };
  });

  afterEach((t) => screenshotOnFailure(running, t));

  after(async () => running?.stop());

  async function registerInTheApp(handle: string) {
    if (await page.getByTestId("connect").isVisible()) await page.getByTestId("connect").click();
    await page.getByTestId("handle").fill(handle);
    await page.getByTestId("register").click();
    await page.getByTestId("me").filter({ hasText: `@${handle}` }).waitFor({ timeout: 30_000 });
  }
  const feedCard = (text: string) => page.getByTestId("channel-feed").getByTestId("post").filter({ hasText: text });

  it("creates a channel from the channels page: its creator owns and moderates it; a taken name is refused with the contract's error, before any prompt", async () => {
    await registerInTheApp("alice");
    await page.goto(`${url}/#/channels`);
    await page.getByTestId("channel-name").fill("builders");
    await page.getByTestId("create-channel").click();
    await running.waitDone("create channel");
    assert.equal(running.prompts.at(-1), "send transaction");
    await page.getByTestId("channel-title").filter({ hasText: "#builders" }).waitFor();
    assert.equal(await page.getByTestId("moderators").textContent(), short(alice.address));

    const prompts = running.prompts.length;
    await page.goto(`${url}/#/channels`);
    await page.getByTestId("channel-item").filter({ hasText: "#builders" }).waitFor();
    await page.getByTestId("channel-name").fill("builders");
    await page.getByTestId("create-channel").click();
    await page.waitForSelector("[data-testid=status][data-state=error]");
    assert.match(await page.getByTestId("status").textContent() ?? "", /Refused by the contract: ChannelNameTaken\(name=builders, channelId=1\)/);
    assert.equal(running.prompts.length, prompts);
  });

  it("a second profile joins it and posts into it: the body shows in the channel feed", async () => {
    await running.useAccount(bob);
    await registerInTheApp("bob");
    await page.goto(`${url}/#/c/builders`);
    await page.getByTestId("join").click();
    await running.waitDone("join");
    await page.locator("[data-testid=membership][data-status=MEMBER]").waitFor();
    await page.getByTestId("compose-channel").fill("gm builders, from bob");
    await page.getByTestId("submit-channel").click();
    await running.waitDone("post into the channel");
    await feedCard("gm builders, from bob").getByTestId("post-body").waitFor();
    assert.equal(await page.getByTestId("member").filter({ hasText: "@bob" }).count(), 1);
  });

  it("the moderator hides the post: it leaves the channel feed, and the moderation log shows the hide with its reason", async () => {
    await running.useAccount(alice);
    await page.goto(`${url}/#/c/builders`);
    const card = feedCard("gm builders, from bob");
    await card.waitFor();
    await card.getByTestId("hide-post").click();
    await card.getByTestId("hide-post-reason").fill("off topic");
    await card.getByTestId("hide-post-confirm").click();
    await running.waitDone("hide");
    await card.waitFor({ state: "detached" });
    await page.locator("[data-testid=log-entry][data-kind=HIDE]").filter({ hasText: "off topic" }).filter({ hasText: "post by @bob" }).waitFor();
  });

  it("the moderator shows it again from the log and pins it: back in the feed, marked pinned", async () => {
    await page.locator("[data-testid=log-entry][data-kind=HIDE]").getByTestId("unhide").click();
    await page.getByTestId("unhide-reason").fill("fine after all");
    await page.getByTestId("unhide-confirm").click();
    await running.waitDone("unhide");
    const card = feedCard("gm builders, from bob");
    await card.waitFor();
    await page.locator("[data-testid=log-entry][data-kind=UNHIDE]").filter({ hasText: "fine after all" }).waitFor();
    await card.getByTestId("pin-post").click();
    await running.waitDone("pin");
    await page.getByTestId("pinned-post").getByTestId("post-body").filter({ hasText: "gm builders, from bob" }).waitFor();
    await card.getByTestId("pinned").waitFor();
  });

  it("the moderator bans bob with a reason: his post leaves the feed, the log shows the ban, and bob is told he is banned", async () => {
    await page.locator("[data-testid=member][data-handle=bob]").getByTestId("ban").click();
    await page.getByTestId("ban-reason").fill("spam links");
    await page.getByTestId("ban-confirm").click();
    await running.waitDone("ban");
    await feedCard("gm builders, from bob").waitFor({ state: "detached" });
    const entry = page.locator("[data-testid=log-entry][data-kind=BAN]");
    await entry.filter({ hasText: "spam links" }).filter({ hasText: "@bob" }).waitFor();
    assert.match((await entry.textContent()) ?? "", new RegExp(`by ${short(alice.address)}`));
    await page.locator("[data-testid=banned][data-handle=bob]").waitFor();
    await running.useAccount(bob);
    await page.goto(`${url}/#/c/builders`);
    await page.locator("[data-testid=membership][data-status=BANNED]").filter({ hasText: "You are banned" }).waitFor();
    assert.equal(await page.getByTestId("compose-channel").count(), 0);
  });

  it("bob subscribes to alice as a labeler (nsfw: WARN, spam: HIDE); her nsfw label blurs carol's post for him, with the label and labeler, until 'show anyway'", async () => {
    await page.goto(`${url}/#/moderation`);
    await page.getByTestId("labeler-address").fill(alice.address);
    await page.getByTestId("policy-value-0").fill("nsfw");
    await page.getByTestId("policy-action-0").selectOption("WARN");
    await page.getByTestId("add-policy").click();
    await page.getByTestId("policy-value-1").fill("spam");
    await page.getByTestId("policy-action-1").selectOption("HIDE");
    await page.getByTestId("subscribe-labeler").click();
    await running.waitDone("subscribe to the labeler");
    await page.locator(`[data-testid=labeler-subscription][data-labeler="${alice.address.toLowerCase()}"]`).filter({ hasText: "nsfw: WARN" }).filter({ hasText: "spam: HIDE" }).waitFor();

    await running.useAccount(alice);
    await page.goto(`${url}/#/u/carol`);
    const questionable = page.getByTestId("post").filter({ hasText: "carol: a questionable post" });
    await questionable.getByTestId("label").click();
    await questionable.getByTestId("label-value").fill("nsfw");
    await questionable.getByTestId("label-submit").click();
    await running.waitDone("label nsfw");
    // alice subscribes to no labeler: for her the label warns nothing.
    await questionable.getByTestId("post-body").waitFor();

    await running.useAccount(bob);
    await page.goto(`${url}/#/u/carol`);
    await page.getByTestId("post").filter({ hasText: "carol: a fine post" }).getByTestId("post-body").waitFor();
    assert.equal(await page.getByTestId("label-warning").count(), 1);
    const warned = page.locator(`[data-testid=post][data-post-id="${carolPosts.questionable}"]`);
    await warned.getByTestId("label-warning").waitFor();
    assert.equal((await warned.getByTestId("warning-label").textContent())?.trim(), `nsfw by ${short(alice.address)}`);
    assert.equal(await warned.getByTestId("post-body").count(), 0);
    await warned.getByTestId("show-anyway").click();
    await warned.getByTestId("post-body").filter({ hasText: "carol: a questionable post" }).waitFor();
  });

  it("alice's spam label (HIDE for bob) takes the post out of what bob sees; its page tells him why", async () => {
    await running.useAccount(alice);
    await page.goto(`${url}/#/p/${carolPosts.questionable}`);
    const card = page.getByTestId("post").filter({ hasText: "carol: a questionable post" });
    await card.getByTestId("label").click();
    await card.getByTestId("label-value").fill("spam");
    await card.getByTestId("label-submit").click();
    await running.waitDone("label spam");

    await running.useAccount(bob);
    await page.goto(`${url}/#/u/carol`);
    await page.getByTestId("post").filter({ hasText: "carol: a fine post" }).getByTestId("post-body").waitFor();
    assert.equal(await page.locator(`[data-testid=post][data-post-id="${carolPosts.questionable}"]`).count(), 0);

    await page.goto(`${url}/#/p/${carolPosts.questionable}`);
    const reason = page.locator("[data-testid=hidden-reason][data-kind=LABEL]");
    await reason.waitFor();
    const text = (await reason.textContent()) ?? "";
    assert.match(text, /spam/);
    assert.match(text, new RegExp(alice.address, "i"));
  });
});
