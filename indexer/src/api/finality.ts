// A reorg deeper than the finalized block cannot be undone by Ponder 0.17: it logs "Encountered
// unrecoverable reorg" and retries for ever (or, restarted, refuses to start: "Finalized block ...
// cannot move backwards"), while /health and /ready keep answering 200 and the index stays on the
// abandoned fork. Nothing of Ponder's is exposed to hook into, but its log lines pass through this
// process's stdout: on that line the indexer says what happened and exits with EXIT_DEEP_REORG,
// so no client is served the dead fork, and the launcher (scripts/lib/indexer.ts) re-indexes.
export const EXIT_DEEP_REORG = 76;

const UNRECOVERABLE = /Encountered unrecoverable .{0,80}reorg/;

let watching = false;

export function exitOnUnrecoverableReorg() {
  if (watching) return;
  watching = true;
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const written = write(chunk, ...rest);
    if (UNRECOVERABLE.test(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString())) {
      process.stderr.write(
        "[kith] FATAL: the chain reorganised below the block the indexer took as final, so the index holds an abandoned fork. " +
          `Exiting with ${EXIT_DEEP_REORG}: re-index from scratch (npm start and the launcher do it by themselves; README, "Operating the indexer").\n`,
      );
      process.exit(EXIT_DEEP_REORG);
    }
    return written;
  }) as typeof process.stdout.write;
}
