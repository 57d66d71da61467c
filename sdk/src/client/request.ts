// Typed GraphQL over fetch: queries (POST) and subscriptions (Server-Sent Events, graphql-yoga's
// "distinct connections" protocol: POST with accept: text/event-stream, events `next` and `complete`).
import { GraphQLRequestError } from "../graphql.ts";
import { DOCUMENTS } from "./documents.ts";
import type { KithContext } from "./types.ts";

export type OperationName = keyof typeof DOCUMENTS;

/**
 * Runs the operation `name` on the client's freshest healthy indexer, failing over to the others
 * (indexers.ts); throws GraphQLRequestError on the caller's GraphQL errors.
 */
export function request<Result>(context: KithContext, name: OperationName, variables: object): Promise<Result> {
  return context.indexers.request<Result>(name, variables);
}

/** What a watch action takes besides its variables. */
export interface WatchOptions<Event> {
  onData: (event: Event) => void;
  /** Errors of the stream; it reconnects after `retryMs` (to another indexer when the client has several) unless the error is a GraphQL one (bad variables...). */
  onError?: (error: Error) => void;
  /** Delay before reconnecting after the connection dropped (ms, default 1,000). */
  retryMs?: number;
}

/**
 * Subscribes to the operation `name`; every event's data goes to `onData`. Reconnects when the
 * connection drops, to the freshest healthy indexer (the one that dropped is read from again only
 * once a probe says it is back); events of blocks indexed meanwhile are not replayed: re-read the
 * list. Returns the function that ends the subscription.
 */
export function subscribe<Data>(context: KithContext, name: OperationName, variables: object, options: WatchOptions<Data>): () => void {
  const controller = new AbortController();
  const { onData, onError = () => {}, retryMs = 1_000 } = options;
  const run = async () => {
    while (!controller.signal.aborted) {
      const { url, graphqlUrl } = context.indexers.pick();
      try {
        const response = await fetch(graphqlUrl, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ query: DOCUMENTS[name], operationName: name, variables }),
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`subscription ${name} at ${graphqlUrl} answered ${response.status}`);
        for await (const event of serverSentEvents(response.body)) {
          if (event.event === "complete") return;
          if (event.event !== "next") continue;
          const payload = JSON.parse(event.data) as { data?: Data; errors?: GraphQLRequestError["errors"] };
          if (payload.errors?.length) throw new GraphQLRequestError(payload.errors);
          onData(payload.data as Data);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        onError(error as Error);
        if (error instanceof GraphQLRequestError) return;
        context.indexers.failed(url, error as Error);
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => controller.abort();
}

/** Parses a text/event-stream body into its events (the fields `event` and `data`). */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  // A reader rather than `for await` over the stream: Safari's streams are not async iterable.
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length || event !== "message") yield { event, data: data.join("\n") };
    }
  }
}
