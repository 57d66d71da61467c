// Bundles the actions the relayer accepted within a short window into one transaction (through
// KithBatch), so a batch pays the 21,000 gas of a transaction once. Each caller still gets its own
// answer: the batch's transaction hash, or the refusal of the whole send.
import type { Hex } from "viem";

import type { Outgoing, Sender } from "./sender.ts";

export interface BatchOptions {
  /** How long the first action of a batch waits for others, in ms. */
  windowMs: number;
  /** Most actions in one batch; a full batch goes at once (default 20). */
  maxSize?: number;
  /**
   * Most gas budgets in one batch, summed (default 12,000,000: well under the 2^24 a transaction
   * may have since EIP-7825, and under every chain's block gas limit): an action that would pass it
   * goes in the next batch. Contract wallets' budgets are large (ERC-6492: ~0.5M each).
   */
  maxGas?: bigint;
}

interface Waiting {
  outgoing: Outgoing;
  resolve: (hash: Hex) => void;
  reject: (error: unknown) => void;
}

export class Batcher {
  readonly #sender: Sender;
  readonly #windowMs: number;
  readonly #maxSize: number;
  readonly #maxGas: bigint;
  #waiting: Waiting[] = [];
  #gas = 0n;
  #timer: NodeJS.Timeout | undefined;

  constructor(sender: Sender, options: BatchOptions) {
    this.#sender = sender;
    this.#windowMs = options.windowMs;
    this.#maxSize = options.maxSize ?? 20;
    this.#maxGas = options.maxGas ?? 12_000_000n;
  }

  /** Sends `outgoing` with the others that arrive within the window; resolves with the transaction hash. */
  send(outgoing: Outgoing): Promise<Hex> {
    return new Promise<Hex>((resolve, reject) => {
      if (this.#waiting.length > 0 && this.#gas + outgoing.gas > this.#maxGas) this.flush();
      this.#waiting.push({ outgoing, resolve, reject });
      this.#gas += outgoing.gas;
      if (this.#waiting.length >= this.#maxSize) this.flush();
      else this.#timer ??= setTimeout(() => this.flush(), this.#windowMs);
    });
  }

  /** Sends what is waiting now (also when the relayer stops). */
  flush() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#waiting;
    this.#waiting = [];
    this.#gas = 0n;
    if (batch.length === 0) return;
    this.#sender.send(batch.map((w) => w.outgoing)).then(
      (hash) => batch.forEach((w) => w.resolve(hash)),
      (error) => batch.forEach((w) => w.reject(error)),
    );
  }
}
