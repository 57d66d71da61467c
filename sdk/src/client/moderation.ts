// The names of the contracts' moderation and channel enums, as GraphQL spells them; the values
// they are sent as live in typedData.ts (LABEL_ACTIONS, LIST_MODES, CHANNEL_MEMBERSHIPS).
import type { CHANNEL_MEMBERSHIPS, LABEL_ACTIONS, LIST_MODES } from "../typedData.ts";

/** What a label value does for a subscribed profile: WARN (default), HIDE or IGNORE. */
export type LabelAction = keyof typeof LABEL_ACTIONS;
/** How a subscribed moderation list applies: MUTE or BLOCK. */
export type ListMode = keyof typeof LIST_MODES;
/** Who may join a channel: OPEN, APPROVAL or TOKEN_GATED. */
export type Membership = keyof typeof CHANNEL_MEMBERSHIPS;
