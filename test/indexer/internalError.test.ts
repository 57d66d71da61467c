// A route that fails unexpectedly answers a fixed 500, never Ponder's text with the file and the
// message of the error (indexer/src/api/internalError.ts). Driven through Hono the way Ponder
// mounts the app: its own app with its own onError, the API's routes mounted at "/".
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";

import { internalError } from "../../indexer/src/api/internalError.ts";

/** Ponder's server (server/index.js): its onError says what was thrown and where. */
function ponderServer(app: Hono): Hono {
  return new Hono()
    .get("/status", (c) => c.json({}))
    .route("/", app)
    .onError((error, c) => c.text(`${error.name}: ${error.message} occurred in '${error.stack?.match(/\((\S+)\)/)?.[1]}'`, 500));
}

function failingApp(log: (line: string) => void): Hono {
  const app = new Hono();
  app.get("/content/:digest", () => {
    throw new RangeError("The value of \"delay\" is out of range: /srv/kith/secret.txt");
  });
  app.post("/graphql", () => {
    throw new TypeError("Cannot read properties of undefined (reading 'rows')");
  });
  app.get("/refused", () => {
    throw new HTTPException(429, { res: new Response("slow down", { status: 429 }) });
  });
  app.onError(internalError(log));
  return app;
}

describe("an unplanned failure of a route", () => {
  it("answers 500 with a fixed body that names no file, message or stack; the log has them", async () => {
    const lines: string[] = [];
    const server = ponderServer(failingApp((line) => lines.push(line)));
    const response = await server.request("/content/0xabc");
    assert.equal(response.status, 500);
    assert.equal(response.headers.get("content-type"), "application/json");
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), {
      error: { code: "internal_error", message: "The server failed to answer this request. Its operator's log has the details." },
    });
    for (const leak of ["RangeError", "/srv/kith", "internalError.test.ts", "occurred in"]) assert.equal(text.includes(leak), false, leak);
    assert.equal(lines.length, 1);
    const logged = JSON.parse(lines[0]!);
    assert.match(logged.msg, /^\[kith\] GET \/content\/0xabc failed: RangeError: The value of "delay" is out of range/);
    assert.match(logged.stack, /internalError\.test\.ts/);
  });

  it("answers a GraphQL error on /graphql, and logs at most one failure a second, counting the rest", async () => {
    const lines: string[] = [];
    const server = ponderServer(failingApp((line) => lines.push(line)));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const answers = await Promise.all(Array.from({ length: 5 }, () => server.request("/graphql", { method: "POST", body: "{}" })));
    for (const answer of answers) {
      assert.equal(answer.status, 500);
      assert.deepEqual(await answer.json(), {
        errors: [{ message: "The server failed to answer this request. Its operator's log has the details.", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
    }
    assert.equal(lines.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await server.request("/graphql", { method: "POST", body: "{}" });
    assert.equal(lines.length, 2);
    assert.match(JSON.parse(lines[1]!).msg, /^\[kith\] POST \/graphql failed \(and 4 more since the last one logged\): TypeError/);
  });

  it("leaves a middleware's HTTPException its answer, and Ponder's own routes to Ponder", async () => {
    const lines: string[] = [];
    const server = ponderServer(failingApp((line) => lines.push(line)));
    const refused = await server.request("/refused");
    assert.deepEqual([refused.status, await refused.text()], [429, "slow down"]);
    assert.equal(lines.length, 0);
    assert.equal((await server.request("/status")).status, 200);
  });
});
