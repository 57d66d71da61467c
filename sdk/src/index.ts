export * from "./abis.ts";
export * from "./deployments.ts";
export * from "./posts.ts";
