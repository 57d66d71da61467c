export * from "./abis.ts";
export * from "./actions.ts";
export * from "./deployments.ts";
export * from "./posts.ts";
export * from "./relayer.ts";
export * from "./typedData.ts";
