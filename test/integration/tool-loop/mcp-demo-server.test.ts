import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'chai';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';
import { startMcpDemoServer, type RunningMcpDemoServer } from '../../../plugins/tool-loop/demo-server/mcp-demo-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const OPS = 'sk-example-ops-key';
const NOON = new Date('2026-06-01T12:00:00.000Z');

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'demo-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  return content.map((c) => stringOr(recordOf(c)['text'])).join('');
}

describe('the bundled demo MCP server (switchyard mcp demo-server)', function () {
  this.timeout(60_000);
  let demo: RunningMcpDemoServer;
  before(async () => {
    demo = await startMcpDemoServer({ port: 0, clock: () => NOON });
  });
  after(() => demo.close());

  it('serves add, echo and get_time (its clock injectable) to the MCP SDK client', async () => {
    const client = await connect(demo.url);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(['add', 'echo', 'get_time']);
      expect(textOf(await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }))).to.equal('5');
      expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).to.equal('hi');
      expect(textOf(await client.callTool({ name: 'get_time', arguments: {} }))).to.equal(NOON.toISOString());
    } finally {
      await client.close();
    }
  });

  describe('examples/tool-loop.yaml on the demo worker, offline', () => {
    let gateway: TestGateway;
    before(async () => {
      const raw = recordOf(readConfigFile(join(PACKAGE_ROOT, 'examples', 'tool-loop.yaml')));
      // The file as written (demo worker included); only its documented env var and a free port.
      const config = JSON.parse(JSON.stringify({ ...raw, server: { ...recordOf(raw['server']), port: 0 } }).replace('${OPS_KEY}', OPS)) as Record<string, unknown>;
      gateway = await startGateway(config);
      const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'demo', name: 'Demo tools', url: demo.url }, { authorization: `Bearer ${OPS}` });
      expect(created.status, await created.clone().text()).to.equal(201);
    });
    after(() => gateway?.close());

    it('runs a two-turn loop: the demo model calls demo__add, the gateway runs it, the model answers with the result', async () => {
      const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content: 'add 2 and 3' }], tools: [{ type: 'mcp', server_id: 'demo' }] });
      const text = await response.text();
      expect(response.status, text).to.equal(200);
      expect(response.headers.get('x-tool-loop-turns')).to.equal('2');
      const body = JSON.parse(text) as { choices: { message: { content: string; tool_calls?: unknown } }[] };
      expect(body.choices[0]?.message.content).to.contain('The tool answered: "5"');
      expect(body.choices[0]?.message.tool_calls).to.equal(undefined);
    });

    it('streams the loop too (get_time, the clock the test gave the server)', async () => {
      const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', stream: true, messages: [{ role: 'user', content: 'use get_time please' }], tools: [{ type: 'mcp', server_id: 'demo' }] });
      expect(response.status).to.equal(200);
      const text = await response.text();
      expect(text).to.contain(': tool-loop: turn 1 calls demo__get_time');
      const content = text
        .split('\n\n')
        .filter((b) => b.startsWith('data: {'))
        .map((b) => stringOr(recordOf(recordsOf(recordOf(JSON.parse(b.slice(6)))['choices'])[0]?.['delta'])['content']))
        .join('');
      expect(content).to.contain(NOON.toISOString());
      expect(text.trimEnd().endsWith('data: [DONE]')).to.equal(true);
    });

    it('without a tool named in the prompt the demo model just answers (one turn)', async () => {
      const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content: 'hello there' }], tools: [{ type: 'mcp', server_id: 'demo' }] });
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-tool-loop-turns')).to.equal('1');
    });
  });

  it('the CLI command prints the URL to register and serves there until SIGTERM', async () => {
    const cli = ['--import', 'tsx', join(PACKAGE_ROOT, 'bin', 'switchyard.ts'), 'mcp', 'demo-server', '--port', '0'];
    const child = spawn(process.execPath, cli, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code} before printing its URL`)));
      });
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const client = await connect(url);
      expect(textOf(await client.callTool({ name: 'add', arguments: { a: 40, b: 2 } }))).to.equal('42');
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
  });
});
