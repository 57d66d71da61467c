// A throwaway Postgres server for tests that crash it (`pg_ctl stop -m immediate`): never the
// machine's shared one. Uses the installed server binaries (Debian: /usr/lib/postgresql/<v>/bin);
// as root, runs them as the postgres user.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { freePort } from "../../scripts/lib/processes.ts";

export interface ScratchPostgres {
  url: string;
  /** Kills the server as a power cut would (immediate mode: no checkpoint, no flush), then starts it again. */
  crashAndRestart(): void;
  stop(): void;
}

function serverBinaries(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(base, v, "bin")).find((bin) => existsSync(path.join(bin, "pg_ctl")));
}

/** Why scratch servers cannot run here, or undefined when they can. */
export function scratchPostgresUnavailable(): string | undefined {
  return serverBinaries() ? undefined : "no PostgreSQL server binaries (apt-get install postgresql): SKIPPED";
}

export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const bin = serverBinaries();
  if (!bin) throw new Error(scratchPostgresUnavailable());
  const dir = mkdtempSync(path.join(tmpdir(), "kith-scratch-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  chmodSync(dir, 0o755);
  const run = (command: string, ...args: string[]) => {
    const argv = [path.join(bin, command), ...args];
    if (asRoot) execFileSync("su", ["postgres", "-c", argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ")], { stdio: "pipe" });
    else execFileSync(argv[0]!, argv.slice(1), { stdio: "pipe" });
  };
  run("initdb", "-D", data, "-A", "trust", "-U", "kith", "--no-sync");
  const port = await freePort();
  const start = () => run("pg_ctl", "-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start");
  start();
  return {
    url: `postgresql://kith@127.0.0.1:${port}/postgres`,
    crashAndRestart() {
      run("pg_ctl", "-D", data, "-m", "immediate", "stop");
      start();
    },
    stop() {
      try {
        run("pg_ctl", "-D", data, "-m", "fast", "stop");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
