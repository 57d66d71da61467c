// The one path of every signed write: read the nonce, sign, submit (relayer or wallet), wait.
import { type Abi, type Hash, type Log, type TransactionReceipt } from "viem";

import { signAction, toContractCall } from "../actions.ts";
import { kithAbi } from "../abis.ts";
import { relay } from "../relayer.ts";
import type { ActionMessage, KithActionName } from "../typedData.ts";
import { KithClientError } from "./errors.ts";
import { waitForIndexed } from "./actions/waitForIndexed.ts";
import type { KithContext, WriteOptions, WriteResult } from "./types.ts";
import type { KithContractName } from "../deployments.ts";

/** The plain function an action's custody calls directly: `postFor` -> `post`, without the signed auth (and `register` without its custody). */
function directCall<A extends KithActionName>(action: A, message: ActionMessage<A>) {
  const { functionName, args } = toContractCall({ action, message, signer: "0x", nonce: 0n, deadline: 0n, signature: "0x" } as never);
  const plainArgs = args.slice(action === "Register" ? 1 : 0, -1);
  return { functionName: functionName.replace(/For$/, ""), args: plainArgs };
}

/** Signs and submits `action`, then waits as `options.waitFor` says (default: until indexed). */
export async function writeAction<A extends KithActionName>(
  context: KithContext,
  action: A,
  message: ActionMessage<A>,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const { config, publicClient } = context;
  const via = options.via ?? (config.relayerUrl ? "relayer" : "wallet");
  const { onStatus = () => {} } = options;
  const kith = (await context.deployment()).contracts.Kith.address;

  let transactionHash: Hash;
  let relayId: Hash | undefined;
  if (via === "relayer") {
    const signer = options.signer ?? config.signer;
    if (!signer) throw new KithClientError("no_signer", `${action}: the client has no signer; pass { signer } to createKithClient or to the action`);
    if (!config.relayerUrl) throw new KithClientError("no_relayer", `${action}: the client has no relayerUrl`);
    const lane = options.lane ?? 0n;
    // One signer's actions are signed one after the other, each once the previous one is mined,
    // so no two of them sign the same nonce.
    ({ transactionHash, relayId } = await context.serialize(`${signer.address}:${lane}`, async () => {
      const nonce = await publicClient.readContract({ address: kith, abi: kithAbi, functionName: "nonces", args: [signer.address, lane] });
      onStatus({ status: "signing" });
      const signed = await signAction({ signer, action, message, nonce, deadline: options.deadline, chainId: config.chainId, kith });
      const relayed = await relay(config.relayerUrl!, signed);
      onStatus({ status: "pending", transactionHash: relayed.transactionHash, relayId: relayed.id });
      await waitMined(context, relayed.transactionHash);
      return { transactionHash: relayed.transactionHash, relayId: relayed.id };
    }));
  } else {
    const wallet = config.wallet;
    if (!wallet?.account) throw new KithClientError("no_wallet", `${action}: the client has no wallet with an account to send it`);
    onStatus({ status: "signing" });
    const { functionName, args } = directCall(action, message);
    transactionHash = await wallet.writeContract({
      address: kith,
      abi: kithAbi,
      functionName: functionName as never,
      args: args as never,
      account: wallet.account,
      chain: publicClient.chain,
    });
    onStatus({ status: "pending", transactionHash });
  }
  if (options.waitFor === "pending") return { transactionHash, relayId };
  return { transactionHash, relayId, blockNumber: (await settle(context, transactionHash, options)).blockNumber };
}

async function waitMined(context: KithContext, hash: Hash): Promise<TransactionReceipt> {
  const receipt = await context.publicClient.waitForTransactionReceipt({ hash, pollingInterval: context.config.pollingInterval ?? 100 });
  if (receipt.status !== "success") throw new KithClientError("reverted", `transaction ${hash} reverted`);
  return receipt;
}

/** Waits for `hash` to be mined and, unless `waitFor: "mined"`, indexed; reports both. */
export async function settle(context: KithContext, hash: Hash, options: WriteOptions): Promise<TransactionReceipt> {
  const onStatus = options.onStatus ?? (() => {});
  const receipt = await waitMined(context, hash);
  const { blockNumber } = receipt;
  onStatus({ status: "mined", transactionHash: hash, blockNumber });
  if (options.waitFor === "mined") return receipt;
  await waitForIndexed(context, { blockNumber });
  onStatus({ status: "indexed", transactionHash: hash, blockNumber });
  return receipt;
}

/** What a write sent by the wallet returns: with the receipt's logs once mined. */
export interface SentResult extends WriteResult {
  logs?: Log[];
}

/**
 * The one path of every write the client's wallet sends itself (ETH tips, moderation and channel
 * actions): simulated first, so a refusal throws the contract's custom error (decodeKithRevert
 * names it) before any prompt; then sent and waited for as `options.waitFor` says.
 */
export async function sendContract(
  context: KithContext,
  call: { contract: KithContractName; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
  options: Pick<WriteOptions, "waitFor" | "onStatus">,
): Promise<SentResult> {
  const wallet = context.config.wallet;
  if (!wallet?.account) throw new KithClientError("no_wallet", `${call.functionName}: the client has no wallet with an account to send it`);
  const address = (await context.deployment()).contracts[call.contract].address;
  const request = { address, abi: call.abi, functionName: call.functionName, args: call.args, value: call.value, account: wallet.account };
  await context.publicClient.simulateContract(request as never);
  options.onStatus?.({ status: "signing" });
  const transactionHash = await wallet.writeContract({ ...request, chain: context.publicClient.chain } as never);
  options.onStatus?.({ status: "pending", transactionHash });
  if (options.waitFor === "pending") return { transactionHash };
  const receipt = await settle(context, transactionHash, options);
  return { transactionHash, blockNumber: receipt.blockNumber, logs: receipt.logs };
}
