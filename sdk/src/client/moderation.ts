// The contracts' moderation and channel enums by the names GraphQL gives them: the index in each
// list is the value the contract takes (IKithModeration.LabelAction, ListMode; IKithChannels.Membership).
import type * as GraphQL from "./graphql.generated.ts";

export const LABEL_ACTIONS = ["WARN", "HIDE", "IGNORE"] as const satisfies readonly GraphQL.LabelAction[];
export type LabelAction = (typeof LABEL_ACTIONS)[number];

export const LIST_MODES = ["MUTE", "BLOCK"] as const satisfies readonly GraphQL.ListMode[];
export type ListMode = (typeof LIST_MODES)[number];

export const MEMBERSHIPS = ["OPEN", "APPROVAL", "TOKEN_GATED"] as const satisfies readonly GraphQL.Membership[];
export type Membership = (typeof MEMBERSHIPS)[number];
