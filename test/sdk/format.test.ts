// The export file: what stringifyKithExport writes parseKithExport reads back, and a bad field is named.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type ChainFact, type KithExport, KithExportError, originUri, parseKithExport, parseOriginUri, stringifyKithExport } from "@kith/sdk";

const kith = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const fact = (logIndex: number): ChainFact => ({
  chainId: 31337,
  contract: kith,
  blockNumber: 12n,
  blockHash: `0x${"ab".repeat(32)}`,
  transactionHash: `0x${"cd".repeat(32)}`,
  logIndex,
});

const sample: KithExport = {
  format: "kith-export",
  version: 1,
  exportedAt: "2026-12-02T12:00:00.000Z",
  source: { chainId: 31337, kith, blockNumber: 20n, blockHash: `0x${"ef".repeat(32)}` },
  profile: {
    id: 1n,
    handle: "alice",
    custody: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    recovery: "0x0000000000000000000000000000000000000000",
    metadataHash: `0x${"00".repeat(32)}`,
    registered: fact(0),
    handleSet: fact(0),
    metadataSet: fact(0),
  },
  follows: [{ profileId: 2n, handle: "bob", fact: fact(1) }],
  blocks: [],
  posts: [
    {
      id: (1n << 160n) | 7n,
      kind: "reply",
      targetId: (2n << 160n) | 9n,
      contentHash: `0x${"11".repeat(32)}`,
      uri: "",
      actor: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      fact: fact(2),
    },
  ],
  likes: [{ postId: (2n << 160n) | 9n, fact: fact(3) }],
  appKeys: [{ key: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", scopes: 3n, expiry: 2n ** 64n, fact: fact(4) }],
  bodies: [{ digest: `0x${"11".repeat(32)}`, cid: "bafkrei", bytes: new Uint8Array([0, 1, 2, 250, 255]) }],
  missingBodies: [`0x${"22".repeat(32)}`],
};

const withField = (path: (json: any) => void) => {
  const json = JSON.parse(stringifyKithExport(sample));
  path(json);
  return JSON.stringify(json);
};

describe("SDK export file", () => {
  it("reads back what it writes, bigints and bytes included", () => {
    assert.deepEqual(parseKithExport(stringifyKithExport(sample)), sample);
  });

  it("names the first bad field", () => {
    const cases: [string, (json: any) => void, string][] = [
      ["$.format", (json) => (json.format = "other"), 'expected "kith-export"'],
      ["$.version", (json) => (json.version = 2), "this SDK reads version 1, the file is 2"],
      ["$.source.blockNumber", (json) => (json.source.blockNumber = 20), "expected a uint256 as a decimal string"],
      ["$.profile.custody", (json) => (json.profile.custody = "0x12"), "expected an address"],
      ["$.posts[0].kind", (json) => (json.posts[0].kind = "thread"), "expected one of post, reply, quote, repost"],
      ["$.posts[0].fact.logIndex", (json) => (json.posts[0].fact.logIndex = -1), "expected a log index"],
      ["$.follows[0].fact.blockHash", (json) => (json.follows[0].fact.blockHash = "0x12"), "expected 32 bytes as 0x and 64 hex digits"],
      ["$.bodies[0].bytes", (json) => (json.bodies[0].bytes = "not base64!"), "not base64"],
      ["$.likes", (json) => (json.likes = {}), "expected an array"],
    ];
    for (const [path, change, message] of cases) {
      assert.throws(() => parseKithExport(withField(change)), (error: unknown) => {
        assert.ok(error instanceof KithExportError);
        assert.equal(error.path, path);
        assert.equal(error.message, `${path}: ${message}`);
        return true;
      });
    }
    assert.throws(() => parseKithExport("{"), /^KithExportError: \$: not JSON/);
  });

  it("origin uris round-trip and nothing else parses as one", () => {
    const origin = { chainId: 84532, contract: kith, postId: (1n << 160n) | 5n } as const;
    assert.equal(originUri(origin), `kith:eip155:84532:${kith.toLowerCase()}:${origin.postId}`);
    assert.deepEqual(parseOriginUri(originUri(origin)), origin);
    for (const uri of ["", "ipfs://bafkrei", `kith:eip155:0:${kith}:1`, `kith:eip155:1:${kith}:0`, `kith:eip155:1:${kith}:${2n ** 256n}`, `kith:eip155:1:0x12:1`]) {
      assert.equal(parseOriginUri(uri), undefined, uri);
    }
  });
});
