import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, adminKey, api, forgetKey, messageOf, rememberKey } from './api.js';
import { Config } from './config.js';
import { Integrations } from './integrations.js';
import { Keys } from './keys.js';
import { Overview } from './overview.js';
import { Routes } from './routes.js';
import { Session } from './shared.js';
import type { Session as SessionInfo } from './types.js';
import { Wasm } from './wasm.js';
import { Workers } from './workers.js';

const PANELS = [
  ['overview', 'Overview'],
  ['routes', 'Routes'],
  ['workers', 'Workers'],
  ['wasm', 'WASM'],
  ['keys', 'Keys'],
  ['config', 'Config'],
  ['integrations', 'More'],
] as const;

function Login(props: { readonly error: string; readonly onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (event: Event): void => {
    event.preventDefault();
    const typed = key.trim();
    // The field is cleared at once: the key lives only in the page's memory from here on.
    setKey('');
    if (typed !== '') props.onKey(typed);
  };
  return (
    <section id="login" aria-labelledby="login-title">
      <h2 id="login-title">Sign in</h2>
      <p>
        Paste a control-plane key. It stays in this page's memory (a reload forgets it) and is sent only in the <code>Authorization</code> header of the gateway's admin API calls.
      </p>
      <form id="login-form" autocomplete="off" onSubmit={submit}>
        <label for="admin-key">Admin key</label>
        <input id="admin-key" name="admin-key" type="password" autocomplete="off" spellcheck={false} required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <button type="submit">Sign in</button>
      </form>
      <p id="login-error" class="error" role="alert">
        {props.error}
      </p>
    </section>
  );
}

function Panel(props: { readonly id: string; readonly title: string; readonly intro?: string; readonly children: ComponentChildren }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.intro !== undefined && <p class="muted">{props.intro}</p>}
      {props.children}
    </section>
  );
}

/**
 * The page: a sign-in form until the gateway accepts the pasted key (`/dashboard/api/session`), then
 * every panel. Signing out unmounts the panels, which stops their polling.
 */
export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loginError, setLoginError] = useState('');
  // Bumped after a WASM or config change: the Routes panel re-reads the pipelines at once.
  const [generation, setGeneration] = useState(0);
  const bump = (): void => setGeneration((g) => g + 1);

  const signOut = (reason?: string): void => {
    forgetKey();
    setSession(null);
    setLoginError(reason ?? '');
  };
  const start = async (): Promise<void> => {
    try {
      // Who the key is, first: a wrong key is told at once, before any panel shows.
      setSession(await api<SessionInfo>('GET', '/dashboard/api/session'));
      setLoginError('');
    } catch (err) {
      signOut(err instanceof ApiError && err.status === 401 ? 'The gateway does not accept this key (a control-plane key is needed).' : messageOf(err));
    }
  };
  useEffect(() => {
    if (adminKey() !== null) void start();
  }, []);

  const canWrite = session?.can_write === true;
  return (
    <Session.Provider value={{ canWrite, signOut }}>
      <header class="top">
        <h1>Switchyard</h1>
        {session !== null && (
          <>
            <nav id="nav">
              {PANELS.map(([id, title]) => (
                <a key={id} href={`#${id}`}>
                  {title}
                </a>
              ))}
            </nav>
            <span id="whoami" class="whoami">{`${session.id} · ${session.role}${canWrite ? '' : ' (read-only: changes are disabled)'}`}</span>
            <button type="button" id="sign-out" onClick={() => signOut()}>
              Sign out
            </button>
          </>
        )}
      </header>
      <main>
        {session === null ? (
          <Login
            error={loginError}
            onKey={(key) => {
              rememberKey(key);
              void start();
            }}
          />
        ) : (
          <div id="panels">
            <Panel id="overview" title="Overview">
              <Overview />
            </Panel>
            <Panel id="routes" title="Routes" intro="Each route's stages in the order they run, with what each did since the gateway started. Open a stage to see its config.">
              <Routes generation={generation} />
            </Panel>
            <Panel id="workers" title="Workers">
              <Workers />
            </Panel>
            <Panel id="wasm" title="WASM policies">
              <Wasm onChange={bump} />
            </Panel>
            <Panel id="keys" title="Keys">
              <Keys />
            </Panel>
            <Panel id="config" title="Config">
              <Config onChange={bump} />
            </Panel>
            <Panel id="integrations" title="MCP, A2A, classifier, cache, PII" intro="Read-only: what the later features hold, when they are on.">
              <Integrations />
            </Panel>
          </div>
        )}
      </main>
    </Session.Provider>
  );
}
