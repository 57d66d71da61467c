import { ponder } from "ponder:registry";
import { appKey } from "ponder:schema";
import { and, eq, isNull } from "ponder";

import { ordinalOf } from "./lib/events";

ponder.on("Kith:AppKeyAdded", async ({ event, context }) => {
  const { profileId, key, scopes, expiry } = event.args;
  const row = { scopes: Number(scopes), expiry, addedAt: event.block.timestamp, ordinal: ordinalOf(event), revokedAt: null };
  await context.db.insert(appKey).values({ profileId, key, ...row }).onConflictDoUpdate(row);
});

ponder.on("Kith:AppKeyRevoked", async ({ event, context }) => {
  const { profileId, key } = event.args;
  if (await context.db.find(appKey, { profileId, key })) {
    await context.db.update(appKey, { profileId, key }).set({ revokedAt: event.block.timestamp });
  }
});

// Emitted by revokeAllAppKeys and by every custody change (transfer, recovery).
ponder.on("Kith:AllAppKeysRevoked", async ({ event, context }) => {
  await context.db.sql
    .update(appKey)
    .set({ revokedAt: event.block.timestamp })
    .where(and(eq(appKey.profileId, event.args.profileId), isNull(appKey.revokedAt)));
});
