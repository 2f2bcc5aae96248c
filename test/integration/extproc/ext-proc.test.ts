import { expect } from 'chai';
import { status as grpcStatus, type Client } from '@grpc/grpc-js';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { builtinPlugins } from '../../../plugins/builtin-plugins.js';
import { createExtProcPlugin } from '../../../plugins/extproc/index.js';
import { readConfigFile } from '../../../core/config/load-config.js';
import { recordOf as recordOfJson } from '../../../core/util/narrow-json.js';
import { resolveTestConfig, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { registerModule } from '../../support/wasm-admin.js';
import { waitFor } from '../../support/wait-for.js';
import {
  commonOf,
  ExtProcStream,
  extProcClient,
  immediateOf,
  mutatedBody,
  requestBody,
  requestHeaders,
  responseBody,
  responseHeaders,
  setHeaders,
} from '../../support/ext-proc-client.js';

const KEY = 'sk-extproc-team-secret-0001';
const LIMITED = 'sk-extproc-limited-secret-0002';
const ADMIN = 'sk-extproc-admin-secret-0003';
const TOKENS = 'sk-extproc-tokens-secret-0004';
const MATH = 'Solve the equation 3x + 7 = 22 for x and show each step.';
const EMAIL = 'jane.doe@example.com';
const HOUR = 3_600_000;

const chatHeaders = (key: string, extra: Record<string, string> = {}): Record<string, string> => ({
  ':method': 'POST',
  ':path': '/v1/chat/completions',
  ':authority': 'gateway.example',
  'content-type': 'application/json',
  authorization: `Bearer ${key}`,
  ...extra,
});

const chat = (content: string, model = 'general-model', extra: Record<string, unknown> = {}): string => JSON.stringify({ model, messages: [{ role: 'user', content }], ...extra });

const completion = (content: string, model = 'general-model'): string =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });

const chunkEvent = (content: string): string => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'general-model', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/**
 * The ExtProc server driven as Envoy's ext_proc filter drives it (grpc-js, the vendored protos):
 * request headers, request body, response headers, response body, on the route's own pipeline.
 */
describe('ExtProc (Envoy ext_proc v3)', function () {
  // A safety net against a hang only: the classifier and a WASM policy boot in seconds on a loaded machine.
  this.timeout(120_000);
  let gateway: TestGateway;
  let client: Client;

  before(async () => {
    const extproc = createExtProcPlugin();
    gateway = await startGateway(
      {
        auth: {
          api_keys: [
            { id: 'team', key: KEY },
            { id: 'limited', key: LIMITED, limits: { rpm: 1 } },
            { id: 'tokens', key: TOKENS, limits: { tpm: 10 } },
          ],
          control_plane_api_keys: [{ id: 'ops', key: ADMIN }],
        },
        workers: [{ url: 'demo://local', runtime: 'demo', models: ['general-model', 'math-model'] }],
        wasm: { enabled: true, module_roots: [join(PACKAGE_ROOT, 'wasm-modules')] },
        extproc: { port: 0, endpoints: { 'math-model': '10.0.0.7:8000' } },
        pipeline: ['upstream'],
        routes: {
          '/v1/chat/completions': {
            pipeline: ['rate-limit', 'wasm:guard', 'pii-redaction', 'classify', 'semantic-route', 'upstream'],
            stages: {
              'rate-limit': { window_ms: HOUR },
              'semantic-route': {
                default_model: 'general-model',
                categories: [{ name: 'math', model_scores: [{ model: 'math-model', score: 0.9 }] }],
              },
            },
          },
        },
      },
      { plugins: [...builtinPlugins().filter((p) => p.name !== 'extproc'), extproc] },
    );
    await registerModule(gateway.url, ADMIN, { name: 'guard', file_path: join(PACKAGE_ROOT, 'wasm-modules', 'fixtures', 'reject.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 });
    const address = await waitFor('the ExtProc address', () => extproc.address());
    client = extProcClient(address);
  });
  after(async () => {
    client?.close();
    await gateway?.close();
  });

  it('a classified request (model "auto") gets the routing headers and its body rewritten to the chosen model', async () => {
    const stream = new ExtProcStream(client);
    const headersAnswer = await stream.send(requestHeaders(chatHeaders(KEY, { 'x-request-id': 'envoy-req-1', 'x-semantic-destination-endpoint': '169.254.169.254:80' })));
    expect(commonOf(headersAnswer, 'request_headers')).to.not.have.property('body_mutation');
    expect(recordOf(commonOf(headersAnswer, 'request_headers')['header_mutation'])['remove_headers'], 'a client never picks the destination').to.deep.equal(['x-semantic-destination-endpoint']);

    const bodyAnswer = commonOf(await stream.send(requestBody(chat(MATH, 'auto'))), 'request_body');
    const set = setHeaders(bodyAnswer['header_mutation']);
    expect(set['x-selected-model']).to.equal('math-model');
    expect(Number(set['x-routing-confidence'])).to.be.greaterThan(0.5);
    expect(set['x-semantic-destination-endpoint']).to.equal('10.0.0.7:8000');
    expect(set['x-request-id']).to.equal('envoy-req-1');
    expect(bodyAnswer['clear_route_cache']).to.equal(true);
    const rewritten = JSON.parse(mutatedBody(bodyAnswer) ?? '{}') as Record<string, unknown>;
    expect(rewritten['model']).to.equal('math-model');
    expect(set['content-length']).to.equal(String(Buffer.byteLength(mutatedBody(bodyAnswer) ?? '')));

    // The response path: JSON, judged whole; the stages' response headers come with the body.
    const responseHeadersAnswer = commonOf(await stream.send(responseHeaders({ ':status': '200', 'content-type': 'application/json', 'content-length': '999' })), 'response_headers');
    expect(recordOf(responseHeadersAnswer['header_mutation'])['remove_headers']).to.deep.equal(['content-length']);
    const responseAnswer = commonOf(await stream.send(responseBody(completion('x = 5', 'math-model'))), 'response_body');
    expect(setHeaders(responseAnswer['header_mutation'])).to.include({ 'x-selected-model': 'math-model', 'x-routing-reason': 'auto_routing' });
    const answered = JSON.parse(mutatedBody(responseAnswer) ?? '{}') as Record<string, unknown>;
    expect(recordOf(answered['routing_metadata']), 'the classify stage\'s addition to the answer').to.include({ selected_model: 'math-model', category: 'math' });
    expect(answered['choices']).to.deep.equal([{ index: 0, message: { role: 'assistant', content: 'x = 5' }, finish_reason: 'stop' }]);
    expect((await stream.end()).code).to.equal(grpcStatus.OK);
  });

  it('a prompt with PII gets a body mutation; an answer with PII is masked, buffered and streamed', async () => {
    const stream = new ExtProcStream(client);
    await stream.send(requestHeaders(chatHeaders(KEY)));
    const bodyAnswer = commonOf(await stream.send(requestBody(chat(`mail me at ${EMAIL} please`))), 'request_body');
    const sent = mutatedBody(bodyAnswer) ?? '';
    expect(sent).to.contain('<EMAIL>').and.not.contain(EMAIL);
    expect(recordOf(bodyAnswer['header_mutation'])['remove_headers'], 'no endpoint for this model: none may be sent').to.deep.equal(['x-semantic-destination-endpoint']);
    expect(setHeaders(bodyAnswer['header_mutation'])['content-length']).to.equal(String(Buffer.byteLength(sent)));
    await stream.send(responseHeaders({ ':status': '200', 'content-type': 'application/json' }));
    const answer = commonOf(await stream.send(responseBody(completion(`write to ${EMAIL}`))), 'response_body');
    expect(mutatedBody(answer)).to.contain('write to <EMAIL>').and.not.contain(EMAIL);
    await stream.end();

    // Streamed: each chunk is answered with what replaces it; the address is cut across chunks.
    const streamed = new ExtProcStream(client);
    await streamed.send(requestHeaders(chatHeaders(KEY)));
    await streamed.send(requestBody(chat('hello', 'general-model', { stream: true })));
    const sseHeaders = commonOf(await streamed.send(responseHeaders({ ':status': '200', 'content-type': 'text/event-stream' })), 'response_headers');
    expect(recordOf(sseHeaders['header_mutation'])['remove_headers']).to.include('content-length');
    expect(setHeaders(sseHeaders['header_mutation']), 'the stages\' response headers, before the stream flows').to.include({ 'x-selected-model': 'general-model', 'x-routing-reason': 'model_specified', 'x-security-checks': 'pii:false' });
    const events = `${chunkEvent('write to jane.doe')}${chunkEvent('@example.com today')}data: [DONE]\n\n`;
    const cut = [events.slice(0, 40), events.slice(40, 170), events.slice(170)];
    let out = '';
    for (const [i, piece] of cut.entries()) {
      const last = i === cut.length - 1;
      const common = commonOf(await streamed.send(responseBody(piece, last)), 'response_body');
      out += mutatedBody(common) ?? piece;
    }
    expect(out).to.not.contain(EMAIL);
    const text = out
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    expect(text).to.equal('write to <EMAIL> today');
    expect(out).to.match(/data: \[DONE\]\n\n$/);
    expect((await streamed.end()).code).to.equal(grpcStatus.OK);
  });

  it('a request body Envoy streams in chunks is held back and replaced whole at its end', async () => {
    const stream = new ExtProcStream(client);
    await stream.send({ ...requestHeaders(chatHeaders(KEY)), protocol_config: { request_body_mode: 'STREAMED', response_body_mode: 'STREAMED' } });
    const body = chat(`call ${EMAIL}`);
    const first = commonOf(await stream.send(requestBody(body.slice(0, 20), false)), 'request_body');
    expect(mutatedBody(first), 'the first chunk is held').to.equal('');
    const last = commonOf(await stream.send(requestBody(body.slice(20), true)), 'request_body');
    const whole = JSON.parse(mutatedBody(last) ?? '{}') as { messages: { content: string }[] };
    expect(whole.messages[0]?.content).to.equal('call <EMAIL>');
    await stream.end();
  });

  it('a request the WASM policy rejects comes back as an immediate 403 with the gateway\'s error body', async () => {
    const stream = new ExtProcStream(client);
    await stream.send(requestHeaders(chatHeaders(KEY)));
    const refused = immediateOf(await stream.send(requestBody(chat('please say forbidden-word'))));
    expect(refused?.status).to.equal(403);
    expect(refused?.body).to.deep.include({ error: { message: 'The request mentions a denied term.', type: 'permission_error', code: 'GW_ERR_WASM_POLICY_REJECTED', param: null } });
    expect(refused?.headers['content-type']).to.equal('application/json');
    expect((await stream.end()).code).to.equal(grpcStatus.OK);
  });

  it('a rate-limited key gets an immediate 429 with retry-after', async () => {
    const first = new ExtProcStream(client);
    await first.send(requestHeaders(chatHeaders(LIMITED)));
    expect(immediateOf(await first.send(requestBody(chat('one'))))).to.equal(undefined);
    await first.end();
    const second = new ExtProcStream(client);
    await second.send(requestHeaders(chatHeaders(LIMITED)));
    const limited = immediateOf(await second.send(requestBody(chat('two'))));
    expect(limited?.status).to.equal(429);
    expect(recordOf(limited?.body['error'])).to.include({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(Number(limited?.headers['retry-after'])).to.be.at.least(1);
    await second.end();
  });

  it('usage in the answer reaches the stages\' end phase: a token limit counts what Envoy relayed', async () => {
    const first = new ExtProcStream(client);
    await first.send(requestHeaders(chatHeaders(TOKENS)));
    expect(immediateOf(await first.send(requestBody(chat('one'))))).to.equal(undefined);
    await first.send(responseHeaders({ ':status': '200', 'content-type': 'application/json' }));
    await first.send(responseBody(completion('answer'))); // usage: 17 tokens, over the key's 10 per minute
    await first.end();
    const second = new ExtProcStream(client);
    await second.send(requestHeaders(chatHeaders(TOKENS)));
    const limited = immediateOf(await second.send(requestBody(chat('two'))));
    expect(limited?.status).to.equal(429);
    expect(String(recordOf(limited?.body['error'])['message'])).to.contain('10 tokens');
    await second.end();
  });

  it('maintenance (the shared setting) answers an immediate 503 at the headers, until it ends', async () => {
    const set = (value: boolean): Promise<Response> =>
      fetch(`${gateway.url}/ha/config`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'maintenance', value }) });
    expect((await set(true)).status).to.equal(200);
    try {
      const held = new ExtProcStream(client);
      const refused = immediateOf(await held.send(requestHeaders(chatHeaders(KEY))));
      expect(refused?.status).to.equal(503);
      expect(recordOf(refused?.body['error'])['code']).to.equal('GW_ERR_GATEWAY_MAINTENANCE');
      await held.end();
    } finally {
      expect((await set(false)).status).to.equal(200);
    }
    const served = new ExtProcStream(client);
    expect(immediateOf(await served.send(requestHeaders(chatHeaders(KEY))))).to.equal(undefined);
    await served.end();
  });

  it('refuses at the headers: no key (401), a path it does not serve (404)', async () => {
    const anonymous = new ExtProcStream(client);
    const noKey = { ...chatHeaders(KEY) };
    delete noKey.authorization;
    expect(immediateOf(await anonymous.send(requestHeaders(noKey)))?.status).to.equal(401);
    await anonymous.end();
    const elsewhere = new ExtProcStream(client);
    const notOurs = immediateOf(await elsewhere.send(requestHeaders({ ...chatHeaders(KEY), ':path': '/admin/secrets?x=1' })));
    expect(notOurs?.status).to.equal(404);
    expect(recordOf(notOurs?.body['error'])['code']).to.equal('GW_ERR_REQUEST_ROUTE_NOT_FOUND');
    await elsewhere.end();
  });

  it('answers messages it cannot use with a gRPC status that says why', async () => {
    const empty = new ExtProcStream(client);
    expect(await empty.send({})).to.equal(undefined);
    const status = await empty.ended;
    expect(status.code).to.equal(grpcStatus.INVALID_ARGUMENT);
    expect(status.details).to.contain('none of request_headers');

    const early = new ExtProcStream(client);
    expect(await early.send(requestBody('{}'))).to.equal(undefined);
    const outOfOrder = await early.ended;
    expect(outOfOrder.code).to.equal(grpcStatus.FAILED_PRECONDITION);
    expect(outOfOrder.details).to.contain('request_body').and.contain('in that order');

    const invalid = new ExtProcStream(client);
    await invalid.send(requestHeaders(chatHeaders(KEY)));
    const badJson = immediateOf(await invalid.send(requestBody('{"model": ')));
    expect(badJson?.status).to.equal(400);
    expect(recordOf(badJson?.body['error'])['code']).to.equal('GW_ERR_REQUEST_INVALID_JSON');
    await invalid.end();
  });

  it('logs no key', () => {
    const log = gateway.logLines.join('');
    for (const secret of [KEY, LIMITED, ADMIN, TOKENS]) expect(log).to.not.contain(secret);
  });
});

function recordOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

describe('ExtProc at shutdown', function () {
  this.timeout(60_000);

  it('a drain stops the gRPC server: a request still waiting for its response is cut with UNAVAILABLE, and the close completes', async () => {
    const extproc = createExtProcPlugin();
    const gateway = await startGateway(
      {
        workers: [{ url: 'demo://local', runtime: 'demo', models: ['general-model'] }],
        extproc: { port: 0, drain_timeout_ms: 300 },
        pipeline: ['pii-redaction', 'upstream'],
      },
      { plugins: [...builtinPlugins().filter((p) => p.name !== 'extproc'), extproc] },
    );
    const address = await waitFor('the ExtProc address', () => extproc.address());
    const client = extProcClient(address);
    try {
      const stream = new ExtProcStream(client);
      await stream.send(requestHeaders(chatHeaders('anything')));
      await stream.send(requestBody(chat('hello')));
      expect(gateway.app.generations.current.inFlight, 'the request holds its pipeline').to.equal(1);
      await gateway.close();
      const status = await stream.ended;
      expect(status.code).to.equal(grpcStatus.UNAVAILABLE);
      expect(status.details).to.contain('shutting down');
      expect(extproc.address(), 'closed').to.equal(undefined);
    } finally {
      client.close();
      await gateway.close();
    }
  });
});

describe('examples/envoy/switchyard.yaml through ExtProc', function () {
  this.timeout(120_000);

  it('passes config check with its documented environment, and routes a math prompt to the worker Envoy must use', async () => {
    const text = JSON.stringify(readConfigFile(join(PACKAGE_ROOT, 'examples', 'envoy', 'switchyard.yaml'))).replaceAll('${GATEWAY_KEY}', KEY);
    const raw = recordOfJson(JSON.parse(text));
    resolveTestConfig(raw); // as written (port 50051), validated as `config check` does
    const extproc = createExtProcPlugin();
    // Offline: the demo worker serves the example's models; a free port instead of 50051.
    const gateway = await startGateway(
      { ...raw, workers: [{ url: 'demo://local', runtime: 'demo', models: ['qwen3-general', 'qwen3-math'] }], extproc: { ...recordOfJson(raw['extproc']), port: 0 } },
      { plugins: [...builtinPlugins().filter((p) => p.name !== 'extproc'), extproc] },
    );
    const client = extProcClient(await waitFor('the ExtProc address', () => extproc.address()));
    try {
      const stream = new ExtProcStream(client);
      await stream.send(requestHeaders(chatHeaders(KEY)));
      const answer = commonOf(await stream.send(requestBody(chat(MATH, 'auto'))), 'request_body');
      expect(setHeaders(answer['header_mutation'])).to.include({ 'x-selected-model': 'qwen3-math', 'x-semantic-destination-endpoint': '10.0.0.12:8000' });
      await stream.send(responseHeaders({ ':status': '200', 'content-type': 'application/json' }));
      const done = commonOf(await stream.send(responseBody(completion('x = 5', 'qwen3-math'))), 'response_body');
      expect(setHeaders(done['header_mutation'])['x-selected-model']).to.equal('qwen3-math');
      expect((await stream.end()).code).to.equal(grpcStatus.OK);
    } finally {
      client.close();
      await gateway.close();
    }
  });
});
