import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';
import { recordOf } from '../../../core/util/narrow-json.js';

const ADMIN = 'sk-mcp-admin-0001';
const SECRET = 'sk-mcp-canary-secret-7c1e';
const AUTH = { authorization: `Bearer ${ADMIN}` };

function gatewayConfig(): Record<string, unknown> {
  return {
    auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
    workers: [{ url: 'demo://local', models: ['demo'] }],
    // The test MCP server listens on loopback, which the SSRF policy refuses unless allowed.
    security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
  };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('MCP registry (/mcp/servers, /mcp/tools, /mcp/resources) against a real SDK server', function () {
  this.timeout(30_000);
  let mcp: McpTestServer;
  let gateway: TestGateway;
  let stateDir: string;
  before(async () => {
    mcp = await new McpTestServer().start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-mcp-'));
    gateway = await startGateway(gatewayConfig(), { stateDir });
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
  });

  it('registers a streamable HTTP server, lists its tools live, shows no secret, persists, deletes', async () => {
    const created = await postJson(
      `${gateway.url}/mcp/servers`,
      { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp`, auth_type: 'bearer_token', auth_value: SECRET, metadata: { team: 'a' } },
      AUTH,
    );
    expect(created.status).to.equal(201);
    const view = await json(created);
    expect(view).to.include({ server_id: 'calc', name: 'Calculator', transport: 'streamable_http', auth_type: 'bearer_token', auth_value: '<redacted>', status: 'healthy', tool_count: 5 });
    expect(mcp.authHeaders.some((h) => h.authorization === `Bearer ${SECRET}`), 'the secret reaches its own server').to.equal(true);

    const listed = await json(await fetch(`${gateway.url}/mcp/servers`, { headers: AUTH }));
    expect(listed['total']).to.equal(1);
    const one = await fetch(`${gateway.url}/mcp/servers/calc`, { headers: AUTH });
    expect(one.status).to.equal(200);
    const oneText = await one.text();
    expect(oneText).to.contain('<redacted>').and.not.contain(SECRET);

    const tools = await json(await fetch(`${gateway.url}/mcp/tools`, { headers: AUTH }));
    const add = (tools['tools'] as Record<string, unknown>[]).find((t) => t['name'] === 'add');
    expect(add).to.include({ server_id: 'calc', description: 'Adds two numbers' });
    expect(add?.['input_schema']).to.deep.include({ type: 'object', required: ['a', 'b'] });

    const resources = await json(await fetch(`${gateway.url}/mcp/resources`, { headers: AUTH }));
    expect(resources['resources']).to.deep.equal([{ server_id: 'calc', uri: 'notes://readme', name: 'readme', description: 'The readme', mime_type: 'text/plain' }]);

    // /statsz (public) shows the server's status by id: no URL, no secret.
    const statsz = await fetch(`${gateway.url}/statsz`);
    const statszText = await statsz.text();
    expect((JSON.parse(statszText) as Record<string, unknown>)['mcp_servers']).to.deep.equal([{ server_id: 'calc', status: 'healthy', tool_count: 5 }]);
    expect(statszText).not.to.contain(mcp.url).and.not.to.contain(SECRET);

    // Persisted for a restart (0600 state file), secret included there and nowhere in the logs.
    const saved = readFileSync(join(stateDir, 'mcp-servers.json'), 'utf8');
    expect(saved).to.contain('"server_id": "calc"');
    expect(gateway.logLines.join('')).to.not.contain(SECRET);

    const restarted = await startGateway(gatewayConfig(), { stateDir });
    try {
      const restored = await waitFor('the restored server to connect', async () => {
        const body = await json(await fetch(`${restarted.url}/mcp/servers/calc`, { headers: AUTH }));
        return body['status'] === 'healthy' ? body : undefined;
      });
      expect(restored).to.include({ auth_value: '<redacted>', tool_count: 5 });
    } finally {
      await restarted.close();
    }

    const deleted = await fetch(`${gateway.url}/mcp/servers/calc`, { method: 'DELETE', headers: AUTH });
    expect(await json(deleted)).to.deep.equal({ server_id: 'calc', deleted: true });
    const gone = await fetch(`${gateway.url}/mcp/servers/calc`, { headers: AUTH });
    expect(gone.status).to.equal(404);
    const goneBody = await json(gone);
    expect(goneBody['detail']).to.contain('No MCP server "calc"');
    expect(goneBody['error']).to.include({ code: 'GW_ERR_ADMIN_NOT_FOUND' });
    expect((await json(await fetch(`${gateway.url}/mcp/tools`, { headers: AUTH })))['total']).to.equal(0);
  });

  it('speaks the SSE transport too, and follows notifications/tools/list_changed', async () => {
    const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'legacy', name: 'Legacy SSE', url: `${mcp.url}/sse`, transport: 'sse', auth_type: 'api_key', auth_value: SECRET }, AUTH);
    expect(created.status).to.equal(201);
    expect(await json(created)).to.include({ status: 'healthy', tool_count: 5, api_key_header: 'x-api-key', auth_value: '<redacted>' });
    expect(mcp.authHeaders.some((h) => h.apiKey === SECRET)).to.equal(true);
    mcp.addTool('late');
    await waitFor('the gateway to see the new tool', async () => (await json(await fetch(`${gateway.url}/mcp/servers/legacy`, { headers: AUTH })))['tool_count'] === 6);
    await fetch(`${gateway.url}/mcp/servers/legacy`, { method: 'DELETE', headers: AUTH });
  });

  it('refuses URLs the SSRF policy forbids, bodies that break the schema, and anonymous callers', async () => {
    const metadata = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'meta', name: 'x', url: 'http://169.254.169.254/mcp' }, AUTH);
    expect(metadata.status).to.equal(400);
    expect((await json(metadata))['error']).to.deep.include({ param: 'url' });
    const strict = await startGateway({ ...gatewayConfig(), security: { ssrf: {} } });
    try {
      const loopback = await postJson(`${strict.url}/mcp/servers`, { server_id: 'loop', name: 'x', url: `${mcp.url}/mcp` }, AUTH);
      expect(loopback.status).to.equal(400);
      expect(JSON.stringify(await json(loopback))).to.contain('loopback');
    } finally {
      await strict.close();
    }
    const unknownField = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'bad id!', name: '', url: `${mcp.url}/mcp`, transport: 'websocket', colour: 'red' }, AUTH);
    expect(unknownField.status).to.equal(400);
    const schemaError = recordOf((await json(unknownField))['error']);
    expect(schemaError['code']).to.equal('GW_ERR_ADMIN_INVALID_BODY');
    // Every schema problem at once, not the first.
    expect(String(schemaError['message'])).to.contain('/server_id').and.contain('/name').and.contain('/transport').and.contain('colour');
  });

  it('refuses a stdio server from the API with its own code that points at the config file', async () => {
    for (const body of [
      { server_id: 'shell', name: 'x', url: 'http://example.com', transport: 'stdio' },
      { server_id: 'shell', name: 'x', url: 'http://example.com', command: 'sh', args: ['-c', 'id'] },
      { server_id: 'shell', transport: 'stdio', command: 'sh' },
    ]) {
      const refused = await postJson(`${gateway.url}/mcp/servers`, body, AUTH);
      expect(refused.status).to.equal(400);
      const error = recordOf((await json(refused))['error']);
      expect(error).to.include({ code: 'GW_ERR_MCP_STDIO_REFUSED', type: 'invalid_request_error' });
      const message = String(error['message']);
      expect(message).to.contain('never accepted from the API').and.contain('remote code execution');
      expect(message).to.contain('tool_loop.stdio.servers').and.contain('tool_loop.stdio.enabled');
      expect(message).to.not.contain('must be one of');
    }
    // The rest of a stdio body is still checked, all of it, in the same answer.
    const incomplete = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'shell', transport: 'stdio', command: 'sh' }, AUTH);
    expect(String(recordOf((await json(incomplete))['error'])['message'])).to.contain('/name is required').and.contain('/url is required');
    expect((await fetch(`${gateway.url}/mcp/servers/shell`, { headers: AUTH })).status).to.equal(404);
  });

  it('refuses bodies with a missing secret and anonymous callers', async () => {
    const secretless = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'nokey', name: 'x', url: `${mcp.url}/mcp`, auth_type: 'bearer_token' }, AUTH);
    expect(secretless.status).to.equal(400);
    expect((await postJson(`${gateway.url}/mcp/servers`, { server_id: 'x', name: 'x', url: `${mcp.url}/mcp` })).status).to.equal(401);
  });

  it('keeps a server that cannot be reached, marked down', async () => {
    const down = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'away', name: 'Away', url: 'http://127.0.0.1:9/mcp' }, AUTH);
    expect(down.status).to.equal(201);
    const view = await json(down);
    expect(view).to.include({ status: 'down', tool_count: 0 });
    expect(view['last_error']).to.be.a('string');
    await fetch(`${gateway.url}/mcp/servers/away`, { method: 'DELETE', headers: AUTH });
  });
});
