import { Role, TaskState, type AgentCard, type Message, type Task } from '@a2a-js/sdk';
import { ClientFactory, createAuthenticatingFetchWithRetry, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from '@a2a-js/sdk/client';
import { expect } from 'chai';
import { A2aTestAgent } from '../../support/a2a-test-agent.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-a2a-sdk-admin-0001';
const KEY = 'sk-a2a-sdk-user-0001';
const LIMITED = 'sk-a2a-sdk-limited-0001';

/** The unmodified A2A SDK client, its requests carrying a data-plane key. */
async function clientFor(card: AgentCard, key: string): Promise<Client> {
  const fetchImpl: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };
  return new ClientFactory({ transports: [new JsonRpcTransportFactory({ fetchImpl })] }).createFromAgentCard(card);
}

function userMessage(text: string): Message {
  return { messageId: `m-${text}-${Math.random()}`, contextId: '', taskId: '', role: Role.ROLE_USER, parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }], metadata: undefined, extensions: [], referenceTaskIds: [] };
}

function send(text: string): Parameters<Client['sendMessage']>[0] {
  return { tenant: '', message: userMessage(text), configuration: undefined, metadata: undefined };
}

function textOf(message: Message | undefined): string {
  return (message?.parts ?? []).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
}

function isTask(result: Message | Task): result is Task {
  return 'status' in result;
}

describe('/v1/a2a through the data-plane pipeline, driven by the A2A SDK client', function () {
  this.timeout(60_000);
  let agent: A2aTestAgent;
  let gateway: TestGateway;
  /** The gateway's own card, as the SDK reads it: /v1/a2a first, the agent named as the interface's tenant. */
  let byTenant: AgentCard;
  /** The same gateway addressed at /v1/a2a/{agent_id} (the path names the agent; no tenant). */
  let byPath: AgentCard;

  before(async () => {
    agent = await new A2aTestAgent({ name: 'Echo agent' }).start();
    gateway = await startGateway({
      auth: {
        control_plane_api_keys: [{ id: 'ops', key: ADMIN }],
        api_keys: [
          { id: 'user', key: KEY },
          { id: 'limited', key: LIMITED, limits: { rpm: 1 } },
        ],
      },
      workers: [{ url: 'demo://local', models: ['demo'] }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      // The default pipeline: /v1/a2a keeps rate-limit and ends with a2a-relay instead of upstream.
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { window_ms: 3_600_000 } },
    });
    const created = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'echo', name: 'Echo', url: agent.url }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).to.equal(201);
    byTenant = await new DefaultAgentCardResolver().resolve(gateway.url);
    byPath = { ...byTenant, supportedInterfaces: [{ url: `${gateway.url}/v1/a2a/echo`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' }] };
  });
  after(async () => {
    agent.releaseStream();
    await gateway?.close();
    await agent?.stop();
  });

  for (const [how, card] of [['/v1/a2a/{agent_id}', () => byPath], ['/v1/a2a with the agent as tenant', () => byTenant]] as const) {
    it(`message/send (SendMessage) through ${how}`, async () => {
      const client = await clientFor(card(), KEY);
      const result = await client.sendMessage(send('hello'));
      expect(isTask(result)).to.equal(false);
      expect(textOf(isTask(result) ? undefined : result)).to.equal('echo: hello');
    });
  }

  it('the unmodified SDK client resolves the gateway\'s card and sends to /v1/a2a with it, credentials as its security scheme says', async () => {
    // The SDK's own auth hook; the header comes from the card's security scheme (Bearer).
    const bearer = (card: AgentCard): string => {
      const name = Object.keys(card.securityRequirements[0]?.schemes ?? {})[0] ?? '';
      const scheme = card.securitySchemes[name]?.scheme;
      return scheme?.$case === 'httpAuthSecurityScheme' ? scheme.value.scheme : '';
    };
    const card = await new DefaultAgentCardResolver().resolve(gateway.url);
    expect(bearer(card)).to.equal('Bearer');
    const authenticated = createAuthenticatingFetchWithRetry(fetch, {
      headers: () => Promise.resolve({ authorization: `${bearer(card)} ${KEY}` }),
      shouldRetryWithHeaders: () => Promise.resolve(undefined),
    });
    const client = await new ClientFactory({ transports: [new JsonRpcTransportFactory({ fetchImpl: authenticated })] }).createFromUrl(gateway.url);
    const metricsBefore = await (await fetch(`${gateway.url}/metrics`)).text();
    const sentOnA2a = (text: string): number => Number(/switchyard_requests_total\{route="\/v1\/a2a",status="200"[^}]*\} (\d+)/.exec(text)?.[1] ?? '0');
    const result = await client.sendMessage(send('via the card'));
    expect(textOf(isTask(result) ? undefined : result)).to.equal('echo: via the card');
    // Counted once the response has ended: polled, not read at once.
    await waitFor('the request counted on /v1/a2a (not /v1/a2a/{agent_id})', async () => sentOnA2a(await (await fetch(`${gateway.url}/metrics`)).text()) === sentOnA2a(metricsBefore) + 1);
    // Without the credential the card asks for, the data plane refuses.
    const anonymous = await new ClientFactory().createFromUrl(gateway.url);
    let refused: unknown;
    await anonymous.sendMessage(send('no key')).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.contain('401');
  });

  it('strips the gateway\'s tenant before the agent sees the request', async () => {
    const client = await clientFor(byTenant, KEY);
    const before = agent.received.length;
    await client.sendMessage(send('tenant check'));
    const seen = JSON.stringify(agent.received.slice(before));
    expect(seen).to.contain('tenant check');
    expect(seen).to.not.contain('"tenant"');
  });

  it('tasks/get and tasks/cancel (GetTask, CancelTask) reach the task the agent opened', async () => {
    const client = await clientFor(byTenant, KEY);
    // Returned as soon as the task exists (the agent leaves it waiting for input).
    const opened = await client.sendMessage({ ...send('[task] please'), configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, returnImmediately: true } });
    if (!isTask(opened)) throw new Error('expected a task');
    expect(opened.status?.state).to.equal(TaskState.TASK_STATE_INPUT_REQUIRED);
    const got = await client.getTask({ tenant: '', id: opened.id });
    expect(got.id).to.equal(opened.id);
    expect(textOf(got.status?.message)).to.equal('need more input');
    const viaPath = await clientFor(byPath, KEY);
    const cancelled = await viaPath.cancelTask({ tenant: '', id: opened.id, metadata: undefined });
    expect(cancelled.status?.state).to.equal(TaskState.TASK_STATE_CANCELED);
    expect((await client.getTask({ tenant: '', id: opened.id })).status?.state).to.equal(TaskState.TASK_STATE_CANCELED);
  });

  it('message/stream (SendStreamingMessage) is relayed event by event: the first arrives before the agent wrote the last', async () => {
    const client = await clientFor(byTenant, KEY);
    const states: TaskState[] = [];
    const texts: string[] = [];
    for await (const event of client.sendMessageStream(send('[stream] it'))) {
      const payload = event.payload;
      if (payload?.$case === 'task') states.push(payload.value.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED);
      if (payload?.$case === 'statusUpdate') {
        states.push(payload.value.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED);
        texts.push(textOf(payload.value.status?.message));
        // The agent holds its last events until now: a relay that buffered would never get here.
        if (texts.length === 1) agent.releaseStream();
      }
    }
    expect(texts).to.deep.equal(['first step', 'second step', 'done: [stream] it']);
    expect(states).to.deep.equal([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_COMPLETED]);
  });

  it('runs the route pipeline: a rate-limited key gets 429 on /v1/a2a and /v1/a2a/{agent_id}', async () => {
    const client = await clientFor(byTenant, LIMITED);
    expect(textOf((await client.sendMessage(send('once'))) as Message)).to.equal('echo: once');
    const body = { jsonrpc: '2.0', id: 2, method: 'SendMessage', params: { tenant: 'echo', message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ text: 'twice' }] } } };
    for (const path of ['/v1/a2a', '/v1/a2a/echo']) {
      const refused = await postJson(`${gateway.url}${path}`, body, { authorization: `Bearer ${LIMITED}`, 'a2a-version': '1.0' });
      expect(refused.status, path).to.equal(429);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('rate_limit_exceeded');
    }
    let sdkError: unknown;
    await client.sendMessage(send('thrice')).catch((err: unknown) => (sdkError = err));
    expect(String(sdkError)).to.contain('429');
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/switchyard_requests_total\{route="\/v1\/a2a",status="429"[^}]*\} [1-9]/);
    expect(metrics).to.match(/switchyard_requests_total\{route="\/v1\/a2a\/:agent_id",status="429"[^}]*\} 1/);
  });

  it('names the agent in the request\'s metadata; refuses a request that names none, or one not registered, saying how to name one', async () => {
    const body = { jsonrpc: '2.0', id: 3, method: 'SendMessage', params: { message: { messageId: 'm-3', role: 'ROLE_USER', parts: [{ text: 'x' }] } } };
    const unnamed = await postJson(`${gateway.url}/v1/a2a`, body, { authorization: `Bearer ${KEY}` });
    expect(unnamed.status).to.equal(400);
    expect(((await unnamed.json()) as { error: { message: string } }).error.message).to.contain('params.tenant');
    const unknown = await postJson(`${gateway.url}/v1/a2a`, { ...body, params: { ...body.params, metadata: { agent_id: 'nope' } } }, { authorization: `Bearer ${KEY}` });
    expect(unknown.status).to.equal(404);
    // Clients without a tenant field name the agent in the request's metadata instead.
    const byMetadata = await postJson(`${gateway.url}/v1/a2a`, { ...body, params: { ...body.params, metadata: { agent_id: 'echo' } } }, { authorization: `Bearer ${KEY}`, 'a2a-version': '1.0' });
    const text = await byMetadata.text();
    expect(byMetadata.status, text).to.equal(200);
    expect(text).to.contain('echo: x');
  });
});
