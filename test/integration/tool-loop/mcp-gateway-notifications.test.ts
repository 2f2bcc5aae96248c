import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema, type LoggingMessageNotification, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'chai';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-mcpnote-admin-0001';
const ALL = 'sk-mcpnote-user-all-0001';
const ECHO_ONLY = 'sk-mcpnote-user-echo-0001';
const CONTROL = { authorization: `Bearer ${ADMIN}` };

/** An MCP SDK client on the gateway's `/mcp`, counting the list_changed notifications it is sent. */
class Ide {
  readonly client = new Client({ name: 'ide', version: '1.0.0' });
  toolListChanges = 0;
  resourceListChanges = 0;
  readonly logs: LoggingMessageNotification['params'][] = [];

  async connect(gateway: TestGateway, key: string): Promise<this> {
    this.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void (this.toolListChanges += 1));
    this.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void (this.resourceListChanges += 1));
    this.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void this.logs.push(n.params));
    await this.client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    return this;
  }

  async toolNames(): Promise<string[]> {
    return (await this.client.listTools()).tools.map((t) => t.name);
  }
}

describe('/mcp forwards server notifications to its sessions (MCP SDK servers and client)', function () {
  this.timeout(60_000);
  let calc: McpTestServer;
  let gateway: TestGateway;
  let added = 0;
  /**
   * Adds a tool on the calc server, which sends notifications/tools/list_changed to the gateway,
   * and waits until the gateway's client has read the new list (the SDK client debounces).
   */
  const addCalcTool = async (): Promise<string> => {
    added += 1;
    const name = `late${added}`;
    calc.addTool(name);
    await waitFor(`the gateway to read ${name}`, async () => {
      const view = (await (await fetch(`${gateway.url}/mcp/servers/calc`, { headers: CONTROL })).json()) as Record<string, unknown>;
      return view['tool_count'] === 6 + added;
    });
    return name;
  };
  /**
   * The SDK client opens its GET stream (where list_changed travels) on its own after initialize;
   * until it is open a notification has nowhere to go, so the change is repeated until one arrives.
   */
  const untilToldOfAChange = async (ide: Ide): Promise<string> => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const seen = ide.toolListChanges;
      const name = await addCalcTool();
      if (ide.toolListChanges > seen) return `calc__${name}`;
      // It left the gateway in the same turn as the change was read: give it a moment to arrive.
      const arrived = await waitFor('list_changed', () => ide.toolListChanges > seen, 1000).catch(() => false);
      if (arrived) return `calc__${name}`;
    }
    throw new Error('no notifications/tools/list_changed reached the session');
  };

  before(async () => {
    calc = await new McpTestServer({ steps: true }).start();
    gateway = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'all', key: ALL }, { id: 'echo-only', key: ECHO_ONLY, mcp_tools: ['calc/echo'] }] },
      workers: [{ url: 'demo://local', models: ['demo'] }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    });
    const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${calc.url}/mcp` }, CONTROL);
    expect(created.status).to.equal(201);
  });
  after(async () => {
    await gateway.close();
    await calc.stop();
  });

  it('sends notifications/tools/list_changed when a registered server\'s tools change, and the new list has them', async () => {
    const ide = await new Ide().connect(gateway, ALL);
    try {
      expect(await ide.toolNames()).to.not.include('calc__late1');
      const name = await untilToldOfAChange(ide);
      await waitFor('the refreshed list to name the new tool', async () => (await ide.toolNames()).includes(name));
    } finally {
      await ide.client.close();
    }
  });

  it('tells sessions when a server is registered, marked down and removed', async () => {
    const ide = await new Ide().connect(gateway, ALL);
    const spare = await new McpTestServer().start();
    try {
      await untilToldOfAChange(ide);

      let seen = ide.toolListChanges;
      const registered = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'spare', name: 'Spare', url: `${spare.url}/mcp` }, CONTROL);
      expect(registered.status).to.equal(201);
      await waitFor('list_changed for the registered server', () => ide.toolListChanges > seen);
      await waitFor('resources list_changed too', () => ide.resourceListChanges > 0);
      expect(await ide.toolNames()).to.include('spare__add');

      seen = ide.toolListChanges;
      await spare.stop();
      // A live tools/list (what GET /mcp/tools does) finds it gone and marks it down.
      await fetch(`${gateway.url}/mcp/tools`, { headers: CONTROL });
      await waitFor('list_changed for the server marked down', () => ide.toolListChanges > seen);
      const view = (await (await fetch(`${gateway.url}/mcp/servers/spare`, { headers: CONTROL })).json()) as Record<string, unknown>;
      expect(view['status']).to.equal('down');
      expect(await ide.toolNames()).to.not.include('spare__add');

      seen = ide.toolListChanges;
      expect((await fetch(`${gateway.url}/mcp/servers/spare`, { method: 'DELETE', headers: CONTROL })).status).to.equal(200);
      await waitFor('list_changed for the removed server', () => ide.toolListChanges > seen);
    } finally {
      await ide.client.close();
      await spare.stop();
    }
  });

  it('tells a key of tool changes its grant admits, and of resource changes only when it sees the whole server', async () => {
    const narrow = await new Ide().connect(gateway, ECHO_ONLY);
    try {
      await untilToldOfAChange(narrow);
      const seen = narrow.toolListChanges;
      await addCalcTool();
      // A change's tools and resources notifications go out together, in that order, on the one
      // stream: once the next change's has arrived, any resources one of the first would have too.
      await untilToldOfAChange(narrow);
      expect(narrow.toolListChanges).to.be.greaterThan(seen);
      expect(narrow.resourceListChanges, 'calc/echo does not admit calc\'s resources').to.equal(0);
      expect(await narrow.toolNames()).to.deep.equal(['calc__echo']);
    } finally {
      await narrow.client.close();
    }
  });

  it('relays a call\'s progress (under the caller\'s token) and log messages to the caller', async () => {
    const ide = await new Ide().connect(gateway, ALL);
    try {
      const progress: Progress[] = [];
      const result = await ide.client.callTool({ name: 'calc__steps', arguments: {} }, undefined, { onprogress: (p) => void progress.push(p) });
      expect(result.content).to.deep.equal([{ type: 'text', text: 'done' }]);
      // The SDK client matched each one to this call by the token it sent: the gateway used the caller's.
      expect(progress).to.deep.equal([1, 2, 3].map((step) => ({ progress: step, total: 3, message: `step ${step}` })));
      // Sent on the call's own stream before its result, so it is here by now.
      expect(ide.logs).to.deep.equal([{ level: 'info', logger: 'calc/steps', data: 'halfway there' }]);

      // Without a progressToken nothing is reported, and the call still works.
      const plain = await ide.client.callTool({ name: 'calc__steps', arguments: {} });
      expect(plain.content).to.deep.equal([{ type: 'text', text: 'done' }]);
    } finally {
      await ide.client.close();
    }
  });
});
