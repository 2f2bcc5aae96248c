import { useState } from 'preact/hooks';
import { api } from './api.js';
import { Message, POLL_MS, WriteButton, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { Worker } from './types.js';

const stateOf = (w: Worker): string => (w.status?.draining === true ? 'draining' : w.status?.healthy === true ? 'healthy' : 'unhealthy');

/** The fleet from `GET /workers` every 2 s: drain/resume (`PATCH`), add (`POST`), remove (`DELETE`, two clicks). */
export function Workers() {
  const [list, setList] = useState<readonly Worker[] | null>(null);
  const [armed, setArmed] = useState<ReadonlySet<string>>(new Set());
  const [url, setUrl] = useState('');
  const [models, setModels] = useState('');
  const [note, say, fail] = useNote();
  const reload = usePoll(async () => setList((await api<{ workers: readonly Worker[] }>('GET', '/workers')).workers), POLL_MS, fail);

  const act = async (method: string, id: string, body: unknown, done: string): Promise<void> => {
    try {
      await api(method, `/workers/${encodeURIComponent(id)}`, body);
      say(done);
      await reload();
    } catch (err) {
      fail(err);
    }
  };
  const remove = (w: Worker): void => {
    if (!armed.has(w.id)) {
      setArmed(new Set([...armed, w.id]));
      return;
    }
    setArmed(new Set([...armed].filter((id) => id !== w.id)));
    void act('DELETE', w.id, undefined, `${w.id} removed (its in-flight requests finish).`);
  };
  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ids = models.split(',').map((m) => m.trim()).filter((m) => m !== '');
    try {
      const created = await api<{ id: string }>('POST', '/workers', ids.length === 0 ? { url: url.trim() } : { url: url.trim(), models: ids.map((id) => ({ id })) });
      say(`Added ${created.id}.`);
      setUrl('');
      setModels('');
      await reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <>
      <div id="workers-list" class="table-wrap">
        {list !== null && (
          <Table
            name="workers"
            empty="No workers."
            rows={list}
            rowKey={(w) => w.id}
            rowAttrs={(w) => ({ 'data-worker': w.id })}
            columns={[
              { title: 'Id', sort: (w) => w.id, cell: (w) => w.id },
              { title: 'URL', sort: (w) => w.url, cell: (w) => <code>{w.url}</code> },
              { title: 'Models', sort: (w) => (w.models ?? []).map((m) => m.id).join(', '), cell: (w) => (w.models ?? []).map((m) => m.id).join(', ') },
              { title: 'State', sort: stateOf, cell: (w) => <span class={`pill pill-${stateOf(w)}`} data-state={stateOf(w)}>{stateOf(w)}</span> },
              { title: 'Circuit', sort: (w) => w.status?.circuit ?? '', cell: (w) => w.status?.circuit ?? '–' },
              { title: 'In flight', numeric: true, sort: (w) => w.status?.in_flight ?? 0, cell: (w) => `${w.status?.in_flight ?? 0}/${w.status?.max_in_flight ?? '–'}` },
              { title: 'Priority', numeric: true, sort: (w) => w.priority, cell: (w) => String(w.priority) },
              { title: 'Cost', numeric: true, sort: (w) => w.cost, cell: (w) => String(w.cost) },
              { title: 'Source', sort: (w) => w.source, cell: (w) => w.source },
              {
                title: '',
                actions: true,
                cell: (w) => {
                  const draining = w.status?.draining === true;
                  const isArmed = armed.has(w.id);
                  return (
                    <>
                      <WriteButton action={draining ? 'resume' : 'drain'} onClick={() => void act('PATCH', w.id, { draining: !draining }, draining ? `${w.id} takes requests again.` : `${w.id} is draining.`)}>
                        {draining ? 'Resume' : 'Drain'}
                      </WriteButton>
                      <WriteButton action="remove" danger={isArmed} disabled={w.source === 'config'} title={w.source === 'config' ? 'A config worker is removed by changing the config.' : undefined} onClick={() => remove(w)}>
                        {isArmed ? 'Confirm remove' : 'Remove'}
                      </WriteButton>
                    </>
                  );
                },
              },
            ]}
          />
        )}
      </div>
      <form id="worker-add" class="inline-form" autocomplete="off" onSubmit={(e) => void add(e)}>
        <label for="worker-url">URL</label>
        <input id="worker-url" type="url" required placeholder="http://10.0.0.5:8000" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <label for="worker-models">Models</label>
        <input id="worker-models" type="text" placeholder="comma-separated; empty: discover" value={models} onInput={(e) => setModels(e.currentTarget.value)} />
        <WriteButton type="submit">Add worker</WriteButton>
      </form>
      <Message id="workers-message" note={note} />
    </>
  );
}
