import { ponder } from "ponder:registry";
import { profile } from "ponder:schema";
import { zeroAddress } from "viem";

import { invariant } from "./lib/events";

ponder.on("Kith:ProfileRegistered", async ({ event, context }) => {
  const { profileId, custody, handle, recovery, metadataHash } = event.args;
  invariant(!(await context.db.find(profile, { id: profileId })), `profile ${profileId} registered twice`);
  await context.db.insert(profile).values({
    id: profileId,
    handle,
    custody,
    recovery,
    metadataHash,
    createdAt: event.block.timestamp,
    createdBlock: event.block.number,
  });
});

ponder.on("Kith:HandleChanged", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ handle: event.args.handle });
});

ponder.on("Kith:MetadataChanged", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ metadataHash: event.args.metadataHash });
});

ponder.on("Kith:TransferOffered", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ pendingCustody: event.args.to });
});

ponder.on("Kith:TransferCancelled", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ pendingCustody: null });
});

ponder.on("Kith:CustodyTransferred", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ custody: event.args.to, pendingCustody: null });
});

ponder.on("Kith:Recovered", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ custody: event.args.to, pendingCustody: null });
});

ponder.on("Kith:RecoveryChanged", async ({ event, context }) => {
  await context.db.update(profile, { id: event.args.profileId }).set({ recovery: event.args.recovery ?? zeroAddress });
});
