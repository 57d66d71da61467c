// Every external function and event of the deployed contracts (and their interfaces) carries
// NatSpec. The build's artifacts keep only ABI and bytecode, so this recompiles the build's own
// input (artifacts/build-info) with solc-js, asking for userdoc and devdoc.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

import solc from "solc";

const root = path.resolve(import.meta.dirname, "..", "..");
const buildInfoDir = path.join(root, "artifacts", "build-info");

/** Sources whose ABI is the public surface: contracts/ (test mocks live in test/, bench helpers in bench/). */
const isPublic = (source: string) => source.startsWith("project/contracts/");

interface AbiParameter {
  type: string;
  components?: AbiParameter[];
}
interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParameter[];
}
interface ContractOutput {
  abi: AbiItem[];
  userdoc?: { methods?: Record<string, unknown>; events?: Record<string, unknown> };
  devdoc?: { methods?: Record<string, unknown>; events?: Record<string, unknown>; stateVariables?: Record<string, unknown> };
}

const typeOf = (p: AbiParameter): string =>
  p.type.startsWith("tuple") ? `(${p.components!.map(typeOf).join(",")})${p.type.slice("tuple".length)}` : p.type;

function undocumented(): { checked: number; missing: string[] } {
  const missing = new Set<string>();
  let checked = 0;
  for (const file of readdirSync(buildInfoDir).filter((f) => f.endsWith(".json") && !f.endsWith(".output.json"))) {
    const { input } = JSON.parse(readFileSync(path.join(buildInfoDir, file), "utf8"));
    if (!Object.keys(input.sources).some(isPublic)) continue;
    input.settings.outputSelection = { "*": { "*": ["abi", "userdoc", "devdoc"] } };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
    assert.deepEqual(errors, [], "the build input no longer compiles with solc-js");
    for (const [source, contracts] of Object.entries(output.contracts as Record<string, Record<string, ContractOutput>>)) {
      if (!isPublic(source)) continue;
      for (const [name, contract] of Object.entries(contracts)) {
        for (const item of contract.abi) {
          if (item.type !== "function" && item.type !== "event") continue;
          checked += 1;
          const signature = `${item.name}(${item.inputs!.map(typeOf).join(",")})`;
          const kind = item.type === "function" ? "methods" : "events";
          const documented =
            contract.userdoc?.[kind]?.[signature] ?? contract.devdoc?.[kind]?.[signature] ?? contract.devdoc?.stateVariables?.[item.name!];
          // Inherited from a dependency (OpenZeppelin's Governor) and not declared in Kith's source:
          // documented, or not, upstream.
          const declaredHere = new RegExp(`\\b(function|event)\\s+${item.name}\\b|\\b${item.name}\\s*=`).test(input.sources[source].content);
          if (!documented && declaredHere) missing.add(`${source.replace("project/", "")}:${name} ${item.type} ${signature}`);
        }
      }
    }
  }
  return { checked, missing: [...missing] };
}

describe("NatSpec", () => {
  it("documents every external function and event of contracts/", () => {
    const { checked, missing } = undocumented();
    assert.ok(checked > 300, `only ${checked} functions and events found: is the build there?`);
    assert.deepEqual(missing, []);
  });
});
