import { useState } from 'preact/hooks';
import { api } from './api.js';
import { Message, WriteButton, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { Key, Spend } from './types.js';

const ROLES = ['user', 'read-only', 'admin'];

/** `GET /keys` (never secrets); create (`POST`: the secret shown once, from that answer only), revoke. */
export function Keys() {
  const [list, setList] = useState<readonly Key[] | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [form, setForm] = useState({ id: '', name: '', role: 'user' });
  const [note, say, fail] = useNote();
  const [spend, setSpend] = useState<Spend | null>(null);
  const reload = usePoll(
    async () => {
      const [keys, spent] = await Promise.all([api<{ data: readonly Key[] }>('GET', '/keys'), api<Spend>('GET', '/limits/spend').catch(() => null)]);
      setList(keys.data);
      setSpend(spent);
    },
    0,
    fail,
  );
  const spentBy = (k: Key): number => spend?.spend[`api_key:${k.id}`] ?? 0;
  const spendText = (k: Key): string => {
    if (spend === null) return '–';
    const spent = spentBy(k).toFixed(4);
    return k.budget === undefined ? `${spent} ${spend.currency}` : `${spent} / ${k.budget} ${spend.currency} (${Math.round((spentBy(k) / k.budget) * 100)} %)`;
  };
  /** The key's team with what the team spent together, against its budget when it has one. */
  const teamText = (k: Key): string => {
    if (k.team === undefined) return '–';
    const team = spend?.teams?.[k.team];
    if (spend === null || team === undefined) return k.team;
    const spent = team.spend.toFixed(4);
    return team.budget === null ? `${k.team} ${spent} ${spend.currency}` : `${k.team} ${spent} / ${team.budget} ${spend.currency}`;
  };
  const revoke = async (id: string): Promise<void> => {
    try {
      await api('DELETE', `/keys/${encodeURIComponent(id)}`);
      say(`Revoked ${id}.`);
      await reload();
    } catch (err) {
      fail(err);
    }
  };
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    const body: Record<string, string> = { role: form.role };
    if (form.id.trim() !== '') body['id'] = form.id.trim();
    if (form.name.trim() !== '') body['name'] = form.name.trim();
    try {
      const created = await api<{ id: string; key: string }>('POST', '/keys', body);
      // Shown once, from this answer only: kept in this component's state until dismissed, nowhere else.
      setSecret(created.key);
      setForm({ id: '', name: '', role: 'user' });
      say(`Created ${created.id}.`);
      await reload();
    } catch (err) {
      fail(err);
    }
  };
  const field = (name: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value });
  return (
    <>
      <div id="keys-list" class="table-wrap">
        {list !== null && (
          <Table
            name="keys"
            empty="No keys."
            rows={list}
            rowKey={(k) => k.id}
            rowAttrs={(k) => ({ 'data-key': k.id })}
            columns={[
              { title: 'Id', sort: (k) => k.id, cell: (k) => k.id },
              { title: 'Name', sort: (k) => k.name ?? '', cell: (k) => k.name ?? '' },
              { title: 'Role', sort: (k) => k.role, cell: (k) => k.role },
              { title: 'Plane', sort: (k) => (k.controlPlane === true ? 'control' : 'data'), cell: (k) => (k.controlPlane === true ? 'control' : 'data') },
              { title: 'Source', sort: (k) => k.source, cell: (k) => k.source },
              { title: 'State', sort: (k) => (k.enabled ? 'enabled' : 'disabled'), cell: (k) => (k.enabled ? 'enabled' : 'disabled') },
              { title: 'Spend / budget', numeric: true, sort: spentBy, cell: (k) => <span data-spend>{spendText(k)}</span> },
              { title: 'Team spend / budget', sort: (k) => k.team ?? '', cell: (k) => <span data-team>{teamText(k)}</span> },
              { title: 'Created', sort: (k) => k.created_at ?? '', cell: (k) => k.created_at ?? '–' },
              { title: 'Expires', sort: (k) => k.expires_at ?? '', cell: (k) => k.expires_at ?? '–' },
              {
                title: '',
                actions: true,
                cell: (k) => (
                  <WriteButton action="revoke" disabled={k.source === 'config'} title={k.source === 'config' ? 'A config key is revoked by changing the config.' : undefined} onClick={() => void revoke(k.id)}>
                    Revoke
                  </WriteButton>
                ),
              },
            ]}
          />
        )}
      </div>
      <form id="key-create" class="inline-form" autocomplete="off" onSubmit={(e) => void create(e)}>
        <label for="key-id">Id</label>
        <input id="key-id" type="text" pattern="[A-Za-z0-9._\-]{1,64}" placeholder="optional" value={form.id} onInput={field('id')} />
        <label for="key-name">Name</label>
        <input id="key-name" type="text" maxLength={200} placeholder="optional" value={form.name} onInput={field('name')} />
        <label for="key-role">Role</label>
        <select id="key-role" value={form.role} onChange={field('role')}>
          {ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
        <WriteButton type="submit">Create key</WriteButton>
      </form>
      <div id="key-secret" class="secret" hidden={secret === null}>
        <p>The new key's secret. It is shown once: copy it now.</p>
        <code id="key-secret-value">{secret ?? ''}</code>
        <button type="button" id="key-secret-dismiss" onClick={() => setSecret(null)}>
          Done, hide it
        </button>
      </div>
      <Message id="keys-message" note={note} />
    </>
  );
}
