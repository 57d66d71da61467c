// Load shedding for /graphql, /content and /ipfs. Offered more than it can answer, an API that queues without bound
// answers everything later and later, past the point where clients have given up, so its useful
// throughput falls while it stays busy. Instead: at most `concurrency` requests run at once, at
// most `queue` wait for a slot (first come, first served), and the rest are refused at once (503
// OVERLOADED with Retry-After, see index.ts), which costs next to nothing.

import { API_SETTINGS } from "./settings";

export interface AdmissionLimits {
  concurrency: number;
  queue: number;
}

export type Release = () => void;

export class Admission {
  private running = 0;
  private readonly waiting: { admit: (release: Release) => void; reject: (reason: unknown) => void }[] = [];

  // A field, not a parameter property: scripts/gen-graphql.ts loads this file with Node's type stripping.
  readonly limits: AdmissionLimits;

  constructor(limits: AdmissionLimits) {
    this.limits = limits;
  }

  /**
   * A slot, once one is free (call the release when the request's work has ended); undefined
   * at once when the queue is full. Rejects with `signal`'s reason if it aborts while waiting.
   */
  acquire(signal: AbortSignal): Promise<Release> | undefined {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaseOnce());
    }
    if (this.waiting.length >= this.limits.queue) return undefined;
    return new Promise<Release>((admit, reject) => {
      const entry = { admit, reject };
      this.waiting.push(entry);
      signal.addEventListener(
        "abort",
        () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) {
            this.waiting.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  /** A release that hands the slot to the next in line, or frees it; calling it again does nothing. */
  private releaseOnce(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.admit(this.releaseOnce());
      else this.running -= 1;
    };
  }
}

/**
 * The signal a request's work runs under: it aborts when the client goes, or once the request has
 * taken KITH_GRAPHQL_DEADLINE_MS since now (made when it arrives: the time in the queue is the
 * client's time too).
 */
export function requestDeadline(request: Request): AbortSignal {
  return AbortSignal.any([request.signal, AbortSignal.timeout(API_SETTINGS.deadlineMs)]);
}

/**
 * Runs `work` in a slot of `admission`, within `signal` (the request's deadline, and its client):
 * "overloaded" at once when the queue is full, "expired" when the signal aborts before the work has
 * its slot or before it ends. The slot is held until the work ends, even when the answer went out
 * at the deadline: at most `concurrency` requests' work runs at once, whatever their clients do.
 */
export async function admitted<T>(admission: Admission, signal: AbortSignal, work: () => Promise<T>): Promise<T | "overloaded" | "expired"> {
  const slot = admission.acquire(signal);
  if (!slot) return "overloaded";
  const release = await slot.catch(() => undefined);
  if (!release) return "expired";
  const done = work().finally(release);
  const expired = new Promise<"expired">((resolve) => {
    if (signal.aborted) resolve("expired");
    signal.addEventListener("abort", () => resolve("expired"), { once: true });
  });
  return Promise.race([done, expired]);
}
