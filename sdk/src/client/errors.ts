/** A write that cannot be made with what the client was given (no signer, no wallet, no relayer...), or no indexer that answers. */
export class KithClientError extends Error {
  readonly code: "no_signer" | "no_wallet" | "no_relayer" | "no_indexer" | "unavailable" | "reverted" | "timeout";

  constructor(code: KithClientError["code"], message: string) {
    super(message);
    this.name = "KithClientError";
    this.code = code;
  }
}
