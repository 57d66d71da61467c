// Child processes for `npm start` and the end-to-end tests: free ports, output kept for errors,
// and a stop that waits for the process to exit.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 is free to listen on. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export interface Service {
  name: string;
  process: ChildProcess;
  /** The last lines the process printed (stdout and stderr), for error messages. */
  output(): string;
  /** SIGINT, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startService(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (options.echo) process.stdout.write(text);
    lines.push(...text.split("\n"));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name,
    process: child,
    output: () => lines.join("\n"),
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `check` until it returns a value other than undefined (errors count as "not yet"). Fails
 * with `describe()` on timeout, or at once when `abort()` returns a reason (a process died).
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describe: () => string; abort?: () => string | undefined },
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 50, describe, abort } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abort?.();
    if (reason) throw new Error(`${reason}: ${describe()}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** For `waitFor`'s abort: a reason once the service's process has exited. */
export function exitedReason(service: Service): () => string | undefined {
  return () => {
    const { exitCode, signalCode } = service.process;
    return exitCode !== null || signalCode !== null ? `${service.name} exited (${exitCode ?? signalCode})` : undefined;
  };
}

/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM: for commands that keep services running until then. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
