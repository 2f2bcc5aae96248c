import { useState } from 'preact/hooks';
import { ApiError, api } from './api.js';
import { Message, WriteButton, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { WasmList, WasmModule } from './types.js';

const ATTACH_POINTS = ['OnRequest', 'OnResponse', 'OnStreamChunk', 'OnError'];

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
  const register = async (event: Event): Promise<void> => {
    event.preventDefault();
    const spec: Record<string, unknown> = { name: form.name.trim(), file_path: form.path.trim(), attach_points: [{ Middleware: form.attach }] };
    if (form.timeout.trim() !== '') spec['timeout_ms'] = Number(form.timeout);
    try {
      const answer = await api<RegisterAnswer>('POST', '/wasm', { modules: [spec] });
      const refused = answer.modules?.[0]?.add_result?.Error;
      if (refused !== undefined) throw new Error(`Not registered: ${refused}`);
      say(`Registered ${form.name.trim()}.`);
      setForm({ name: '', path: '', attach: 'OnRequest', timeout: '' });
      await changed();
    } catch (err) {
      fail(err);
    }
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
              { title: 'State', sort: (m) => (m.disabled === true ? 'disabled' : 'active'), cell: (m) => (m.disabled === true ? 'disabled' : 'active') },
              { title: 'UUID', cell: (m) => <code class="small">{m.uuid}</code> },
              {
                title: '',
                actions: true,
                cell: (m) => (
                  <WriteButton action="delete" onClick={() => void remove(m)}>
                    Delete
                  </WriteButton>
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
