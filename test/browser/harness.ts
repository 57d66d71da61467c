// The browser tests' harness: the whole stack (chain, indexer, relayer) and the built web app, in
// headless Chromium (Debian's chromium, driven by playwright-core), with a test wallet injected as
// an EIP-1193 provider backed by development keys. Every wallet prompt (a signature or a
// transaction) is counted, so "no prompt" is asserted, not assumed. The wallet can switch
// accounts, so one page can act as several profiles.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { type Browser, chromium, type Page } from "playwright-core";
import { type Hex, type PrivateKeyAccount, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type AppConfig, buildApp, type RunningApp, serveApp } from "../../scripts/lib/app.ts";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "../e2e/stack.ts";

export const root = path.resolve(import.meta.dirname, "..", "..");
export const CHROMIUM = process.env.KITH_CHROMIUM ?? "/usr/bin/chromium";
/** Why a browser suite cannot run here, or false. */
export const SKIP_BROWSER = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

/** Development account `index` as a private-key account (the test wallet signs with it). */
export const accountOf = (index: number) => privateKeyToAccount(`0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}`);

/** JSON typed data (numbers as strings) back to what viem signs: integers as bigints. */
function reviveTypedData(json: string): TypedDataDefinition {
  const data = JSON.parse(json) as TypedDataDefinition & { types: Record<string, { name: string; type: string }[]> };
  const fields = data.types[data.primaryType as string] ?? [];
  const message = { ...(data.message as Record<string, unknown>) };
  for (const field of fields) {
    if (/^u?int\d*$/.test(field.type)) message[field.name] = BigInt(message[field.name] as string);
    if (/^u?int\d*\[\]$/.test(field.type)) message[field.name] = (message[field.name] as string[]).map(BigInt);
  }
  const { EIP712Domain: _, ...types } = data.types;
  return { ...data, types, domain: { ...data.domain, chainId: Number(data.domain?.chainId) }, message } as TypedDataDefinition;
}

export interface BrowserApp {
  stack: Stack;
  app: RunningApp;
  config: AppConfig;
  page: Page;
  /** Every wallet prompt so far: "sign <primaryType>" or "send transaction". */
  prompts: string[];
  /** The account the wallet holds now. */
  account(): PrivateKeyAccount;
  /** Switches the wallet to `account` and reloads the app, connected as it. */
  useAccount(account: PrivateKeyAccount): Promise<void>;
  /** Waits for the status line to say done (fails with what it said otherwise). */
  waitDone(label: string): Promise<void>;
  /** A screenshot of the page in test-results/, named after `name`; returns its path. */
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBrowserApp(first: PrivateKeyAccount): Promise<BrowserApp> {
  const stack = await startStack();
  let browser: Browser | undefined;
  let app: RunningApp | undefined;
  try {
    const [indexer, relayer] = await Promise.all([stack.startIndexer({ wsUrl: stack.chain.wsUrl }), stack.startRelayer(), buildApp()]);
    const config = { chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, graphqlUrl: indexer.graphqlUrl, relayerUrl: relayer.url };
    app = await serveApp(config);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const prompts: string[] = [];
    let current = first;
    await page.exposeFunction("__kithWallet", async (method: string, params: unknown[] = []) => {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [current.address];
        case "eth_chainId":
          return `0x${stack.chain.chainId.toString(16)}`;
        case "eth_signTypedData_v4":
          prompts.push(`sign ${JSON.parse(params[1] as string).primaryType}`);
          return current.signTypedData(reviveTypedData(params[1] as string));
        case "eth_sendTransaction": {
          const tx = params[0] as { to: Hex; data?: Hex; value?: Hex };
          prompts.push("send transaction");
          const { walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, current);
          return walletClient.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : undefined, account: current, chain: stack.chain.chain });
        }
        default: {
          const response = await fetch(stack.chain.rpcUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
          });
          const json = (await response.json()) as { result?: unknown; error?: { message: string } };
          if (json.error) throw new Error(json.error.message);
          return json.result;
        }
      }
    });
    // A string, not a function: the test runner's TypeScript loader may add helpers to a function's source.
    await page.addInitScript(`
      window.ethereum = {
        isKithTestWallet: true,
        request: ({ method, params }) => window.__kithWallet(method, params),
        on() {},
        removeListener() {},
      };`);
    await page.goto(app.url);
    const status = () => page.getByTestId("status");
    const running: BrowserApp = {
      stack,
      app,
      config,
      page,
      prompts,
      account: () => current,
      async useAccount(account) {
        current = account;
        await page.goto(`${app!.url}/#/`);
        await page.reload();
        const connect = page.getByTestId("connect");
        const shown = page.getByTestId("account").filter({ hasText: account.address.slice(-4) });
        await Promise.race([connect.waitFor(), shown.waitFor()]);
        if (await connect.isVisible()) await connect.click();
        await shown.waitFor();
      },
      async waitDone(label) {
        await page.waitForSelector(`[data-testid=status][data-state=done], [data-testid=status][data-state=error]`, { timeout: 30_000 });
        assert.equal(await status().getAttribute("data-state"), "done", `${label}: ${await status().textContent()}`);
      },
      async screenshot(name) {
        mkdirSync(path.join(root, "test-results"), { recursive: true });
        const file = path.join(root, "test-results", `${name.replace(/\W+/g, "-")}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      async stop() {
        await browser?.close();
        await app?.stop();
        await stack.stop();
      },
    };
    return running;
  } catch (error) {
    await browser?.close();
    await app?.stop();
    await stack.stop();
    throw error;
  }
}

/** For `afterEach`: a failing step leaves a screenshot of what the page showed. */
export async function screenshotOnFailure(running: BrowserApp | undefined, t: { name: string }) {
  if ((t as unknown as { passed?: boolean }).passed !== false || !running) return;
  const file = await running.screenshot(t.name).catch(() => undefined);
  if (file) console.error(`      screenshot: ${path.relative(root, file)}`);
}
