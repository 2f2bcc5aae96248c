import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'chai';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-mcpgw-admin-0001';
const ALL = 'sk-mcpgw-user-all-0001';
const ECHO_ONLY = 'sk-mcpgw-user-echo-0001';

async function connect(gateway: TestGateway, key: string | undefined): Promise<Client> {
  const client = new Client({ name: 'ide', version: '1.0.0' });
  const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit: { headers } }));
  return client;
}

describe('the gateway as one MCP server at /mcp (the MCP SDK client against it)', function () {
  this.timeout(30_000);
  let mcp: McpTestServer;
  let gateway: TestGateway;
  before(async () => {
    mcp = await new McpTestServer().start();
    gateway = await startGateway({
      auth: {
        control_plane_api_keys: [{ id: 'ops', key: ADMIN }],
        api_keys: [
          { id: 'all', key: ALL },
          { id: 'echo-only', key: ECHO_ONLY, mcp_tools: ['calc/echo'] },
        ],
      },
      workers: [{ url: 'demo://local', models: ['demo'] }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    });
    const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).to.equal(201);
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
  });

  it('aggregates the registered servers\' tools under namespaced names and runs them', async () => {
    const client = await connect(gateway, ALL);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).to.include.members(['calc__add', 'calc__echo', 'calc__slow']);
      expect(tools.find((t) => t.name === 'calc__add')?.inputSchema).to.deep.include({ type: 'object', required: ['a', 'b'] });
      const result = await client.callTool({ name: 'calc__add', arguments: { a: 2, b: 40 } });
      expect(result.content).to.deep.equal([{ type: 'text', text: '42' }]);
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.match(/switchyard_mcp_tool_calls_total\{server="calc",tool="add",status="ok"\} 1/);
    } finally {
      await client.close();
    }
  });

  it('aggregates resources under namespaced URIs and reads them from the server that listed them', async () => {
    const client = await connect(gateway, ALL);
    try {
      const { resources } = await client.listResources();
      const readme = resources.find((r) => r.name === 'calc__readme');
      expect(readme?.uri).to.equal(`switchyard://calc/${encodeURIComponent('notes://readme')}`);
      const read = await client.readResource({ uri: readme?.uri ?? '' });
      expect(read.contents).to.deep.equal([{ uri: readme?.uri, text: 'read me' }]);
      let refused: unknown;
      await client.readResource({ uri: 'switchyard://nope/x' }).catch((err: unknown) => (refused = err));
      expect(String(refused)).to.contain('No resource');
    } finally {
      await client.close();
    }
    const narrow = await connect(gateway, ECHO_ONLY);
    try {
      expect((await narrow.listResources()).resources, 'a grant naming one tool does not open the whole server').to.deep.equal([]);
    } finally {
      await narrow.close();
    }
  });

  it('keeps a session per Mcp-Session-Id, bound to its key, ended by DELETE', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ALL}` } } });
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(transport);
    const sessionId = transport.sessionId;
    expect(sessionId).to.be.a('string').and.not.equal('');
    expect((await client.listTools()).tools.map((t) => t.name)).to.include('calc__echo');
    const listTools = { jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} };
    const mcpHeaders = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}`, accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId ?? '', 'mcp-protocol-version': transport.protocolVersion ?? '2025-06-18' });
    const stolen = await postJson(`${gateway.url}/mcp`, listTools, mcpHeaders(ECHO_ONLY));
    expect(stolen.status, 'another key cannot use the session').to.equal(404);
    const own = await postJson(`${gateway.url}/mcp`, listTools, mcpHeaders(ALL));
    expect(own.status, await own.clone().text()).to.equal(200);
    await transport.terminateSession();
    const ended = await postJson(`${gateway.url}/mcp`, listTools, mcpHeaders(ALL));
    expect(ended.status).to.equal(404);
    expect(JSON.stringify(await ended.json())).to.contain('initialize');
    await client.close();
  });

  it('shows and runs only what the key\'s mcp_tools grant allows, and needs a key', async () => {
    const client = await connect(gateway, ECHO_ONLY);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(['calc__echo']);
      const refused = await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
      expect(refused.isError).to.equal(true);
      expect(mcp.calls.filter((c) => c.tool === 'add' && JSON.stringify(c.args) === '{"a":1,"b":1}')).to.have.length(0);
    } finally {
      await client.close();
    }
    const anonymous = await connect(gateway, undefined).then(
      () => 'connected',
      (err: unknown) => String(err),
    );
    expect(anonymous).to.contain('GW_ERR_AUTH_UNAUTHENTICATED');
  });
});
