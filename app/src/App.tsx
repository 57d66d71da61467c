import { useEffect, useState } from "react";
import type { Chain } from "viem";
import { useAccount, useConnect, useDisconnect } from "wagmi";

import { link, StatusLine } from "./components.tsx";
import type { AppConfig } from "./config.ts";
import { KithProvider, useKith } from "./kith.tsx";
import { ChannelPage, ChannelsPage, ModerationPage } from "./moderation.tsx";
import { HomePage, NotificationsPage, ProfilePage, SearchPage, SettingsPage, ThreadPage } from "./pages.tsx";

function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

function Connect() {
  const { address, isConnected } = useAccount();
  const { connect, connectors, error } = useConnect();
  const { disconnect } = useDisconnect();
  if (isConnected) {
    return (
      <span className="meta" data-testid="account">
        {address!.slice(0, 6)}…{address!.slice(-4)} <button onClick={() => disconnect()}>Disconnect</button>
      </span>
    );
  }
  const injected = connectors[0];
  return (
    <span>
      <button data-testid="connect" disabled={!injected} onClick={() => injected && connect({ connector: injected })}>
        Connect wallet
      </button>
      {!injected && <span className="meta"> (no injected wallet found)</span>}
      {error && <span className="error"> {error.message}</span>}
    </span>
  );
}

/** Register a handle, or act as a profile this wallet already holds. */
function SignIn() {
  const { client, address, setProfile, run } = useKith();
  const [handle, setHandle] = useState("");
  const [problem, setProblem] = useState("");
  const register = async () => {
    const result = await run(`Register @${handle}`, (onStatus) => client.register({ handle, onStatus }));
    if (result) setProfile({ id: String(result.profileId), handle });
  };
  const useExisting = async () => {
    const found = await client.profile({ handle });
    if (!found) return setProblem(`No profile @${handle}.`);
    if (found.custody.toLowerCase() !== address!.toLowerCase()) return setProblem(`@${handle} belongs to ${found.custody}, not this wallet.`);
    setProfile({ id: found.id, handle: found.handle });
  };
  return (
    <div className="signin">
      <input data-testid="handle" placeholder="handle" value={handle} onChange={(e) => setHandle(e.target.value.toLowerCase())} />
      <button data-testid="register" disabled={!handle} onClick={register}>Register</button>
      <button data-testid="use-existing" disabled={!handle} onClick={useExisting}>It's mine</button>
      {problem && <span className="error"> {problem}</span>}
    </div>
  );
}

function Shell() {
  const { address, profile, appKey } = useKith();
  const [page, arg] = useRoute();
  return (
    <div className="app">
      <header>
        <a href={link("/")} className="logo">Kith</a>
        <nav>
          <a href={link("/")}>Home</a> <a href={link("/notifications")}>Notifications</a> <a href={link("/search")}>Search</a>{" "}
          <a href={link("/channels")}>Channels</a> <a href={link("/moderation")}>Moderation</a> <a href={link("/settings")}>Settings</a>
        </nav>
        {profile && (
          <a href={link(`/u/${profile.handle}`)} data-testid="me">
            @{profile.handle} {appKey ? "🔑" : ""}
          </a>
        )}
        <Connect />
      </header>
      {address && !profile && <SignIn />}
      <StatusLine />
      <main>
        {page === "u" && arg ? <ProfilePage handle={arg} /> : null}
        {page === "p" && arg ? <ThreadPage postId={arg} /> : null}
        {page === "notifications" && <NotificationsPage />}
        {page === "search" && <SearchPage />}
        {page === "settings" && <SettingsPage />}
        {page === "channels" && <ChannelsPage />}
        {page === "c" && arg ? <ChannelPage name={arg} /> : null}
        {page === "moderation" && <ModerationPage />}
        {page === undefined && <HomePage />}
      </main>
    </div>
  );
}

export function App({ config, chain }: { config: AppConfig; chain: Chain }) {
  return (
    <KithProvider config={config} chain={chain}>
      <Shell />
    </KithProvider>
  );
}
