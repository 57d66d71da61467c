// Bodies survive any one indexer: one chain, real indexers, and fake peers this test controls.
// Indexer B, whose peers are a fake Kith indexer, a fake IPFS gateway and indexer A (whose peer is
// B: they do not wait on each other for a body neither has), serves a body
// uploaded to A only (by /content, /ipfs and GraphQL), refuses wrong bytes, a peer that hangs and
// one that answers too much (and asks the next peer each time), and never asks a peer for a digest
// the chain does not record. Indexer C, whose peer is A, has bodies uploaded to A in its own store
// before anybody reads them there (the background fill). A store that fails a read costs that
// post's body only (UNAVAILABLE), not the page. On Postgres (KITH_CONTENT_STORE=postgres),
// indexers of different schemas share bodies, and a re-index into a new schema still serves them.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import pg from "pg";

import { computePostId, contentHash, PostKind, uploadContent } from "@kith/sdk";
import { cidOf } from "../../indexer/src/api/cid.ts";
import { devAccount } from "../../scripts/lib/chain.ts";
import { type Indexer, type IndexerOptions, startIndexer } from "../../scripts/lib/indexer.ts";
import { freePort, waitFor } from "../../scripts/lib/processes.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

const alice = devAccount(1);
const ALICE = 1n;
const ALICE_META = '{"name":"Alice","bio":"kept by every indexer"}';
const MAX_CONTENT_BYTES = 64 * 1024;

/** A local HTTP server playing a peer: it answers each path as told (404 otherwise) and records what it was asked. */
interface FakePeer {
  url: string;
  /** Every path (with query) asked, in order. */
  requests: string[];
  /** Paths whose response was closed by the client before it was complete. */
  abandoned: string[];
  answer(path: string, respond: (response: ServerResponse) => void): void;
  close(): Promise<void>;
}

async function startFakePeer(): Promise<FakePeer> {
  const requests: string[] = [];
  const abandoned: string[] = [];
  const answers = new Map<string, (response: ServerResponse) => void>();
  const server = createServer((request, response) => {
    const asked = request.url!;
    requests.push(asked);
    // A trustless gateway serves the raw block only to a client that asks for it.
    if (asked.startsWith("/ipfs/") && request.headers.accept !== "application/vnd.ipld.raw") return void response.writeHead(406).end();
    response.on("close", () => {
      if (!response.writableFinished) abandoned.push(asked);
    });
    const respond = answers.get(asked);
    if (respond) respond(response);
    else response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    abandoned,
    answer: (path, respond) => answers.set(path, respond),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const sends = (bytes: string) => (response: ServerResponse) => response.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
const hangs = () => {};
/** 1 MiB in 16 KiB chunks, no content-length: only a client that counts what it reads can stop it. */
const floods = (response: ServerResponse) => {
  response.writeHead(200, { "content-type": "application/octet-stream" });
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent >= 1 << 20) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(Buffer.alloc(16 * 1024, "x"));
    sent += 16 * 1024;
  }, 5);
};

/** The body a files store holds for `digest` (bodyStore.ts: <dir>/<2 hex>/<64 hex>), or undefined. */
function storedFile(dir: string, digest: `0x${string}`): string | undefined {
  const file = path.join(dir, digest.slice(2, 4), digest.slice(2));
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

const notFound = { error: { code: "not_found", message: "no body is stored for this digest here or at any peer" } };

async function get(url: string): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url);
  return { status: response.status, text: await response.text(), ms: performance.now() - started };
}

/** Starts an indexer of `stack`'s chain; stopped (and its folders removed) by the returned list's owner. */
function indexersOf(stack: () => Stack) {
  const started: Indexer[] = [];
  const dirs: string[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), `kith-${name}-`));
    dirs.push(dir);
    return dir;
  };
  return {
    folder,
    async start(options: Partial<IndexerOptions> = {}) {
      const indexer = await startIndexer({
        chainId: stack().chain.chainId,
        rpcUrl: stack().chain.rpcUrl,
        deploymentsDir: stack().deploymentsDir,
        pgliteDir: folder("pglite"),
        contentDir: folder("content"),
        dropSchemaOnStop: true,
        log: () => {},
        ...options,
      });
      started.push(indexer);
      return indexer;
    },
    running: () => [...started],
    async stop(indexer: Indexer) {
      started.splice(started.indexOf(indexer), 1);
      await indexer.stop();
    },
    async stopAll() {
      for (const indexer of started.splice(0)) await indexer.stop();
      for (const dir of dirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(`${dir}.kith-indexer.json`, { force: true });
      }
    },
  };
}

/** Alice's profile, whose metadata document the fill fetches too. */
const registerAlice = (stack: Stack) => stack.send(alice, (k) => k.write.register(["alice", alice.address, contentHash(ALICE_META)]));

/** Posts `body` as alice and waits until every indexer has the post. */
async function publish(stack: Stack, indexers: Indexer[], body: string) {
  const digest = contentHash(body);
  const block = await stack.send(alice, (k) => k.write.post([ALICE, digest, ""]));
  for (const indexer of indexers) await indexer.waitForBlock(block);
  return { digest, cid: cidOf(digest), postId: computePostId(ALICE, PostKind.Post, 0n, digest), block };
}

describe("bodies from peers", () => {
  let stack: Stack;
  const indexers = indexersOf(() => stack);
  let a: Indexer;
  let b: Indexer;
  let c: Indexer;
  let bContent: string;
  let cContent: string;
  let fakeIndexer: FakePeer;
  let fakeGateway: FakePeer;
  const all = () => [a, b, c];

  before(async () => {
    stack = await startStack();
    await registerAlice(stack);
    fakeIndexer = await startFakePeer();
    fakeGateway = await startFakePeer();
    // A and B are each other's peers: A needs B's address before B runs.
    const aPort = await freePort();
    let bPort = await freePort();
    while (bPort === aPort) bPort = await freePort();
    a = await indexers.start({ port: aPort, contentPeers: [`http://127.0.0.1:${bPort}`] });
    bContent = indexers.folder("content-b");
    // B fetches only when read (no fill), so what it serves was fetched for that read.
    b = await indexers.start({
      port: bPort,
      contentDir: bContent,
      contentPeers: [fakeIndexer.url, `ipfs+${fakeGateway.url}`, a.url],
      env: { KITH_CONTENT_FILL_INTERVAL_MS: "0" },
    });
    cContent = indexers.folder("content-c");
    c = await indexers.start({ contentDir: cContent, contentPeers: [a.url] });
  });
  after(async () => {
    await indexers.stopAll();
    await fakeIndexer?.close();
    await fakeGateway?.close();
    await stack?.stop();
  });

  it("a body uploaded to A only is served by B, asked of its peers in order: by /content, by /ipfs and in GraphQL; B then keeps it", async () => {
    const byContent = await publish(stack, all(), "read on B by digest");
    const byCid = await publish(stack, all(), "read on B by CID");
    const byGraphql = await publish(stack, all(), "read on B through GraphQL");
    for (const body of ["read on B by digest", "read on B by CID", "read on B through GraphQL"]) await uploadContent(a.url, body);
    assert.equal(storedFile(bContent, byContent.digest), undefined);

    assert.deepEqual(await get(`${b.url}/content/${byContent.digest}`).then((r) => [r.status, r.text]), [200, "read on B by digest"]);
    // The fakes were asked first, each in its own protocol, and had nothing.
    assert.deepEqual(fakeIndexer.requests.filter((r) => r.includes(byContent.digest)), [`/content/${byContent.digest}`]);
    assert.deepEqual(fakeGateway.requests.filter((r) => r.includes(byContent.cid)), [`/ipfs/${byContent.cid}?format=raw`]);

    assert.deepEqual(await get(`${b.url}/ipfs/${byCid.cid}`).then((r) => [r.status, r.text]), [200, "read on B by CID"]);

    const answer = await b.request(`query($id: BigInt!) { post(id: $id) { body bodyStatus cid } }`, { id: String(byGraphql.postId) });
    assert.equal(answer.errors, undefined);
    assert.deepEqual(answer.data.post, { body: "read on B through GraphQL", bodyStatus: "AVAILABLE", cid: byGraphql.cid });

    assert.equal(storedFile(bContent, byContent.digest), "read on B by digest");
    assert.equal(storedFile(bContent, byCid.digest), "read on B by CID");
    assert.equal(storedFile(bContent, byGraphql.digest), "read on B through GraphQL");
    // Stored: the next read asks no peer.
    const asked = fakeIndexer.requests.length;
    assert.equal((await get(`${b.url}/content/${byContent.digest}`)).status, 200);
    assert.equal(fakeIndexer.requests.length, asked);
  });

  it("a body uploaded to A reaches C's store by the background fill, before anybody reads it on C (a post's body and a profile's metadata)", async () => {
    const filled = await publish(stack, all(), "filled on C unasked");
    await uploadContent(a.url, "filled on C unasked");
    await uploadContent(a.url, ALICE_META);
    await waitFor(async () => storedFile(cContent, filled.digest), { timeoutMs: 30_000, describe: () => `C's store has no ${filled.digest}` });
    await waitFor(async () => storedFile(cContent, contentHash(ALICE_META)), { timeoutMs: 90_000, describe: () => "C's store has no metadata of alice" });
    assert.equal(storedFile(cContent, filled.digest), "filled on C unasked");
    assert.equal(storedFile(cContent, contentHash(ALICE_META)), ALICE_META);
  });

  it("a peer answering other bytes is refused (nothing stored, 404) and the next peer is asked", async () => {
    const nowhere = await publish(stack, all(), "only wrong bytes exist of this");
    fakeIndexer.answer(`/content/${nowhere.digest}`, sends("not the body"));
    const refused = await get(`${b.url}/content/${nowhere.digest}`);
    assert.deepEqual([refused.status, JSON.parse(refused.text)], [404, notFound]);
    assert.equal(storedFile(bContent, nowhere.digest), undefined);
    assert.deepEqual(fakeGateway.requests.filter((r) => r.includes(nowhere.cid)), [`/ipfs/${nowhere.cid}?format=raw`]);

    const onTheGateway = await publish(stack, all(), "the gateway has the real bytes");
    fakeIndexer.answer(`/content/${onTheGateway.digest}`, sends("not the body either"));
    fakeGateway.answer(`/ipfs/${onTheGateway.cid}?format=raw`, sends("the gateway has the real bytes"));
    assert.deepEqual(await get(`${b.url}/content/${onTheGateway.digest}`).then((r) => [r.status, r.text]), [200, "the gateway has the real bytes"]);
    assert.equal(storedFile(bContent, onTheGateway.digest), "the gateway has the real bytes");
  });

  it("a peer that hangs is given up after its timeout (3 s) and the next peer is asked", async () => {
    const slow = await publish(stack, all(), "the first peer never answers for this");
    fakeIndexer.answer(`/content/${slow.digest}`, hangs);
    fakeGateway.answer(`/ipfs/${slow.cid}?format=raw`, sends("the first peer never answers for this"));
    const served = await get(`${b.url}/content/${slow.digest}`);
    assert.deepEqual([served.status, served.text], [200, "the first peer never answers for this"]);
    assert.ok(served.ms >= 2_900 && served.ms < 6_000, `took ${served.ms} ms`);
    await waitFor(async () => fakeIndexer.abandoned.includes(`/content/${slow.digest}`) || undefined, { timeoutMs: 2_000, describe: () => "B kept the hanging request open" });
  });

  it("a body read takes a slot (KITH_CONTENT_MAX_CONCURRENCY, _QUEUE) and the deadline: 503 overloaded past them, 503 deadline_exceeded after it", async () => {
    const limitedIndexer = await indexers.start({
      contentPeers: [fakeIndexer.url],
      env: { KITH_CONTENT_FILL_INTERVAL_MS: "0", KITH_CONTENT_MAX_CONCURRENCY: "1", KITH_CONTENT_MAX_QUEUE: "0", KITH_GRAPHQL_DEADLINE_MS: "1000" },
    });
    const slow = await publish(stack, [...all(), limitedIndexer], "the only peer never answers for this");
    const kept = await publish(stack, [...all(), limitedIndexer], "uploaded to the limited indexer itself");
    await uploadContent(limitedIndexer.url, "uploaded to the limited indexer itself");
    fakeIndexer.answer(`/content/${slow.digest}`, hangs);
    const retryLater = async (response: Response) => [response.status, response.headers.get("retry-after"), ((await response.json()) as { error: { code: string } }).error.code];
    // The first read holds the one slot while the peer hangs (3 s); the second finds no slot and no room to wait.
    const first = fetch(`${limitedIndexer.url}/content/${slow.digest}`);
    await waitFor(async () => fakeIndexer.requests.includes(`/content/${slow.digest}`) || undefined, { timeoutMs: 5_000, describe: () => "the peer was never asked" });
    assert.deepEqual(await retryLater(await fetch(`${limitedIndexer.url}/ipfs/${slow.cid}`)), [503, "1", "overloaded"]);
    // A body in memory (stored by its upload) takes no slot.
    assert.deepEqual([(await get(`${limitedIndexer.url}/content/${kept.digest}`)).text], ["uploaded to the limited indexer itself"]);
    // At its 1 s deadline, before the peer's 3 s timeout would have made it a 404.
    assert.deepEqual(await retryLater(await first), [503, "1", "deadline_exceeded"]);
    await indexers.stop(limitedIndexer);
  });

  it("a peer answering more than 64 KiB is cut off as soon as it passes them, and nothing is stored", async () => {
    const huge = "x".repeat(MAX_CONTENT_BYTES + 1);
    const tooLarge = await publish(stack, all(), huge);
    fakeIndexer.answer(`/content/${tooLarge.digest}`, floods);
    const refused = await get(`${b.url}/content/${tooLarge.digest}`);
    assert.deepEqual([refused.status, JSON.parse(refused.text)], [404, notFound]);
    assert.equal(storedFile(bContent, tooLarge.digest), undefined);
    await waitFor(async () => fakeIndexer.abandoned.includes(`/content/${tooLarge.digest}`) || undefined, { timeoutMs: 2_000, describe: () => "B read the whole flood" });
    // And the next peer was asked.
    assert.deepEqual(fakeGateway.requests.filter((r) => r.includes(tooLarge.cid)), [`/ipfs/${tooLarge.cid}?format=raw`]);
  });

  it("concurrent reads of one missing body share one fetch: the peer is asked once", async () => {
    const popular = await publish(stack, all(), "read by many at once");
    fakeIndexer.answer(`/content/${popular.digest}`, (response) => setTimeout(() => sends("read by many at once")(response), 300));
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(`${b.url}/content/${popular.digest}`)));
    assert.deepEqual(answers.map((answer) => [answer.status, answer.text]), Array(8).fill([200, "read by many at once"]));
    assert.deepEqual(fakeIndexer.requests.filter((r) => r.includes(popular.digest)), [`/content/${popular.digest}`]);
  });

  it("a kept answer that shows a body NOT_UPLOADED is not given once the miss it shows ran out (5 s with peers): the body a peer got later shows", async () => {
    // The answer cache keeps an answer with a missing body until a body arrives in this process.
    // A body a peer gets later arrives only when this indexer asks again, which a kept answer does
    // not make it do: the answer must not outlive the miss it shows. (Ponder's heartbeat, a commit
    // every 10 s, also ends every kept answer; without the bound the body would show only then.)
    const cached = await indexers.start({
      contentPeers: [fakeIndexer.url],
      env: { KITH_CONTENT_FILL_INTERVAL_MS: "0", KITH_GRAPHQL_CACHE_BYTES: String(64 * 1024 * 1024) },
    });
    const late = await publish(stack, [...all(), cached], "a peer gets this body later");
    const query = `{ post(id: "${late.postId}") { body bodyStatus } }`;
    const ask = async () => {
      const answer = await cached.request(query);
      assert.equal(answer.errors, undefined);
      return { post: answer.data.post, kept: (answer.extensions as { kith: { cached: boolean } }).kith.cached, at: Date.now() };
    };
    const first = await ask();
    assert.deepEqual([first.post, first.kept], [{ body: null, bodyStatus: "NOT_UPLOADED" }, false]);
    // The miss was remembered before `first` was answered: it runs out by first.at + 5 s.
    const missEnds = first.at + 5_000;
    fakeIndexer.answer(`/content/${late.digest}`, sends("a peer gets this body later"));
    const answers: Awaited<ReturnType<typeof ask>>[] = [];
    const shown = await waitFor(async () => {
      const answer = await ask();
      answers.push(answer);
      return answer.post.bodyStatus === "AVAILABLE" ? answer : undefined;
    }, { timeoutMs: 20_000, intervalMs: 20, describe: () => "the body never showed" });
    assert.ok(answers.some((a) => a.kept), "the NOT_UPLOADED answer was never kept");
    const outlived = answers.filter((a) => a.kept && a.at > missEnds + 250);
    assert.deepEqual(outlived.map((a) => a.at - first.at), [], "kept NOT_UPLOADED answers were given (ms after the miss) once the miss ran out");
    assert.deepEqual([shown.post, shown.kept], [{ body: "a peer gets this body later", bodyStatus: "AVAILABLE" }, false]);
    // Asked at the first read and once the miss ran out; never for a kept answer.
    assert.deepEqual(fakeIndexer.requests.filter((r) => r.includes(late.digest)), [`/content/${late.digest}`, `/content/${late.digest}`]);
    await indexers.stop(cached);
  });

  it("a digest no post or profile records asks no peer: 404 at once", async () => {
    const before = [fakeIndexer.requests.length, fakeGateway.requests.length];
    const digest = contentHash("nobody ever posted this");
    const byDigest = await get(`${b.url}/content/${digest}`);
    const byCid = await get(`${b.url}/ipfs/${cidOf(digest)}`);
    assert.deepEqual([byDigest.status, JSON.parse(byDigest.text)], [404, notFound]);
    assert.deepEqual([byCid.status, JSON.parse(byCid.text)], [404, notFound]);
    assert.deepEqual([fakeIndexer.requests.length, fakeGateway.requests.length], before);
  });

  it("indexers that are each other's peers answer a body neither has at once: the one asked by a peer answers from its store only", async () => {
    const neither = await publish(stack, all(), "uploaded nowhere at all");
    const onA = await get(`${a.url}/content/${neither.digest}`);
    assert.deepEqual([onA.status, JSON.parse(onA.text)], [404, notFound]);
    assert.ok(onA.ms < 1_500, `took ${onA.ms} ms`);
    // B did not pass A's question on to its own peers (which would have asked A back).
    assert.deepEqual(fakeIndexer.requests.filter((r) => r.includes(neither.digest)), []);
    // B's own readers still get B's peers asked.
    assert.equal((await get(`${b.url}/content/${neither.digest}`)).status, 404);
    assert.deepEqual(fakeIndexer.requests.filter((r) => r.includes(neither.digest)), [`/content/${neither.digest}`]);
  });

  it("a store that cannot take a body answers 503 store_unavailable with Retry-After, not 500 or 404", async () => {
    const notAFolder = path.join(indexers.folder("content-file"), "a-file");
    writeFileSync(notAFolder, "the content folder is a file");
    const broken = await indexers.start({ contentDir: notAFolder });
    const body = "no folder to keep this in";
    const posted = await publish(stack, [...all(), broken], body);
    const response = await fetch(`${broken.url}/content/${posted.digest}`, { method: "PUT", body });
    assert.deepEqual([response.status, response.headers.get("retry-after"), await response.json()], [
      503,
      "1",
      { error: { code: "store_unavailable", message: "bodies cannot be read or stored right now: retry in 1 s" } },
    ]);
    await indexers.stop(broken);
  });

  it("a store that fails a read costs that post's body only: bodyStatus UNAVAILABLE, the rest of the page stands, /content answers 503", async () => {
    const dir = indexers.folder("content-unreadable");
    const readable = "a body the store can read";
    const unreadable = "a body whose file the disk cannot read";
    // The files store's layout (bodyStore.ts): a folder in the place of a body's file fails each read with EISDIR.
    const fileOf = (body: string) => path.join(dir, contentHash(body).slice(2, 4), contentHash(body).slice(2));
    mkdirSync(path.dirname(fileOf(readable)), { recursive: true });
    writeFileSync(fileOf(readable), readable);
    mkdirSync(fileOf(unreadable), { recursive: true });
    const failing = await indexers.start({ contentDir: dir });
    const first = await publish(stack, [failing], readable);
    const second = await publish(stack, [failing], unreadable);
    const answer = await failing.request(`{ profile(id: "${ALICE}") { posts(limit: 2) { items { id body bodyStatus } } } }`);
    assert.deepEqual(answer, {
      data: {
        profile: {
          posts: {
            items: [
              { id: String(second.postId), body: null, bodyStatus: "UNAVAILABLE" },
              { id: String(first.postId), body: readable, bodyStatus: "AVAILABLE" },
            ],
          },
        },
      },
      extensions: answer.extensions,
    });
    const byDigest = await fetch(`${failing.url}/content/${second.digest}`);
    assert.deepEqual([byDigest.status, byDigest.headers.get("retry-after"), await byDigest.json()], [
      503,
      "1",
      { error: { code: "store_unavailable", message: "bodies cannot be read or stored right now: retry in 1 s" } },
    ]);
    assert.deepEqual([(await get(`${failing.url}/content/${first.digest}`)).text], [readable]);
    await indexers.stop(failing);
  });

  it("refuses to start with a peer it cannot use, or a Postgres store on PGlite", async () => {
    await assert.rejects(indexers.start({ contentPeers: ["ftp://files.example"] }), /KITH_CONTENT_PEERS: .{0,4}ftp:\/\/files\.example.{0,4} must start with https:\/\/, http:\/\/, ipfs\+https:\/\/ or ipfs\+http:\/\//);
    await assert.rejects(indexers.start({ contentStore: "postgres" }), /KITH_CONTENT_STORE=postgres keeps bodies in the indexer's Postgres database, and this indexer runs on PGlite/);
  });
});

describe("bodies in Postgres (KITH_CONTENT_STORE=postgres)", { skip: skipWithoutPostgres("the Postgres body store") }, () => {
  let stack: Stack;
  const indexers = indexersOf(() => stack);
  const admin = process.env.KITH_TEST_DATABASE_URL!;
  const database = `kith_peers_${randomBytes(4).toString("hex")}`;
  const databaseUrl = Object.assign(new URL(admin), { pathname: `/${database}` }).toString();
  const onAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };

  before(async () => {
    // A database of its own: the store's schema is shared by every schema of a database.
    await onAdmin(`CREATE DATABASE ${database}`);
    stack = await startStack();
    await registerAlice(stack);
  });
  after(async () => {
    await indexers.stopAll();
    await stack?.stop();
    await onAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it("two indexers on different schemas share bodies without peers, and a re-index into a new schema still serves them", async () => {
    const first = await indexers.start({ databaseUrl, contentStore: "postgres" });
    const second = await indexers.start({ databaseUrl, contentStore: "postgres" });
    assert.notEqual(first.schema, second.schema);
    const body = "kept in Postgres, outside every index";
    const posted = await publish(stack, [first, second], body);
    await uploadContent(first.url, body);

    assert.deepEqual(await get(`${second.url}/content/${posted.digest}`).then((r) => [r.status, r.text]), [200, body]);
    assert.deepEqual(await get(`${second.url}/ipfs/${posted.cid}`).then((r) => [r.status, r.text]), [200, body]);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client
      .query<{ bytes: Buffer }>("SELECT bytes FROM kith_content.body WHERE digest = $1", [Buffer.from(posted.digest.slice(2), "hex")])
      .finally(() => client.end());
    assert.deepEqual(rows.map((row) => row.bytes.toString("utf8")), [body]);
    // Uploading again anywhere: already stored.
    assert.equal((await fetch(`${second.url}/content/${posted.digest}`, { method: "PUT", body })).status, 200);

    await indexers.stop(first);
    const reindexed = await indexers.start({ databaseUrl, contentStore: "postgres" });
    assert.ok(![first.schema, second.schema].includes(reindexed.schema));
    await reindexed.waitForBlock(posted.block);
    assert.deepEqual(await get(`${reindexed.url}/content/${posted.digest}`).then((r) => [r.status, r.text]), [200, body]);
    const answer = await reindexed.request(`query($id: BigInt!) { post(id: $id) { body bodyStatus } }`, { id: String(posted.postId) });
    assert.deepEqual(answer.data.post, { body, bodyStatus: "AVAILABLE" });
    await indexers.stopAll();
  });

  it("indexers sharing the store fill it from their peers one at a time: the peer is asked once per body, and another takes over when that one stops", async () => {
    const peer = await startFakePeer();
    try {
      const fill = { contentPeers: [peer.url], databaseUrl, contentStore: "postgres" as const, env: { KITH_CONTENT_FILL_INTERVAL_MS: "200" } };
      const count = async (statement: string, values: unknown[] = []) => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        const { rows } = await client.query<{ n: number }>(statement, values).finally(() => client.end());
        return rows[0]!.n;
      };
      const first = await indexers.start(fill);
      // The first takes the fill's lock before the second starts.
      const fillLocks = () =>
        count(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'kith_content_fill'`);
      await waitFor(async () => ((await fillLocks()) === 1 ? true : undefined), { timeoutMs: 10_000, describe: () => "the first indexer never took the fill's lock" });
      const second = await indexers.start(fill);
      const stored = async (digest: `0x${string}`) =>
        (await count("SELECT count(*)::int AS n FROM kith_content.body WHERE digest = $1", [Buffer.from(digest.slice(2), "hex")])) === 1;
      const fromPeer = async (body: string) => {
        const digest = contentHash(body);
        // The peer takes its time (2.5 s, under the 3 s a peer is given): every filler ticking meanwhile (every 200 ms) would ask too.
        peer.answer(`/content/${digest}`, (response) => void setTimeout(() => sends(body)(response), 2_500));
        await publish(stack, indexers.running(), body);
        await waitFor(async () => ((await stored(digest)) ? true : undefined), { timeoutMs: 30_000, describe: () => `${body} never reached the store` });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return peer.requests.filter((path) => path === `/content/${digest}`).length;
      };
      assert.equal(await fromPeer("asked of the peer by one filler"), 1);
      // The one that fills goes: the other takes the lock at its next tick.
      await indexers.stop(first);
      assert.equal(await fromPeer("asked again after the filler stopped"), 1);
      assert.equal(await fillLocks(), 1);
      await indexers.stop(second);
    } finally {
      await peer.close();
    }
  });
});
