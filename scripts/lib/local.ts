// The local session `npm start` runs, recorded in .kith/local.json so that `npm run seed` and
// `npm run kith` find its chain and GraphQL endpoint without flags.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
export const LOCAL_STATE_FILE = path.join(root, ".kith", "local.json");

export interface LocalSession {
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string;
  relayerUrl: string;
  pid: number;
}

export function writeLocalSession(session: LocalSession): void {
  mkdirSync(path.dirname(LOCAL_STATE_FILE), { recursive: true });
  writeFileSync(LOCAL_STATE_FILE, `${JSON.stringify(session, null, 2)}\n`);
}

export function clearLocalSession(): void {
  rmSync(LOCAL_STATE_FILE, { force: true });
}

/** The running `npm start` session, if its process is still alive. */
export function readLocalSession(): LocalSession | undefined {
  try {
    const session = JSON.parse(readFileSync(LOCAL_STATE_FILE, "utf8")) as LocalSession;
    process.kill(session.pid, 0); // throws when the process is gone
    return session;
  } catch {
    return undefined;
  }
}
