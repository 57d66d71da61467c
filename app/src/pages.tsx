import type { KithGraphQL } from "@kith/sdk";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { Compose, link, PostCard } from "./components.tsx";
import { describeError, useKith } from "./kith.tsx";
import { WhyHidden } from "./moderation.tsx";

type FeedPage = KithGraphQL.HomeFeedQuery["homeFeed"];

/** alice's home feed, kept live: new items arrive through the subscription without a reload. */
export function HomePage() {
  const { client, profile } = useKith();
  const queryClient = useQueryClient();
  const profileId = profile ? BigInt(profile.id) : undefined;
  const key = ["homeFeed", profile?.id];
  const feed = useQuery({ queryKey: key, queryFn: () => client.homeFeed({ profileId: profileId!, limit: 30 }), enabled: !!profileId });
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (profileId === undefined) return;
    setLive(true);
    return client.watchHomeFeed({
      profileId,
      onData: (item) => {
        queryClient.setQueryData<FeedPage>(key, (page) =>
          page && !page.items.some((p) => p.id === item.id) ? { ...page, items: [item, ...page.items] } : page,
        );
        // A post arrives once mined and indexed, often before its author has uploaded the body (or while the body store fails): read it again shortly.
        const shown = item.reposted ?? item;
        if (shown.bodyStatus === "NOT_UPLOADED" || shown.bodyStatus === "UNAVAILABLE") for (const ms of [300, 1_000, 3_000]) setTimeout(() => queryClient.invalidateQueries({ queryKey: key }), ms);
      },
      onError: () => setLive(false),
    });
  }, [client, profile?.id]);
  if (!profile) return <p>Connect a wallet and sign in to see your feed.</p>;
  return (
    <section>
      <Compose />
      <h2>
        Home <span className="live" data-testid="live">{live ? "● live" : "○ offline"}</span>
      </h2>
      {feed.isLoading && <p>Loading…</p>}
      {feed.data?.items.length === 0 && <p>Nothing yet: follow someone (search above).</p>}
      {feed.data?.items.map((post) => <PostCard key={post.id} post={post} />)}
    </section>
  );
}

export function ProfilePage({ handle }: { handle: string }) {
  const { client, profile: me, run } = useKith();
  const viewerId = me ? BigInt(me.id) : undefined;
  const profile = useQuery({ queryKey: ["profile", handle, me?.id], queryFn: () => client.profile({ handle, viewerId }) });
  const id = profile.data ? BigInt(profile.data.id) : undefined;
  const posts = useQuery({
    queryKey: ["profilePosts", profile.data?.id, me?.id],
    queryFn: () => client.profilePosts({ profileId: id!, viewerId, includeReplies: true }),
    enabled: id !== undefined,
  });
  if (profile.isLoading) return <p>Loading…</p>;
  if (!profile.data) return <p>No profile @{handle}.</p>;
  const p = profile.data;
  const isMe = me?.id === p.id;
  return (
    <section>
      <h2 data-testid="profile-handle">@{p.handle}</h2>
      <p className="meta">
        {p.followerCount} followers · {p.followingCount} following · {p.postCount} posts {p.followsViewer && "· follows you"}
      </p>
      {viewerId !== undefined && !isMe && id !== undefined && (
        <div className="actions">
          {p.followedByViewer ? (
            <button data-testid="unfollow" onClick={() => run("Unfollow", (onStatus) => client.unfollow({ followerId: viewerId, followeeId: id, onStatus }))}>Unfollow</button>
          ) : (
            <button data-testid="follow" onClick={() => run("Follow", (onStatus) => client.follow({ followerId: viewerId, followeeId: id, onStatus }))}>Follow</button>
          )}
          <button data-testid="block" onClick={() => run("Block", (onStatus) => client.block({ blockerId: viewerId, blockedId: id, onStatus }))}>Block</button>
          <button data-testid="unblock" onClick={() => run("Unblock", (onStatus) => client.unblock({ blockerId: viewerId, blockedId: id, onStatus }))}>Unblock</button>
        </div>
      )}
      {posts.data?.items.map((post) => <PostCard key={post.id} post={post} />)}
    </section>
  );
}

export function ThreadPage({ postId }: { postId: string }) {
  const { client, profile } = useKith();
  const thread = useQuery({
    queryKey: ["thread", postId, profile?.id],
    queryFn: () => client.thread({ postId: BigInt(postId), viewerId: profile ? BigInt(profile.id) : undefined }),
  });
  if (thread.isLoading) return <p>Loading…</p>;
  if (thread.error) return <p className="error">{describeError(thread.error)}</p>;
  if (!thread.data) return <p>No such post.</p>;
  return (
    <section>
      {thread.data.root && thread.data.root.id !== thread.data.id && <a href={link(`/p/${thread.data.root.id}`)}>↑ the whole thread</a>}
      <WhyHidden postId={thread.data.id} />
      <PostCard post={thread.data} />
      <div className="replies">
        {thread.data.replies.items.map((reply) => (
          <div key={reply.id}>
            <PostCard post={reply} />
            <div className="replies">{reply.replies.items.map((r) => <PostCard key={r.id} post={r} />)}</div>
          </div>
        ))}
      </div>
    </section>
  );
}

type NotificationPage = KithGraphQL.NotificationsQuery["notifications"];

export function NotificationsPage() {
  const { client, profile } = useKith();
  const queryClient = useQueryClient();
  const key = ["notifications", profile?.id];
  const list = useQuery({ queryKey: key, queryFn: () => client.notifications({ profileId: BigInt(profile!.id), limit: 50 }), enabled: !!profile });
  useEffect(() => {
    if (!profile) return;
    return client.watchNotifications({
      profileId: BigInt(profile.id),
      onData: (n) => queryClient.setQueryData<NotificationPage>(key, (page) => (page ? { ...page, items: [n, ...page.items] } : page)),
    });
  }, [client, profile?.id]);
  if (!profile) return <p>Sign in to see your notifications.</p>;
  const verb = { FOLLOW: "followed you", REPLY: "replied", QUOTE: "quoted you", REPOST: "reposted", LIKE: "liked", TIP: "tipped" } as const;
  return (
    <section>
      <h2>Notifications</h2>
      {list.data?.items.map((n, i) => (
        <div className="notification" data-testid="notification" key={`${n.createdAt}-${i}`}>
          {n.actor ? <a href={link(`/u/${n.actor.handle}`)}>@{n.actor.handle}</a> : "someone"} {verb[n.kind]}{" "}
          {n.subject && <a href={link(`/p/${n.subject.id}`)}>{n.subject.body ?? "your post"}</a>}
          {n.amount && ` ${Number(n.amount) / 1e18} ETH`}
        </div>
      ))}
    </section>
  );
}

export function SearchPage() {
  const { client } = useKith();
  const [prefix, setPrefix] = useState("");
  const valid = /^[a-z0-9_]{1,16}$/.test(prefix);
  const results = useQuery({ queryKey: ["search", prefix], queryFn: () => client.searchProfiles({ prefix }), enabled: valid });
  return (
    <section>
      <input data-testid="search" placeholder="Search handles" value={prefix} onChange={(e) => setPrefix(e.target.value.toLowerCase())} />
      {results.data?.items.map((p) => (
        <div key={p.id} data-testid="search-result">
          <a href={link(`/u/${p.handle}`)}>@{p.handle}</a> <span className="meta">{p.followerCount} followers</span>
        </div>
      ))}
    </section>
  );
}

/** "Sign in once": grant the app a key that posts and reacts without a prompt; revoke it here. */
export function SettingsPage() {
  const { client, profile, appKey, setAppKey, run } = useKith();
  const keys = useQuery({ queryKey: ["appKeys", profile?.id], queryFn: () => client.appKeys({ profileId: BigInt(profile!.id) }), enabled: !!profile });
  if (!profile) return <p>Sign in first.</p>;
  const profileId = BigInt(profile.id);
  const grant = async () => {
    const granted = await run("Grant app key", (onStatus) => client.grantAppKey({ profileId, onStatus }));
    if (granted) setAppKey({ privateKey: granted.privateKey, key: granted.key, expiry: String(granted.expiry), profileId: profile.id });
  };
  const revoke = async () => {
    if (!appKey) return;
    const revoked = await run("Revoke app key", (onStatus) => client.revokeAppKey({ profileId, key: appKey.key, onStatus }));
    if (revoked) setAppKey(null);
  };
  return (
    <section>
      <h2>Settings</h2>
      {appKey ? (
        <p data-testid="appkey-state">
          Signed in once: this browser's app key {appKey.key.slice(0, 10)}… posts and likes for you without a wallet prompt until{" "}
          {new Date(Number(appKey.expiry) * 1000).toLocaleString()}. <button data-testid="revoke-appkey" onClick={revoke}>Revoke</button>
        </p>
      ) : (
        <p data-testid="appkey-state">
          Every post and like asks your wallet to sign. <button data-testid="grant-appkey" onClick={grant}>Sign in once</button> (one signature: a key
          for posting and reacting, valid 7 days, kept in this browser; the relayer pays)
        </p>
      )}
      <h3>Active app keys</h3>
      {keys.data?.map((k) => (
        <div key={k.key} className="meta">
          {k.key} · {k.scopes.join(", ")} · until {new Date(Number(k.expiry) * 1000).toLocaleString()}
        </div>
      ))}
    </section>
  );
}
