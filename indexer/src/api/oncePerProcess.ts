// `ponder dev` evaluates the API's modules again on every change, in the same process: anything
// that must start once (watches, a wrapped http.createServer) asks here first.

/** True the first time it is called with `name` in this process, false after. */
export function oncePerProcess(name: string): boolean {
  const key = Symbol.for(`kith.${name}`);
  const global = globalThis as { [key: symbol]: boolean | undefined };
  if (global[key]) return false;
  global[key] = true;
  return true;
}
