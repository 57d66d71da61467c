// Channels and moderation: the channels list and "create channel", a channel's page (feed, pinned
// post, join/leave, compose, members, moderation log; hide, ban, pin and approve for moderators),
// the moderation settings (labelers and lists a profile subscribes to) and "why is this hidden".
import { CHANNEL_MEMBERSHIPS, LABEL_ACTIONS, type LabelAction, LIST_MODES, type ListMode, type Membership } from "@kith/sdk";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { isAddress } from "viem";

import { Compose, link, PostCard, ReasonButton, shortAddress } from "./components.tsx";
import { describeError, useKith } from "./kith.tsx";

const CHANNEL_NAME = /^[a-z0-9_]{3,16}$/;
const namesOf = <T extends string>(values: Record<T, number>) => Object.keys(values) as T[];

export function ChannelsPage() {
  const { client, address, run } = useKith();
  const channels = useQuery({ queryKey: ["channels"], queryFn: () => client.channels({ limit: 50 }) });
  const [name, setName] = useState("");
  const [membership, setMembership] = useState<Membership>("OPEN");
  const create = async () => {
    const created = await run(`Create #${name}`, (onStatus) => client.createChannel({ name, membership, onStatus }));
    if (created) window.location.hash = link(`/c/${name}`);
  };
  return (
    <section>
      <h2>Channels</h2>
      {address && (
        <div className="compose">
          <input data-testid="channel-name" placeholder="name (3-16 of a-z, 0-9, _)" value={name} onChange={(e) => setName(e.target.value.toLowerCase())} />
          <select data-testid="channel-membership" value={membership} onChange={(e) => setMembership(e.target.value as Membership)}>
            {namesOf(CHANNEL_MEMBERSHIPS).filter((m) => m !== "TOKEN_GATED").map((m) => <option key={m} value={m}>{m === "OPEN" ? "anyone may join" : "moderators approve members"}</option>)}
          </select>{" "}
          <button data-testid="create-channel" disabled={!CHANNEL_NAME.test(name)} onClick={create}>Create channel</button>
          <div className="meta">You ({shortAddress(address)}) will own it and moderate it.</div>
        </div>
      )}
      {channels.isLoading && <p>Loading…</p>}
      {channels.data?.items.length === 0 && <p>No channels yet.</p>}
      {channels.data?.items.map((c) => (
        <div key={c.id} className="member" data-testid="channel-item">
          <a href={link(`/c/${c.name}`)}>#{c.name}</a> <span className="meta">{c.memberCount} members · {c.membership.toLowerCase()}</span>
        </div>
      ))}
    </section>
  );
}

export function ChannelPage({ name }: { name: string }) {
  const { client, address, profile, run } = useKith();
  const viewerId = profile ? BigInt(profile.id) : undefined;
  const channel = useQuery({ queryKey: ["channel", name, profile?.id], queryFn: () => client.channel({ name, viewerId }) });
  const id = channel.data ? BigInt(channel.data.id) : undefined;
  const feed = useQuery({
    queryKey: ["channelFeed", channel.data?.id, profile?.id],
    queryFn: () => client.channelFeed({ channelId: id!, viewerId, limit: 30 }),
    enabled: id !== undefined,
  });
  const log = useQuery({ queryKey: ["moderationLog", channel.data?.id], queryFn: () => client.moderationLog({ channelId: id!, limit: 30 }), enabled: id !== undefined });
  if (channel.isLoading) return <p>Loading…</p>;
  if (channel.error) return <p className="error">{describeError(channel.error)}</p>;
  if (!channel.data || id === undefined) return <p>No channel #{name}.</p>;
  const c = channel.data;
  const me = address?.toLowerCase();
  const isModerator = !!me && (c.owner.toLowerCase() === me || c.moderators.some((m) => m.toLowerCase() === me));
  const moderating = isModerator ? { id: c.id, pinnedPostId: c.pinnedPost?.id } : undefined;
  const status = c.viewerStatus;
  return (
    <section>
      <h2 data-testid="channel-title">#{c.name}</h2>
      <div className="meta channel-rules">
        {c.memberCount} members · {c.membership === "OPEN" ? "anyone may join" : c.membership === "APPROVAL" ? "moderators approve members" : `holders of ${c.minBalance} of ${c.gateToken}`} · owner{" "}
        {shortAddress(c.owner)} · moderators: <span data-testid="moderators">{[c.owner, ...c.moderators.filter((m) => m.toLowerCase() !== c.owner.toLowerCase())].map(shortAddress).join(", ")}</span>
        {isModerator && <b> · you moderate it</b>}
      </div>
      {viewerId !== undefined && (
        <div className="actions" data-testid="membership" data-status={status ?? "NONE"}>
          {status === null && (
            <button data-testid="join" onClick={() => run(`Join #${c.name}`, (onStatus) => client.joinChannel({ profileId: viewerId, channelId: id, onStatus }))}>
              {c.membership === "APPROVAL" ? "Ask to join" : "Join"}
            </button>
          )}
          {(status === "MEMBER" || status === "REQUESTED") && (
            <button data-testid="leave" onClick={() => run(`Leave #${c.name}`, (onStatus) => client.leaveChannel({ profileId: viewerId, channelId: id, onStatus }))}>
              {status === "REQUESTED" ? "Withdraw the request" : "Leave"}
            </button>
          )}
          {status === "REQUESTED" && <span className="meta"> waiting for a moderator's approval</span>}
          {status === "BANNED" && <span className="error">You are banned from this channel.</span>}
        </div>
      )}
      {status === "MEMBER" && <Compose mode="channel" targetId={c.id} />}
      {c.pinnedPost && (
        <div data-testid="pinned-post">
          <h3>📌 Pinned</h3>
          <PostCard post={c.pinnedPost} moderating={moderating} />
        </div>
      )}
      <h3>Posts</h3>
      <div data-testid="channel-feed">
        {feed.data?.items.length === 0 && <p>No posts yet.</p>}
        {feed.data?.items.map((post) => <PostCard key={post.id} post={post} moderating={moderating} />)}
      </div>
      {isModerator && c.requests.items.length > 0 && (
        <>
          <h3>Asking to join</h3>
          {c.requests.items.map((m) => (
            <div className="member" key={m.profile.id} data-testid="request">
              <a href={link(`/u/${m.profile.handle}`)}>@{m.profile.handle}</a>{" "}
              <button data-testid="approve" onClick={() => run(`Approve @${m.profile.handle}`, (onStatus) => client.approveMember({ channelId: id, profileId: BigInt(m.profile.id), onStatus }))}>Approve</button>
            </div>
          ))}
        </>
      )}
      <h3>Members</h3>
      <MemberRows items={c.members.items} testId="member" action={isModerator ? (handle, profileId) => (
        <ReasonButton label="Ban" testId="ban" onConfirm={(reason) =>
          run(`Ban @${handle}`, (onStatus) => client.setBanned({ channelId: id, profileId, banned: true, reason, onStatus }))} />
      ) : undefined} />
      {c.banned.items.length > 0 && <h3>Banned</h3>}
      <MemberRows items={c.banned.items} testId="banned" action={isModerator ? (handle, profileId) => (
        <ReasonButton label="Unban" testId="unban" onConfirm={(reason) =>
          run(`Unban @${handle}`, (onStatus) => client.setBanned({ channelId: id, profileId, banned: false, reason, onStatus }))} />
      ) : undefined} />
      <h3>Moderation log</h3>
      <div data-testid="moderation-log">
        {log.data?.items.map((entry) => (
          <div className="log-entry" data-testid="log-entry" data-kind={entry.kind} key={`${entry.transactionHash}-${entry.kind}-${entry.profile?.id ?? ""}-${entry.post?.id ?? ""}-${entry.value ?? ""}`}>
            <b>{entry.kind.toLowerCase().replace(/_/g, " ")}</b> by {shortAddress(entry.actor)}
            {entry.profile && <> · <a href={link(`/u/${entry.profile.handle}`)}>@{entry.profile.handle}</a></>}
            {entry.post && <> · <a href={link(`/p/${entry.post.id}`)}>post by @{entry.post.author.handle}</a></>}
            {entry.value && <> · label <b>{entry.value}</b></>}
            {entry.reason && <> · “<span data-testid="log-reason">{entry.reason}</span>”</>}
            <span className="meta"> · block {entry.blockNumber} · {entry.transactionHash.slice(0, 10)}…</span>
            {isModerator && entry.kind === "HIDE" && entry.post && (
              <ReasonButton label="Unhide" testId="unhide" onConfirm={(reason) =>
                run("Show the post again", (onStatus) => client.setPostHidden({ channelId: id, postId: BigInt(entry.post!.id), hidden: false, reason, onStatus }))} />
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

/** Members (or banned profiles) of a channel, each with what a moderator may do to it. */
function MemberRows({ items, testId, action }: {
  items: { profile: { id: string; handle: string } }[];
  testId: string;
  action?: (handle: string, profileId: bigint) => ReactNode;
}) {
  return items.map((m) => (
    <div className="member" key={m.profile.id} data-testid={testId} data-handle={m.profile.handle}>
      <a href={link(`/u/${m.profile.handle}`)}>@{m.profile.handle}</a> {action?.(m.profile.handle, BigInt(m.profile.id))}
    </div>
  ));
}

/** One labeler subscription being written: the labeler and what each value does. */
function SubscribeToLabeler({ profileId }: { profileId: bigint }) {
  const { client, run } = useKith();
  const [labeler, setLabeler] = useState("");
  const [policies, setPolicies] = useState<{ value: string; action: LabelAction }[]>([{ value: "", action: "WARN" }]);
  const set = (i: number, change: Partial<{ value: string; action: LabelAction }>) => setPolicies(policies.map((p, j) => (j === i ? { ...p, ...change } : p)));
  const subscribe = () =>
    run("Subscribe to the labeler", (onStatus) =>
      client.subscribeToLabeler({
        profileId,
        labeler: labeler as `0x${string}`,
        policies: Object.fromEntries(policies.filter((p) => p.value).map((p) => [p.value, p.action])),
        onStatus,
      }),
    );
  return (
    <div className="compose">
      <input data-testid="labeler-address" placeholder="labeler address 0x…" value={labeler} onChange={(e) => setLabeler(e.target.value.trim())} size={44} />
      {policies.map((p, i) => (
        <div key={i}>
          <input data-testid={`policy-value-${i}`} placeholder="label value, e.g. spam" value={p.value} onChange={(e) => set(i, { value: e.target.value })} />
          <select data-testid={`policy-action-${i}`} value={p.action} onChange={(e) => set(i, { action: e.target.value as LabelAction })}>
            {namesOf(LABEL_ACTIONS).map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
      ))}
      <button data-testid="add-policy" onClick={() => setPolicies([...policies, { value: "", action: "WARN" }])}>+ value</button>{" "}
      <button data-testid="subscribe-labeler" disabled={!isAddress(labeler)} onClick={subscribe}>Subscribe</button>
      <div className="meta">WARN: shown blurred with the label; HIDE: left out; IGNORE: not applied. Values without a policy warn.</div>
    </div>
  );
}

export function ModerationPage() {
  const { client, address, profile, run } = useKith();
  const subscriptions = useQuery({
    queryKey: ["moderationSubscriptions", profile?.id],
    queryFn: () => client.moderationSubscriptions({ profileId: BigInt(profile!.id) }),
    enabled: !!profile,
  });
  const [listId, setListId] = useState("");
  const [mode, setMode] = useState<ListMode>("MUTE");
  if (!profile) return <p>Sign in first.</p>;
  const profileId = BigInt(profile.id);
  return (
    <section>
      <h2>Moderation</h2>
      {address && <p className="meta">Your address labels as {address} (🏷 Label on any post).</p>}
      <h3>Labelers you apply</h3>
      {subscriptions.data?.labelerSubscriptions.length === 0 && <p className="meta">None yet.</p>}
      {subscriptions.data?.labelerSubscriptions.map((s) => (
        <div className="member" key={s.labeler} data-testid="labeler-subscription" data-labeler={s.labeler.toLowerCase()}>
          {s.labeler} · {s.policies.map((p) => `${p.value}: ${p.action}`).join(", ") || "every label warns"}{" "}
          <button data-testid="unsubscribe-labeler" onClick={() => run("Unsubscribe from the labeler", (onStatus) => client.unsubscribeFromLabeler({ profileId, labeler: s.labeler as `0x${string}`, onStatus }))}>
            Unsubscribe
          </button>
        </div>
      ))}
      <SubscribeToLabeler profileId={profileId} />
      <h3>Lists you apply</h3>
      {subscriptions.data?.listSubscriptions.length === 0 && <p className="meta">None yet.</p>}
      {subscriptions.data?.listSubscriptions.map((s) => (
        <div className="member" key={s.list.id} data-testid="list-subscription">
          “{s.list.name}” (list {s.list.id}, {s.list.memberCount} members, by {shortAddress(s.list.owner)}) as <b>{s.mode}</b>{" "}
          <button data-testid="unsubscribe-list" onClick={() => run("Unsubscribe from the list", (onStatus) => client.unsubscribeFromList({ profileId, listId: BigInt(s.list.id), onStatus }))}>
            Unsubscribe
          </button>
        </div>
      ))}
      <div className="compose">
        <input data-testid="list-id" placeholder="list id" value={listId} onChange={(e) => setListId(e.target.value.replace(/\D/g, ""))} />
        <select data-testid="list-mode" value={mode} onChange={(e) => setMode(e.target.value as ListMode)}>
          {namesOf(LIST_MODES).map((m) => <option key={m} value={m}>{m === "MUTE" ? "MUTE (leave out their posts)" : "BLOCK (as if I blocked each)"}</option>)}
        </select>{" "}
        <button data-testid="subscribe-list" disabled={!listId} onClick={() => run(`Subscribe to list ${listId}`, (onStatus) => client.subscribeToList({ profileId, listId: BigInt(listId), mode, onStatus }))}>
          Subscribe
        </button>
      </div>
    </section>
  );
}

/** On a post's page: why the viewer's feeds leave it out (labels with HIDE, lists, blocks, a channel's moderators). */
export function WhyHidden({ postId }: { postId: string }) {
  const { client, profile } = useKith();
  const reasons = useQuery({
    queryKey: ["hiddenFor", postId, profile?.id],
    queryFn: () => client.hiddenFor({ postId: BigInt(postId), viewerId: BigInt(profile!.id) }),
    enabled: !!profile,
  });
  if (!reasons.data?.length) return null;
  return (
    <div className="hidden-reasons" data-testid="hidden-reasons">
      <b>Why is this hidden from you?</b>
      <ul>
        {reasons.data.map((reason, i) => (
          <li key={i} data-testid="hidden-reason" data-kind={reason.kind}>
            {reason.message}
            {reason.label && <span className="meta"> (label “{reason.label.value}” by {reason.label.labeler})</span>}
            {reason.list && <span className="meta"> (list “{reason.list.name}”, #{reason.list.id})</span>}
            {reason.moderationAction?.reason && <span className="meta"> (“{reason.moderationAction.reason}”)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
