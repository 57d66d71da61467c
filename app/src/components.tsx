import type { KithGraphQL } from "@kith/sdk";
import { useState } from "react";
import { parseEther } from "viem";

import { useKith } from "./kith.tsx";

type Post = KithGraphQL.FeedPostFragment | KithGraphQL.PostFieldsFragment;

export const link = (path: string) => `#${path}`;

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

/** New post, reply or quote: the body is uploaded with it. */
export function Compose({ mode = "post", targetId, onDone }: { mode?: "post" | "reply" | "quote"; targetId?: string; onDone?: () => void }) {
  const { client, profile, run, postingSigner } = useKith();
  const [body, setBody] = useState("");
  if (!profile) return null;
  const submit = async () => {
    const profileId = BigInt(profile.id);
    const signer = postingSigner();
    const result = await run(mode === "post" ? "Post" : mode === "reply" ? "Reply" : "Quote", (onStatus) =>
      mode === "reply"
        ? client.reply({ profileId, parentId: BigInt(targetId!), body, signer, onStatus })
        : mode === "quote"
          ? client.quote({ profileId, quotedId: BigInt(targetId!), body, signer, onStatus })
          : client.post({ profileId, body, signer, onStatus }),
    );
    if (result) {
      setBody("");
      onDone?.();
    }
  };
  return (
    <div className="compose">
      <textarea data-testid={`compose-${mode}`} value={body} onChange={(e) => setBody(e.target.value)} placeholder={mode === "post" ? "What's happening?" : `Your ${mode}…`} />
      <button data-testid={`submit-${mode}`} disabled={!body.trim()} onClick={submit}>
        {mode === "post" ? "Post" : mode === "reply" ? "Reply" : "Quote"}
      </button>
    </div>
  );
}

export function PostCard({ post }: { post: Post }) {
  const { client, profile, run, postingSigner } = useKith();
  const [composing, setComposing] = useState<"reply" | "quote" | null>(null);
  const feed = post as KithGraphQL.FeedPostFragment;
  const shown = post.kind === "REPOST" && feed.reposted ? feed.reposted : post;
  const profileId = profile ? BigInt(profile.id) : undefined;
  return (
    <article className="post" data-testid="post" data-post-id={post.id}>
      {post.kind === "REPOST" && <div className="meta">↻ reposted by <a href={link(`/u/${post.author.handle}`)}>@{post.author.handle}</a></div>}
      {feed.parent && <div className="meta">↳ reply to <a href={link(`/p/${feed.parent.id}`)}>@{feed.parent.author.handle}</a></div>}
      <div className="meta">
        <a href={link(`/u/${shown.author.handle}`)}>@{shown.author.handle}</a> ·{" "}
        <a href={link(`/p/${shown.id}`)}>{new Date(Number(shown.createdAt) * 1000).toLocaleTimeString()}</a>
      </div>
      <div className="body" data-testid="post-body">{shown.body ?? (shown.bodyStatus === "NOT_UPLOADED" ? "(body not uploaded yet)" : "")}</div>
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
      {composing && <Compose mode={composing} targetId={shown.id} onDone={() => setComposing(null)} />}
    </article>
  );
}
