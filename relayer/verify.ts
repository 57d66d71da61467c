// Verifies a signed action's signature before the relayer spends anything on it, the way the
// contract will: ECDSA (low s, v 27/28) locally and for free; a contract wallet's ERC-1271
// `isValidSignature` by eth_call from the Kith address, within the ERC-1271 gas allowance; an
// ERC-6492 signature of a wallet not deployed yet through viem's deployless ERC-6492 validator,
// within the ERC-6492 allowance. A wallet that needs more gas than its allowance is refused as over
// budget, whatever it would answer.
import {
  type Address,
  BaseError,
  type Chain,
  encodeDeployData,
  encodeFunctionData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  type Hex,
  hexToBool,
  isErc6492Signature,
  parseErc6492Signature,
  type PublicClient,
  recoverAddress,
  size,
  type Transport,
} from "viem";

import type { GasAllowances, SignatureKind } from "./budgets.ts";

const ERC1271_MAGIC = "0x1626ba7e";
const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const isValidSignatureAbi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "", type: "bytes4" }],
  },
] as const;

export type Verification =
  | { valid: true; kind: SignatureKind }
  | { valid: false; reason: "invalid" | "over_budget"; kind: SignatureKind; message: string };

/** The signer `signature` recovers to over `digest` with the contract's rules (low s, v 27 or 28), if any. */
export async function recoverEcdsa(digest: Hex, signature: Hex): Promise<Address | undefined> {
  if (size(signature) !== 65) return undefined;
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if ((v !== 27 && v !== 28) || BigInt(`0x${signature.slice(66, 130)}`) > SECP256K1_HALF_N) return undefined;
  try {
    return await recoverAddress({ hash: digest, signature });
  } catch {
    return undefined; // r or s out of range
  }
}

/** Node messages for a call that ran out of gas: geth "out of gas", anvil "EVM error OutOfGas" / "MemoryOOG", estimateGas "gas required exceeds allowance". */
export const isOutOfGasText = (text: string) => /out ?of ?gas|exceeds allowance/i.test(text) || /OOG\b/.test(text);

const isOutOfGas = (error: unknown) =>
  isOutOfGasText(error instanceof BaseError ? `${error.details} ${error.shortMessage}` : String(error));

export async function verifySignature(
  client: PublicClient<Transport, Chain>,
  options: { signer: Address; digest: Hex; signature: Hex; kith: Address; allowances: GasAllowances },
): Promise<Verification> {
  const { signer, digest, signature, kith, allowances } = options;
  const refuse = (reason: "invalid" | "over_budget", kind: SignatureKind, message: string): Verification => ({ valid: false, reason, kind, message });

  if (isErc6492Signature(signature)) {
    const { address: factory, data: factoryData, signature: inner } = parseErc6492Signature(signature);
    if (!factory || !factoryData) return refuse("invalid", "erc6492", "the ERC-6492 wrapper is malformed");
    const gas = BigInt(allowances.erc6492 + allowances.erc1271);
    // Deployed already: the contract skips the factory and asks the wallet, and so do we.
    if (await client.getCode({ address: signer })) return erc1271(inner, "erc6492", gas);
    try {
      const { data } = await client.call({
        data: encodeDeployData({ abi: erc6492SignatureValidatorAbi, bytecode: erc6492SignatureValidatorByteCode, args: [signer, digest, signature] }),
        gas,
      });
      if (data !== undefined && hexToBool(data)) return { valid: true, kind: "erc6492" };
      return refuse("invalid", "erc6492", "the ERC-6492 signature does not verify for the signer");
    } catch (error) {
      if (isOutOfGas(error)) return refuse("over_budget", "erc6492", `deploying and checking the wallet needs more than the relayer's ${gas} gas`);
      return refuse("invalid", "erc6492", `the ERC-6492 signature does not verify for the signer (the factory or the wallet's check failed within ${gas} gas)`);
    }
  }

  if ((await recoverEcdsa(digest, signature)) === signer) return { valid: true, kind: "ecdsa" };
  if (!(await client.getCode({ address: signer }))) {
    return refuse("invalid", "ecdsa", `the signature does not recover to the signer ${signer} (ECDSA with low s and v 27 or 28), and the signer is not a contract wallet`);
  }
  return erc1271(signature, "erc1271", BigInt(allowances.erc1271));

  async function erc1271(walletSignature: Hex, kind: SignatureKind, gas: bigint): Promise<Verification> {
    try {
      const { data } = await client.call({
        account: kith,
        to: signer,
        data: encodeFunctionData({ abi: isValidSignatureAbi, functionName: "isValidSignature", args: [digest, walletSignature] }),
        gas,
      });
      if (data !== undefined && data.slice(0, 10).toLowerCase() === ERC1271_MAGIC) return { valid: true, kind };
      return refuse("invalid", kind, `the wallet ${signer} does not accept the signature (ERC-1271)`);
    } catch (error) {
      if (isOutOfGas(error)) return refuse("over_budget", kind, `the wallet ${signer} needs more than the relayer's ${gas} gas to check the signature (ERC-1271)`);
      return refuse("invalid", kind, `the wallet ${signer} refused the signature (ERC-1271 reverted)`);
    }
  }
}
