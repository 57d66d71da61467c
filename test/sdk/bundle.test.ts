// `@kith/sdk` runs in a browser: it bundles for the browser platform with nothing from Node.
import assert from "node:assert/strict";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";

import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..", "..");

/** Minified browser bundle of `entry` (viem is a peer dependency: kept external, as apps share it). */
async function bundle(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    external: ["viem", "viem/*"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { bytes: code.length, gzip: gzipSync(code).length, inputs: Object.keys(result.metafile.inputs) };
}

describe("the SDK in a browser", () => {
  it("@kith/sdk bundles for the browser without node: modules; prints its size", async () => {
    const all = await bundle(`export * from "@kith/sdk";`);
    assert.deepEqual(all.inputs.filter((input) => input.startsWith("node:") || input.includes("sdk/src/node.ts")), []);
    const client = await bundle(`export { createKithClient, SCOPES } from "@kith/sdk";`);
    console.log(
      `      @kith/sdk browser bundle (viem external): everything ${(all.bytes / 1024).toFixed(1)} KB min, ${(all.gzip / 1024).toFixed(1)} KB gzip; ` +
        `createKithClient + SCOPES ${(client.bytes / 1024).toFixed(1)} KB min, ${(client.gzip / 1024).toFixed(1)} KB gzip`,
    );
    // The ABIs are most of it; a budget catches a dependency pulled in by accident.
    assert.ok(all.gzip < 40 * 1024, `${all.gzip} bytes gzip`);
  });
});
