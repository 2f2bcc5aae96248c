import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, api, messageOf } from './api.js';
import { Message, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { A2aAgent, McpServer, McpTool, Traffic } from './types.js';

const SLOW_POLL_MS = 5000;

/** A list that may not exist on this gateway (its feature off): a 404 or 403 is said, not raised. */
type Listing<T> = { readonly rows: readonly T[] } | { readonly unavailable: string };

async function listing<T>(path: string, field: string): Promise<Listing<T>> {
  try {
    const answer = await api<Record<string, readonly T[] | undefined>>('GET', path);
    return { rows: answer[field] ?? [] };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return { unavailable: messageOf(err) };
    throw err;
  }
}

function Listed<T>(props: { readonly id: string; readonly title: string; readonly listing: Listing<T> | null; readonly render: (rows: readonly T[]) => JSX.Element }) {
  return (
    <div id={props.id}>
      <h3>{props.title}</h3>
      {props.listing !== null && ('unavailable' in props.listing ? <p class="muted">{props.listing.unavailable}</p> : props.render(props.listing.rows))}
    </div>
  );
}

/** `GET /health` holds the plugins' sections (classifier models, cache …) next to status, version and uptime. */
function sectionsOf(health: Record<string, unknown>): [string, unknown][] {
  return Object.entries(health).filter(([name]) => !['status', 'version', 'uptime_seconds'].includes(name));
}

/**
 * Read-only lists of what later features added: MCP servers and tools, A2A agents, the plugins'
 * `/health` sections (classifier, cache) and the pii-redaction stage's detections. Every 5 s.
 */
export function Integrations() {
  const [servers, setServers] = useState<Listing<McpServer> | null>(null);
  const [tools, setTools] = useState<Listing<McpTool> | null>(null);
  const [agents, setAgents] = useState<Listing<A2aAgent> | null>(null);
  const [sections, setSections] = useState<[string, unknown][]>([]);
  const [pii, setPii] = useState<Traffic['pii_detections']>([]);
  const [note, , fail] = useNote();
  usePoll(
    async () => {
      const [s, t, a, health, traffic] = await Promise.all([
        listing<McpServer>('/mcp/servers', 'servers'),
        listing<McpTool>('/mcp/tools', 'tools'),
        listing<A2aAgent>('/a2a/agents', 'agents'),
        api<Record<string, unknown>>('GET', '/health'),
        api<Traffic>('GET', '/dashboard/api/traffic'),
      ]);
      setServers(s);
      setTools(t);
      setAgents(a);
      setSections(sectionsOf(health));
      setPii(traffic.pii_detections ?? []);
    },
    SLOW_POLL_MS,
    fail,
  );
  return (
    <>
      <Listed
        id="mcp-servers"
        title="MCP servers"
        listing={servers}
        render={(rows) => (
          <div class="table-wrap">
            <Table
              name="mcp-servers"
              empty="No MCP servers registered."
              rows={rows}
              rowKey={(s) => s.server_id}
              rowAttrs={(s) => ({ 'data-mcp-server': s.server_id })}
              columns={[
                { title: 'Id', sort: (s) => s.server_id, cell: (s) => s.server_id },
                { title: 'Name', sort: (s) => s.name, cell: (s) => s.name },
                { title: 'URL', sort: (s) => s.url, cell: (s) => <code>{s.url}</code> },
                { title: 'Transport', cell: (s) => s.transport ?? '–' },
                { title: 'Status', sort: (s) => s.status, cell: (s) => s.status },
                { title: 'Tools', numeric: true, sort: (s) => s.tool_count, cell: (s) => String(s.tool_count) },
                { title: 'Last error', cell: (s) => s.last_error ?? '' },
              ]}
            />
          </div>
        )}
      />
      <Listed
        id="mcp-tools"
        title="MCP tools"
        listing={tools}
        render={(rows) => (
          <div class="table-wrap">
            <Table
              name="mcp-tools"
              empty="No tools (no healthy MCP server)."
              rows={rows}
              rowKey={(t) => `${t.server_id}/${t.name}`}
              columns={[
                { title: 'Server', sort: (t) => t.server_id, cell: (t) => t.server_id },
                { title: 'Tool', sort: (t) => t.name, cell: (t) => t.name },
                { title: 'Description', cell: (t) => t.description ?? '' },
              ]}
            />
          </div>
        )}
      />
      <Listed
        id="a2a-agents"
        title="A2A agents"
        listing={agents}
        render={(rows) => (
          <div class="table-wrap">
            <Table
              name="a2a-agents"
              empty="No A2A agents registered."
              rows={rows}
              rowKey={(a) => a.agent_id}
              rowAttrs={(a) => ({ 'data-agent': a.agent_id })}
              columns={[
                { title: 'Id', sort: (a) => a.agent_id, cell: (a) => a.agent_id },
                { title: 'Name', sort: (a) => a.name, cell: (a) => a.name },
                { title: 'URL', sort: (a) => a.url, cell: (a) => <code>{a.url}</code> },
                { title: 'Card', cell: (a) => (a.card_cached ? `cached ${a.card_fetched_at ?? ''}` : 'not fetched') },
                { title: 'Last error', cell: (a) => a.last_error ?? '' },
              ]}
            />
          </div>
        )}
      />
      <div id="pii-detections">
        <h3>PII detections</h3>
        <div class="table-wrap">
          <Table
            name="pii"
            empty="None found yet (or no route runs the pii-redaction stage)."
            rows={pii ?? []}
            rowKey={(p) => `${p.entity}/${p.action}/${p.direction}`}
            rowAttrs={(p) => ({ 'data-entity': p.entity })}
            columns={[
              { title: 'Entity', sort: (p) => p.entity, cell: (p) => p.entity },
              { title: 'Direction', sort: (p) => p.direction, cell: (p) => p.direction },
              { title: 'Action', sort: (p) => p.action, cell: (p) => p.action },
              { title: 'Count', numeric: true, sort: (p) => p.count, cell: (p) => String(p.count) },
            ]}
          />
        </div>
      </div>
      <div id="health-sections">
        <h3>Classifier, cache and other plugin health</h3>
        {sections.length === 0 ? (
          <p class="muted">No plugin adds a section to GET /health on this gateway.</p>
        ) : (
          sections.map(([name, value]) => (
            <details key={name} data-section={name}>
              <summary>{name}</summary>
              <pre class="result">{JSON.stringify(value, null, 2)}</pre>
            </details>
          ))
        )}
      </div>
      <Message id="integrations-message" note={note} />
    </>
  );
}
