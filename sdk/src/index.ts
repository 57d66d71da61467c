export * from "./abis.ts";
export * from "./actions.ts";
export * from "./content.ts";
export * from "./deployments.ts";
export * from "./graphql.ts";
export * from "./posts.ts";
export * from "./relayer.ts";
export * from "./typedData.ts";
