// Reading Ponder's Prometheus /metrics, and the CPU time of processes (to tell a CPU-bound
// indexer from one that waits on its RPC or database).
import { readdirSync, readFileSync } from "node:fs";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export async function fetchMetrics(baseUrl: string): Promise<Sample[]> {
  return parseMetrics(await (await fetch(`${baseUrl}/metrics`)).text());
}

/** Sum of `name` over samples, grouped by the value of `label` (or all together without one). */
export function sumBy(samples: Sample[], name: string, label?: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = label ? (sample.labels[label] ?? "") : "";
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

export function total(samples: Sample[], name: string): number {
  return [...sumBy(samples, name).values()].reduce((a, b) => a + b, 0);
}

/** User + system CPU seconds a process has used so far (Linux /proc), or NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may contain spaces) start at ") ": utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The pids of `/proc`, each with its parent and command name (Linux only; empty elsewhere). */
function processes(): { pid: number; ppid: number; comm: string }[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: { pid: number; ppid: number; comm: string }[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      found.push({ pid: Number(entry), ppid: Number(stat.slice(close + 2).split(" ")[1]), comm: stat.slice(stat.indexOf("(") + 1, close) });
    } catch {
      // It exited while we looked.
    }
  }
  return found;
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const all = processes();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const child of all) if (child.ppid === tree[i]) tree.push(child.pid);
  return tree;
}

/** Every process whose command is `comm` (e.g. each `postgres` backend). */
export function processesNamed(comm: string): number[] {
  return processes()
    .filter((p) => p.comm === comm)
    .map((p) => p.pid);
}

/**
 * CPU seconds a set of processes spends from now until `stop()`: `pids()` is asked at both ends, so
 * a process that starts in between counts in full. One that exits in between is lost (what it used
 * cannot be read any more): for Postgres, whose pool keeps its backends, that is nothing.
 */
export function cpuMeter(pids: () => number[]): { stop(): number } {
  const before = new Map(pids().map((pid) => [pid, cpuSeconds(pid)]));
  return {
    stop() {
      let used = 0;
      for (const pid of pids()) {
        const now = cpuSeconds(pid);
        if (Number.isFinite(now)) used += now - (before.get(pid) ?? 0);
      }
      return used;
    },
  };
}
