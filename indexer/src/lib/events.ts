/** Where an event sits on the chain, as one increasing number: the sort key and cursor of lists. */
export function ordinalOf(event: { block: { number: bigint }; log: { logIndex: number } }): bigint {
  return (event.block.number << 24n) + BigInt(event.log.logIndex);
}

/** Stops indexing with a clear message when an event breaks what the contract guarantees. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Kith indexer invariant broken: ${message}`);
}
