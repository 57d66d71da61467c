// One chain, two real indexers of it, and a client given both: a body posted through the client is
// stored on both; one indexer killed with SIGKILL under a steady stream of reads, and every read
// still succeeds (served by the other), and a live feed watched on it reconnects to the other; a
// post made after the kill is stored on the survivor, and the client says which indexer did not take it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { createKithClient, type IndexerResponse, type KithClient, viemSigner } from "@kith/sdk";

import { devAccount } from "../../scripts/lib/chain.ts";
import { type Indexer, startIndexer } from "../../scripts/lib/indexer.ts";
import { waitFor } from "../../scripts/lib/processes.ts";
import { type Stack, startStack } from "./stack.ts";

const READERS = 4;
const READS_BEFORE_THE_KILL = 20;
const READS_AFTER_THE_KILL = 40;

describe("a client with two indexers of one chain", () => {
  let stack: Stack;
  let indexers: Indexer[];
  let client: KithClient;
  const responses: (IndexerResponse & { at: number })[] = [];
  const dirs = [mkdtempSync(path.join(tmpdir(), "kith-pglite-b-")), mkdtempSync(path.join(tmpdir(), "kith-content-b-"))];
  let alice: bigint;
  let bob: bigint;
  let bobClient: (urls: string[]) => KithClient;
  let first: { postId: bigint; digest: `0x${string}` };

  before(async () => {
    stack = await startStack();
    const a = await stack.startIndexer();
    const b = await startIndexer({
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      deploymentsDir: stack.deploymentsDir,
      pgliteDir: dirs[0],
      contentDir: dirs[1],
      dropSchemaOnStop: true,
    });
    indexers = [a, b];
    const relayer = await stack.startRelayer();
    client = createKithClient({
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      indexerUrls: indexers.map((i) => i.url),
      relayerUrl: relayer.url,
      signer: viemSigner(devAccount(10)),
      fallback: { onResponse: (r) => responses.push({ ...r, at: performance.now() }) },
    });
    alice = (await client.register({ handle: "alice" })).profileId;
    bobClient = (urls) =>
      createKithClient({ chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, indexerUrls: urls, relayerUrl: relayer.url, signer: viemSigner(devAccount(11)) });
    const asBob = bobClient(indexers.map((i) => i.url));
    bob = (await asBob.register({ handle: "bob" })).profileId;
    await asBob.follow({ followerId: bob, followeeId: alice });
  });
  after(async () => {
    await indexers?.[1]?.stop();
    await stack?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("a body posted through the client is stored on both indexers", async () => {
    const body = "gm, on every indexer";
    const posted = await client.post({ profileId: alice, body });
    first = posted;
    assert.deepEqual(posted.upload, { stored: indexers.map((i) => i.url), failed: [] });
    for (const indexer of indexers) {
      const served = await fetch(`${indexer.url}/content/${posted.digest}`);
      assert.equal(served.status, 200, indexer.url);
      assert.equal(await served.text(), body);
    }
  });

  it("SIGKILL of the indexer serving the reads, under a steady stream of them: every read succeeds; a live feed moves to the survivor; a later post is stored there", async () => {
    const results: string[] = [];
    const latencyAfterKill: number[] = [];
    const failures: unknown[] = [];
    let readsAfterKill = 0;
    let killSentAt: number | undefined;
    let stop = false;
    const reader = async () => {
      while (!stop) {
        try {
          const started = performance.now();
          const post = await client.thread({ postId: first.postId });
          results.push(`${post?.body}/${post?.bodyStatus}`);
          if (killSentAt !== undefined) {
            readsAfterKill++;
            latencyAfterKill.push(performance.now() - started);
          }
          if (readsAfterKill >= READS_AFTER_THE_KILL) stop = true;
        } catch (error) {
          failures.push(error);
          stop = true;
        }
      }
    };
    const readers = Array.from({ length: READERS }, reader);
    // Once reads flow, kill the indexer that served the last one.
    const threadReads = () => responses.filter((r) => r.operation === "Thread" && r.status === "success").length;
    while (threadReads() < READS_BEFORE_THE_KILL) await new Promise((resolve) => setTimeout(resolve, 10));
    const victimUrl = responses.findLast((r) => r.operation === "Thread" && r.status === "success")!.url;
    const victim = indexers.find((i) => i.url === victimUrl)!;
    const survivor = indexers.find((i) => i !== victim)!;
    // Bob watches his home feed on the victim (listed first, so his subscription connects there).
    const watched: string[] = [];
    const watchErrors: Error[] = [];
    const stopWatching = bobClient([victim.url, survivor.url]).watchHomeFeed({
      profileId: bob,
      retryMs: 100,
      onData: (item) => watched.push(item.id),
      onError: (error) => watchErrors.push(error),
    });
    const before = await client.post({ profileId: alice, body: "before the kill" });
    await waitFor(async () => watched.includes(String(before.postId)) || undefined, { timeoutMs: 30_000, describe: () => `bob's feed on ${victim.url} got ${watched}` });
    const exited = new Promise((resolve) => victim.service.process.once("exit", resolve));
    killSentAt = performance.now();
    victim.service.process.kill("SIGKILL");
    await exited;
    const exitedAt = performance.now();
    await Promise.all(readers);

    const slowest = Math.max(...latencyAfterKill);
    console.log(`      ${results.length} reads by ${READERS} readers, ${readsAfterKill} after the kill; the slowest of those took ${slowest.toFixed(1)} ms`);
    assert.deepEqual(failures, []);
    assert.ok(readsAfterKill >= READS_AFTER_THE_KILL);
    assert.deepEqual([...new Set(results)], ["gm, on every indexer/AVAILABLE"]);
    const afterKill = responses.filter((r) => r.at > killSentAt! && r.operation === "Thread");
    assert.ok(afterKill.some((r) => r.url === victimUrl && r.status === "error"), "the killed indexer was asked, failed, and the read went on");
    const servedAfterExit = responses.filter((r) => r.at > exitedAt && r.operation === "Thread" && r.status === "success");
    assert.deepEqual([...new Set(servedAfterExit.map((r) => r.url))], [survivor.url]);
    assert.equal(client.indexers().find((i) => i.url === victimUrl)!.healthy, false);

    const later = await client.post({ profileId: alice, body: "after the kill" });
    await waitFor(async () => watched.includes(String(later.postId)) || undefined, { timeoutMs: 30_000, describe: () => `bob's feed after the kill got ${watched}` });
    stopWatching();
    assert.deepEqual(watched, [String(before.postId), String(later.postId)]);
    assert.ok(watchErrors.length >= 1, "the subscription saw its connection drop");
    assert.deepEqual(later.upload.stored, [survivor.url]);
    assert.deepEqual(later.upload.failed.map((f) => f.url), [victimUrl]);
    assert.equal(await (await fetch(`${survivor.url}/content/${later.digest}`)).text(), "after the kill");
    const posts = await client.profilePosts({ profileId: alice });
    assert.deepEqual(posts?.items.map((p) => p.body), ["after the kill", "before the kill", "gm, on every indexer"]);
  });
});
