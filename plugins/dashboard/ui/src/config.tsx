import { useState } from 'preact/hooks';
import { ApiError, api, messageOf } from './api.js';
import { Message, POLL_MS, WriteButton, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { HaStatus, RouterInfo, SyncStatus } from './types.js';

function Fact(props: { readonly term: string; readonly value: string | number | null | undefined }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.value === null || props.value === undefined ? '–' : String(props.value)}</dd>
    </>
  );
}

/** `GET /ha/status`: the replicas, or a single process (backend "none", or a gateway without the ha plugin: 404). */
function Replicas() {
  const [status, setStatus] = useState<HaStatus | 'single' | null>(null);
  const [note, , fail] = useNote();
  usePoll(
    async () => {
      try {
        const answer = await api<HaStatus>('GET', '/ha/status');
        setStatus(answer.backend === 'none' ? 'single' : answer);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) setStatus('single');
        else throw err;
      }
    },
    POLL_MS,
    fail,
  );
  return (
    <div id="replicas">
      <h3>Replicas</h3>
      {status === 'single' && <p class="muted">Single process: no replicas configured.</p>}
      {status !== null && status !== 'single' && (
        <>
          <p class="muted">{`Backend ${status.backend}; this replica ${status.self.id}; Redis ${status.redis.connected ? 'connected' : 'not connected'}, last sync ${status.redis.last_sync_at ?? '–'}`}</p>
          <div class="table-wrap">
            <Table
              name="replicas"
              empty="No members."
              rows={status.members}
              rowKey={(m) => m.id}
              rowAttrs={(m) => ({ 'data-replica': m.id })}
              columns={[
                { title: 'Id', sort: (m) => m.id, cell: (m) => (m.id === status.self.id ? `${m.id} (this one)` : m.id) },
                { title: 'Address', sort: (m) => m.address, cell: (m) => <code>{m.address}</code> },
                { title: 'Version', sort: (m) => m.version, cell: (m) => m.version },
                { title: 'Config version', sort: (m) => m.config_version, cell: (m) => m.config_version },
                { title: 'Started', sort: (m) => m.started_at, cell: (m) => m.started_at },
                { title: 'Load', numeric: true, sort: (m) => m.load, cell: (m) => String(m.load) },
              ]}
            />
          </div>
        </>
      )}
      <Message id="replicas-message" note={note} />
    </div>
  );
}

/** The active version and the last sync (`/router/info`, `/config/sync/status`); reload (`POST /config/reload`). */
export function Config(props: { readonly onChange: () => void }) {
  const [info, setInfo] = useState<{ info: RouterInfo; sync: SyncStatus } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [note, say, fail] = useNote();
  const reload = usePoll(
    async () => {
      const [routerInfo, sync] = await Promise.all([api<RouterInfo>('GET', '/router/info'), api<SyncStatus>('GET', '/config/sync/status')]);
      setInfo({ info: routerInfo, sync });
    },
    // Polled like the rest: a reload by someone else (or another replica) shows without a click.
    POLL_MS,
    fail,
  );
  const reloadConfig = async (): Promise<void> => {
    try {
      const answer = await api('POST', '/config/reload');
      say(`Reloaded at ${new Date().toLocaleTimeString()}.`);
      setResult(JSON.stringify(answer, null, 2));
    } catch (err) {
      fail(err);
      setResult(`Refused (${err instanceof ApiError ? err.status : 'error'}) at ${new Date().toLocaleTimeString()}: ${messageOf(err)}`);
    }
    await reload();
    props.onChange();
  };
  return (
    <>
      <dl id="config-info" class="facts">
        {info !== null && (
          <>
            <Fact term="Active version" value={info.info.config_version} />
            <Fact term="Reloads" value={info.sync.reload_count} />
            <Fact term="Last sync" value={info.sync.last_sync_time} />
            <Fact term="Hot reload" value={info.sync.hot_reload_enabled ? 'on' : 'off'} />
            <Fact term="Source" value={info.sync.source} />
            <Fact term="Routing" value={(info.info.strategies ?? []).map((s) => `${s.model}: ${s.strategy} (${s.available_workers}/${s.workers})`).join('; ')} />
          </>
        )}
      </dl>
      <WriteButton id="config-reload" onClick={() => void reloadConfig()}>
        Reload config
      </WriteButton>
      <Message id="config-message" note={note} />
      <pre id="config-result" class="result" hidden={result === null}>
        {result ?? ''}
      </pre>
      <Replicas />
    </>
  );
}
