import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf, recordsOf } from '../../../core/util/narrow-json.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-stdio-admin-0001';
const AUTH = { authorization: `Bearer ${ADMIN}` };
const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'mcp-stdio', 'stdio-server.mjs');

function config(stdio: Record<string, unknown>): Record<string, unknown> {
  return {
    auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
    workers: [{ url: 'demo://local', runtime: 'demo', models: ['switchyard-demo'] }],
    tool_loop: { stdio },
    routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'] } },
  };
}

async function ask(gateway: TestGateway, content: string): Promise<string> {
  const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content }], tools: [{ type: 'mcp', server_id: 'local' }] });
  const text = await response.text();
  expect(response.status, text).to.equal(200);
  expect(response.headers.get('x-tool-loop-turns')).to.equal('2');
  return String(recordOf(recordOf(recordsOf(recordOf(JSON.parse(text))['choices'])[0]?.['message']))['content']);
}

describe('stdio MCP servers from the config file (tool_loop.stdio)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  before(async () => {
    // In the gateway's environment; the stdio server must not inherit it.
    process.env['SWITCHYARD_TEST_GATEWAY_SECRET'] = 'gateway-secret';
    gateway = await startGateway(config({ enabled: true, servers: [{ server_id: 'local', name: 'Local tools', command: process.execPath, args: [FIXTURE], env: { FIXTURE_GREETING: 'hi' } }] }));
    await waitFor('the stdio server to connect', async () => {
      const view = recordOf(await (await fetch(`${gateway.url}/mcp/servers/local`, { headers: AUTH })).json());
      return view['status'] === 'healthy' ? view : undefined;
    }, 30_000, 100);
  });
  after(async () => {
    delete process.env['SWITCHYARD_TEST_GATEWAY_SECRET'];
    await gateway?.close();
  });

  it('starts the command with the SDK\'s stdio transport, lists its tools and shows no args or env', async () => {
    const view = recordOf(await (await fetch(`${gateway.url}/mcp/servers/local`, { headers: AUTH })).json());
    expect(view).to.include({ server_id: 'local', transport: 'stdio', source: 'config', status: 'healthy', tool_count: 3 });
    expect(JSON.stringify(view)).to.not.contain(FIXTURE).and.not.contain('FIXTURE_GREETING');
    const tools = recordsOf(recordOf(await (await fetch(`${gateway.url}/mcp/tools`, { headers: AUTH })).json())['tools']);
    expect(tools.filter((t) => t['server_id'] === 'local').map((t) => t['name'])).to.deep.equal(['shout', 'env_probe', 'trace_probe']);
  });

  it('runs its tools in a tool loop (the demo worker calling them)', async () => {
    expect(await ask(gateway, 'shout hello world')).to.contain('The tool answered: "HELLO WORLD"');
  });

  it('gives the child its configured env on a minimal environment, not the gateway\'s', async () => {
    const answer = await ask(gateway, 'env_probe');
    expect(answer).to.contain('{"greeting":"hi","leaked":null}');
  });

  it('keeps it out of the API\'s reach; the API never accepts stdio', async () => {
    const replace = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'local', name: 'x', url: 'http://127.0.0.1:9/mcp' }, AUTH);
    expect(replace.status).to.equal(400);
    expect(JSON.stringify(await replace.json())).to.contain('tool_loop.stdio');
    const removed = await fetch(`${gateway.url}/mcp/servers/local`, { method: 'DELETE', headers: AUTH });
    expect(removed.status).to.equal(400);
    const stdio = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'shell', name: 'x', url: 'http://127.0.0.1:9/mcp', transport: 'stdio', command: 'sh' }, AUTH);
    expect(stdio.status).to.equal(400);
    expect(JSON.stringify(await stdio.json())).to.contain('GW_ERR_MCP_STDIO_REFUSED').and.contain('tool_loop.stdio.servers');
  });

  it('refuses a config that lists stdio servers without enabling them', async () => {
    const failed = await startGateway(config({ servers: [{ server_id: 'local', name: 'Local', command: process.execPath, args: [FIXTURE] }] })).then(
      async (g) => {
        await g.close();
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(String(failed)).to.contain('tool_loop.stdio.enabled is false');
  });
});
