// sdk/src/abis.ts is generated from the build; apps and the indexer rely on it matching.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

import { renderAbis } from "../../scripts/gen-abis.ts";

describe("generated ABIs", () => {
  it("sdk/src/abis.ts matches the current build (run `npm run build` after changing contracts)", () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, "..", "..", "sdk", "src", "abis.ts"), "utf8");
    assert.equal(committed, renderAbis());
  });
});
