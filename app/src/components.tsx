import type { KithGraphQL } from "@kith/sdk";
import { useState } from "react";
import { getAddress, isAddress, parseEther } from "viem";

import { useKith } from "./kith.tsx";

type Post = KithGraphQL.FeedPostFragment | KithGraphQL.PostFieldsFragment;

export const link = (path: string) => `#${path}`;

/** 0xAbCd…eF01, checksummed (GraphQL gives addresses in lower case, wallets checksummed). */
export function shortAddress(address: string): string {
  const shown = isAddress(address) ? getAddress(address) : address;
  return `${shown.slice(0, 6)}…${shown.slice(-4)}`;
}

/** A button that asks for a reason (ban, unban, hide, unhide: the reason goes on chain, in the moderation log). */
export function ReasonButton({ label, testId, onConfirm }: { label: string; testId: string; onConfirm: (reason: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open) return <button data-testid={testId} onClick={() => setOpen(true)}>{label}</button>;
  return (
    <span className="reason">
      <input data-testid={`${testId}-reason`} placeholder="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button data-testid={`${testId}-confirm`} onClick={() => { setOpen(false); onConfirm(reason); }}>{label}</button>
      <button onClick={() => setOpen(false)}>Cancel</button>
    </span>
  );
}

/** Labels the post as the connected address (any address may label; viewers choose whose labels apply to them). */
function LabelForm({ postId, onDone }: { postId: string; onDone: () => void }) {
  const { client, run } = useKith();
  const [value, setValue] = useState("");
  const [hours, setHours] = useState("");
  const submit = async () => {
    const expiry = hours ? BigInt(Math.floor(Date.now() / 1000) + Math.round(Number(hours) * 3600)) : 0n;
    const labelled = await run(`Label "${value}"`, (onStatus) => client.label({ subject: BigInt(postId), value, expiry, onStatus }));
    if (labelled) onDone();
  };
  return (
    <div className="label-form">
      <input data-testid="label-value" placeholder="label, e.g. spam" value={value} onChange={(e) => setValue(e.target.value)} />
      <input data-testid="label-expiry" placeholder="expires in hours (optional)" value={hours} onChange={(e) => setHours(e.target.value.replace(/[^\d.]/g, ""))} />
      <button data-testid="label-submit" disabled={!value} onClick={submit}>Label as {shortAddress(client.config.wallet?.account?.address ?? "0x")}</button>
    </div>
  );
}

/** The last write: what it is doing, or why it failed. */
export function StatusLine() {
  const { status } = useKith();
  if (!status) return null;
  const text = {
    signing: "waiting for a signature…",
    pending: "pending: submitted, not mined yet",
    mined: "mined, waiting for the indexer…",
    indexed: "indexed",
    done: "done",
    error: "failed",
  }[status.state];
  return (
    <div className={`status status-${status.state}`} data-testid="status" data-state={status.state}>
      <b>{status.label}</b>: {text} {status.detail && <span className="detail">{status.detail}</span>}
    </div>
  );
}

/** New post, reply, quote or channel post (`targetId`: the parent, the quoted post, or the channel): the body is uploaded with it. */
export function Compose({ mode = "post", targetId, onDone }: { mode?: "post" | "reply" | "quote" | "channel"; targetId?: string; onDone?: () => void }) {
  const { client, profile, run, postingSigner } = useKith();
  const [body, setBody] = useState("");
  if (!profile) return null;
  const submit = async () => {
    const profileId = BigInt(profile.id);
    const signer = postingSigner();
    const result = await run(mode === "channel" ? "Post into the channel" : mode === "post" ? "Post" : mode === "reply" ? "Reply" : "Quote", (onStatus) =>
      mode === "reply"
        ? client.reply({ profileId, parentId: BigInt(targetId!), body, signer, onStatus })
        : mode === "quote"
          ? client.quote({ profileId, quotedId: BigInt(targetId!), body, signer, onStatus })
          : mode === "channel"
            ? client.postInChannel({ profileId, channelId: BigInt(targetId!), body, onStatus })
            : client.post({ profileId, body, signer, onStatus }),
    );
    if (result) {
      setBody("");
      onDone?.();
    }
  };
  return (
    <div className="compose">
      <textarea data-testid={`compose-${mode}`} value={body} onChange={(e) => setBody(e.target.value)} placeholder={mode === "post" || mode === "channel" ? "What's happening?" : `Your ${mode}…`} />
      <button data-testid={`submit-${mode}`} disabled={!body.trim()} onClick={submit}>
        {mode === "post" || mode === "channel" ? "Post" : mode === "reply" ? "Reply" : "Quote"}
      </button>
    </div>
  );
}

/** Where a card is shown when it is in a channel the viewer moderates: hide and pin act there. */
export interface ModeratedChannel {
  id: string;
  pinnedPostId?: string;
}

export function PostCard({ post, moderating }: { post: Post; moderating?: ModeratedChannel }) {
  const { client, address, profile, run, postingSigner } = useKith();
  const [composing, setComposing] = useState<"reply" | "quote" | "label" | null>(null);
  const [revealed, setRevealed] = useState(false);
  const feed = post as KithGraphQL.FeedPostFragment;
  const shown = post.kind === "REPOST" && feed.reposted ? feed.reposted : post;
  const profileId = profile ? BigInt(profile.id) : undefined;
  // WARN labels (from the viewer's labelers) blur the body until the viewer asks to see it.
  const warnings = shown.labels.filter((label) => label.action === "WARN");
  const body = shown.body ?? (shown.bodyStatus === "NOT_UPLOADED" ? "(body not uploaded yet)" : shown.bodyStatus === "UNAVAILABLE" ? "(body cannot be read right now)" : "");
  return (
    <article className="post" data-testid="post" data-post-id={post.id}>
      {post.kind === "REPOST" && <div className="meta">↻ reposted by <a href={link(`/u/${post.author.handle}`)}>@{post.author.handle}</a></div>}
      {feed.parent && <div className="meta">↳ reply to <a href={link(`/p/${feed.parent.id}`)}>@{feed.parent.author.handle}</a></div>}
      <div className="meta">
        <a href={link(`/u/${shown.author.handle}`)}>@{shown.author.handle}</a> ·{" "}
        <a href={link(`/p/${shown.id}`)}>{new Date(Number(shown.createdAt) * 1000).toLocaleTimeString()}</a>
        {shown.channel && <> · in <a href={link(`/c/${shown.channel.name}`)}>#{shown.channel.name}</a></>}
        {moderating?.pinnedPostId === shown.id && <span data-testid="pinned"> · 📌 pinned</span>}
      </div>
      {warnings.length > 0 && !revealed ? (
        <div className="warned" data-testid="label-warning">
          <div className="body blurred" aria-hidden="true">{body}</div>
          <div className="meta">
            ⚠ labelled{" "}
            {warnings.map((label) => (
              <span key={`${label.labeler}-${label.value}`} data-testid="warning-label">
                <b>{label.value}</b> by {shortAddress(label.labeler)}{" "}
              </span>
            ))}
            <button data-testid="show-anyway" onClick={() => setRevealed(true)}>Show anyway</button>
          </div>
        </div>
      ) : (
        <div className="body" data-testid="post-body">{body}</div>
      )}
      {feed.quoted && (
        <div className="quoted">
          <a href={link(`/u/${feed.quoted.author.handle}`)}>@{feed.quoted.author.handle}</a>: {feed.quoted.body}
        </div>
      )}
      {profileId !== undefined && (
        <div className="actions">
          <button data-testid="like" onClick={() => run("Like", (onStatus) => client.like({ profileId, postId: BigInt(shown.id), signer: postingSigner(), onStatus }))}>
            ♥ {shown.likeCount}
          </button>
          <button data-testid="repost" onClick={() => run("Repost", (onStatus) => client.repost({ profileId, repostedId: BigInt(shown.id), signer: postingSigner(), onStatus }))}>
            ↻ {shown.repostCount}
          </button>
          <button data-testid="reply" onClick={() => setComposing(composing === "reply" ? null : "reply")}>💬 {shown.replyCount}</button>
          <button data-testid="quote" onClick={() => setComposing(composing === "quote" ? null : "quote")}>❝ {shown.quoteCount}</button>
          <button data-testid="tip" onClick={() => run("Tip 0.001 ETH", (onStatus) => client.tip({ postId: BigInt(shown.id), value: parseEther("0.001"), fromProfileId: profileId, onStatus }))}>
            Tip 0.001 ETH{shown.tips.length ? ` (${shown.tips.reduce((n, t) => n + t.count, 0)})` : ""}
          </button>
        </div>
      )}
      {(address || moderating) && (
        <div className="actions">
          {address && <button data-testid="label" onClick={() => setComposing(composing === "label" ? null : "label")}>🏷 Label</button>}
          {moderating && (
            <>
              <ReasonButton label="Hide from the channel" testId="hide-post" onConfirm={(reason) =>
                run("Hide the post", (onStatus) => client.setPostHidden({ channelId: BigInt(moderating.id), postId: BigInt(shown.id), hidden: true, reason, onStatus }))} />
              <button data-testid="pin-post" onClick={() =>
                run(moderating.pinnedPostId === shown.id ? "Unpin" : "Pin", (onStatus) =>
                  client.pinPost({ channelId: BigInt(moderating.id), postId: moderating.pinnedPostId === shown.id ? 0n : BigInt(shown.id), onStatus }))}>
                {moderating.pinnedPostId === shown.id ? "Unpin" : "📌 Pin"}
              </button>
            </>
          )}
        </div>
      )}
      {composing === "label" && <LabelForm postId={shown.id} onDone={() => setComposing(null)} />}
      {(composing === "reply" || composing === "quote") && <Compose mode={composing} targetId={shown.id} onDone={() => setComposing(null)} />}
    </article>
  );
}
