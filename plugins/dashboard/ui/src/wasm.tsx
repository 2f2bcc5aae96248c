import { useState } from 'preact/hooks';
import { ApiError, api } from './api.js';
import { Message, WriteButton, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { WasmList, WasmModule } from './types.js';

const ATTACH_POINTS = ['OnRequest', 'OnResponse', 'OnStreamChunk', 'OnError'];

/** off: switched off by an admin; failing: disabled after repeated failures (its calls fail). */
const stateOf = (m: WasmModule): string => (m.paused === true ? 'off' : m.disabled === true ? 'failing' : 'active');

interface RegisterAnswer {
  readonly modules?: readonly { readonly add_result?: { readonly Error?: string } }[];
}

/** `GET /wasm`: modules and totals; register by path (`POST`, a new version when the name exists), delete. */
export function Wasm(props: { readonly onChange: () => void }) {
  const [list, setList] = useState<WasmList | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', path: '', attach: 'OnRequest', timeout: '' });
  const [note, say, fail] = useNote();
  const reload = usePoll(
    async () => {
      try {
        setList(await api<WasmList>('GET', '/wasm'));
        setUnavailable(null);
      } catch (err) {
        // WASM policies switched off in the config: say so instead of an error.
        if (err instanceof ApiError && err.status === 404) setUnavailable(err.message);
        else throw err;
      }
    },
    0,
    fail,
  );
  const changed = async (): Promise<void> => {
    await reload();
    props.onChange();
  };
  const remove = async (m: WasmModule): Promise<void> => {
    try {
      await api('DELETE', `/wasm/${encodeURIComponent(m.uuid)}`);
      say(`Deleted ${m.name} v${m.version}.`);
      await changed();
    } catch (err) {
      fail(err);
    }
  };
  const switchOnOff = async (m: WasmModule, enabled: boolean): Promise<void> => {
    try {
      await api('PATCH', `/wasm/${encodeURIComponent(m.uuid)}`, { enabled });
      say(enabled ? `${m.name} runs again.` : `${m.name} is switched off.`);
      await changed();
    } catch (err) {
      fail(err);
    }
  };
  /** POST /wasm: a name that exists gets a new version (the file is read again). */
  const post = async (spec: Record<string, unknown>, done: string): Promise<boolean> => {
    try {
      const answer = await api<RegisterAnswer>('POST', '/wasm', { modules: [spec] });
      const refused = answer.modules?.[0]?.add_result?.Error;
      if (refused !== undefined) throw new Error(`Not registered: ${refused}`);
      say(done);
      await changed();
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  };
  const register = async (event: Event): Promise<void> => {
    event.preventDefault();
    const spec: Record<string, unknown> = { name: form.name.trim(), file_path: form.path.trim(), attach_points: [{ Middleware: form.attach }] };
    if (form.timeout.trim() !== '') spec['timeout_ms'] = Number(form.timeout);
    if (await post(spec, `Registered ${form.name.trim()}.`)) setForm({ name: '', path: '', attach: 'OnRequest', timeout: '' });
  };
  // The same spec again: the module's file is read anew and becomes the next version.
  const reRegister = (m: WasmModule): Promise<boolean> => {
    const spec: Record<string, unknown> = { name: m.name, file_path: m.file_path, attach_points: m.attach_points ?? [] };
    for (const field of ['timeout_ms', 'routes', 'mode', 'on_error'] as const) if (m[field] !== undefined) spec[field] = m[field];
    return post(spec, `Registered ${m.name} again.`);
  };
  const field = (name: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value });

  if (unavailable !== null)
    return (
      <div id="wasm-list" class="table-wrap">
        <p class="muted">{unavailable}</p>
      </div>
    );
  return (
    <>
      <div id="wasm-list" class="table-wrap">
        {list !== null && (
          <Table
            name="wasm"
            empty="No modules registered."
            rows={list.modules}
            rowKey={(m) => m.uuid}
            rowAttrs={(m) => ({ 'data-module': m.name })}
            columns={[
              { title: 'Name', sort: (m) => m.name, cell: (m) => m.name },
              { title: 'Version', numeric: true, sort: (m) => m.version, cell: (m) => String(m.version) },
              { title: 'Transport', sort: (m) => m.transport, cell: (m) => m.transport },
              { title: 'Attach points', cell: (m) => (m.attach_points ?? []).map((a) => a.Middleware).join(', ') },
              { title: 'On error', sort: (m) => m.on_error ?? '', cell: (m) => m.on_error ?? '–' },
              { title: 'Calls', numeric: true, sort: (m) => m.access_count ?? 0, cell: (m) => String(m.access_count ?? 0) },
              { title: 'State', sort: stateOf, cell: (m) => <span data-state={stateOf(m)}>{stateOf(m)}</span> },
              { title: 'UUID', cell: (m) => <code class="small">{m.uuid}</code> },
              {
                title: '',
                actions: true,
                cell: (m) => (
                  <>
                    <WriteButton action={m.paused === true ? 'enable' : 'disable'} onClick={() => void switchOnOff(m, m.paused === true)}>
                      {m.paused === true ? 'Switch on' : 'Switch off'}
                    </WriteButton>
                    <WriteButton action="re-register" title="Read the file again and register it as the next version" onClick={() => void reRegister(m)}>
                      Re-register
                    </WriteButton>
                    <WriteButton action="delete" onClick={() => void remove(m)}>
                      Delete
                    </WriteButton>
                  </>
                ),
              },
            ]}
          />
        )}
        {list?.metrics !== undefined && <p class="muted">{`${list.metrics.total_executions} calls, ${list.metrics.failed_executions} failed, ${list.metrics.total_time_ms} ms in all`}</p>}
      </div>
      <form id="wasm-add" class="inline-form" autocomplete="off" onSubmit={(e) => void register(e)}>
        <label for="wasm-name">Name</label>
        <input id="wasm-name" type="text" required pattern="[a-z][a-z0-9\-]{0,62}" value={form.name} onInput={field('name')} />
        <label for="wasm-path">File path</label>
        <input id="wasm-path" type="text" required value={form.path} onInput={field('path')} />
        <label for="wasm-attach">Attach point</label>
        <select id="wasm-attach" value={form.attach} onChange={field('attach')}>
          {ATTACH_POINTS.map((point) => (
            <option key={point}>{point}</option>
          ))}
        </select>
        <label for="wasm-timeout">Timeout (ms)</label>
        <input id="wasm-timeout" type="number" min="1" step="1" placeholder="default" value={form.timeout} onInput={field('timeout')} />
        <WriteButton type="submit">Register</WriteButton>
      </form>
      <Message id="wasm-message" note={note} />
    </>
  );
}
