// sdk/schema.graphql and the client's result types are generated from the indexer's schema
// (`npm run gen:graphql`); apps rely on them matching what the indexer serves.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { renderGraphQL, SCHEMA_FILE, TYPES_FILE } from "../../scripts/gen-graphql.ts";

describe("generated GraphQL types", async () => {
  const rendered = await renderGraphQL();

  it("sdk/schema.graphql is the indexer's printed schema (run `npm run gen:graphql` after changing it)", () => {
    assert.equal(readFileSync(SCHEMA_FILE, "utf8"), rendered.schema);
  });

  it("sdk/src/client/graphql.generated.ts matches the schema and the client's documents", () => {
    assert.equal(readFileSync(TYPES_FILE, "utf8"), rendered.types);
  });

  it("the schema has the live subscriptions", () => {
    assert.match(rendered.schema, /type Subscription \{[^}]*homeFeed\(profileId: BigInt!\): Post![^}]*notifications\(profileId: BigInt!\): Notification!/s);
  });
});
