// The README's GraphQL examples, run as written against a chain filled by the demo seed (what
// `npm start -- --seed` serves): each must answer without errors and with the seeded data.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { seedDemo } from "../../scripts/lib/seed.ts";
import { type Stack, startStack } from "./stack.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "..", "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** Every `items` list in a response, with its path. */
function lists(value: unknown, at = "data"): [string, unknown[]][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => lists(item, `${at}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "items" && Array.isArray(child) ? [[`${at}.items`, child] as [string, unknown[]], ...lists(child, `${at}.items`)] : lists(child, `${at}.${key}`),
  );
}

describe("README GraphQL examples on the seeded demo", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
    const seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    await (await stack.startIndexer()).waitForBlock(seeded.lastBlock);
  });
  after(async () => stack?.stop());

  it("has the five examples", () => assert.equal(examples.length, 5));

  it("answers every example with seeded data", async () => {
    let endCursor: string | undefined;
    for (const [i, query] of examples.entries()) {
      const response = await stack.indexer!.request(query, query.includes("$after") ? { after: endCursor } : undefined);
      assert.equal(response.errors, undefined, `example ${i + 1}: ${JSON.stringify(response.errors)}`);
      endCursor ??= response.data.homeFeed?.pageInfo.endCursor;
      // Top-level lists and fields hold seeded rows (nested reply lists may legitimately be empty).
      for (const [where, items] of lists(response.data)) {
        if (where.split(".items").length === 2) assert.ok(items.length > 0, `example ${i + 1}: ${where} is empty`);
      }
      for (const [field, value] of Object.entries(response.data)) assert.notEqual(value, null, `example ${i + 1}: ${field} is null`);
    }
    assert.ok(endCursor, "the home feed example returned a cursor");
  });
});
