// How an indexing process tells its launcher (scripts/lib/indexer.ts) what to do next: it exits
// with one of these codes after saying why on its log.

/** It lost its Postgres connection (databaseWatch.ts): restart it once the database answers again. */
export const EXIT_DATABASE_LOST = 75;

/** The chain reorganised below the block it took as final (finality.ts): re-index from scratch. */
export const EXIT_DEEP_REORG = 76;
