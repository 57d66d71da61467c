// Parses a relay request body into a SignedAction, or says precisely which field is wrong.
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";

import { KITH_ACTIONS, type KithActionName, parseUint256, type SignedAction } from "@kith/sdk";

/** Largest signature accepted: ERC-6492 wrappers carry factory calldata, but not megabytes. */
export const MAX_SIGNATURE_BYTES = 8_192;
const MAX_STRING_LENGTH = 1_024;
const MAX_ARRAY_LENGTH = 100;

export class ValidationError extends Error {}

function uint256(value: unknown, field: string): bigint {
  const parsed = parseUint256(value);
  if (parsed === undefined) throw new ValidationError(`${field} must be an unsigned 256-bit integer as a decimal string`);
  return parsed;
}

function address(value: unknown, field: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new ValidationError(`${field} must be an address`);
  return getAddress(value);
}

function hex(value: unknown, field: string, bytes?: number, maxBytes = MAX_SIGNATURE_BYTES): Hex {
  if (typeof value !== "string" || !isHex(value) || value.length % 2 !== 0) throw new ValidationError(`${field} must be 0x-prefixed hex`);
  const length = (value.length - 2) / 2;
  if (bytes !== undefined && length !== bytes) throw new ValidationError(`${field} must be ${bytes} bytes`);
  if (length > maxBytes) throw new ValidationError(`${field} must be at most ${maxBytes} bytes`);
  return value;
}

function field(type: string, value: unknown, name: string): unknown {
  switch (type) {
    case "uint256":
      return uint256(value, name);
    case "uint256[]":
      if (!Array.isArray(value) || value.length > MAX_ARRAY_LENGTH) {
        throw new ValidationError(`${name} must be an array of at most ${MAX_ARRAY_LENGTH} integers`);
      }
      return value.map((item, i) => uint256(item, `${name}[${i}]`));
    case "address":
      return address(value, name);
    case "bytes32":
      return hex(value, name, 32);
    case "string":
      if (typeof value !== "string" || value.length > MAX_STRING_LENGTH) {
        throw new ValidationError(`${name} must be a string of at most ${MAX_STRING_LENGTH} characters`);
      }
      return value;
    default:
      throw new ValidationError(`unsupported field type ${type}`);
  }
}

export function parseSignedAction(body: unknown): SignedAction {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ValidationError("the body must be a JSON object");
  const input = body as Record<string, unknown>;
  const action = input.action;
  if (typeof action !== "string" || !Object.hasOwn(KITH_ACTIONS, action)) {
    throw new ValidationError(`action must be one of ${Object.keys(KITH_ACTIONS).join(", ")}`);
  }
  const spec = KITH_ACTIONS[action as KithActionName];
  if (typeof input.message !== "object" || input.message === null) throw new ValidationError("message must be an object");
  const rawMessage = input.message as Record<string, unknown>;
  const expected = new Set<string>(spec.fields.map((f) => f.name));
  for (const key of Object.keys(rawMessage)) {
    if (!expected.has(key)) throw new ValidationError(`message.${key} is not a field of ${action}`);
  }
  const message: Record<string, unknown> = {};
  for (const { name, type } of spec.fields) message[name] = field(type, rawMessage[name], `message.${name}`);
  return {
    action,
    message,
    signer: address(input.signer, "signer"),
    nonce: uint256(input.nonce, "nonce"),
    deadline: uint256(input.deadline, "deadline"),
    signature: hex(input.signature, "signature"),
  } as SignedAction;
}

/** The profile (or, for Register, the custody address) an action acts for: the rate-limit key. */
export function actingSubject(signed: SignedAction): string {
  const message = signed.message as Record<string, unknown>;
  const id = message.profileId ?? message.followerId ?? message.blockerId;
  return id !== undefined ? `profile:${id}` : `address:${String(message.custody ?? signed.signer).toLowerCase()}`;
}
