import Anthropic from '@anthropic-ai/sdk';
import { expect } from 'chai';
import OpenAI from 'openai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { readSseEvents } from '../../support/read-sse.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const EMAIL = 'jane.doe@example.com';
const SSN = '123-45-6789';
const CARD = '4111 1111 1111 1111';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const VALUES = [EMAIL, SSN, CARD, AWS_KEY, 'jane.doe@', '4111 1111'];

function gatewayWith(upstream: FakeUpstream, stage: Record<string, unknown> | undefined): Promise<TestGateway> {
  return startGateway({
    workers: [{ url: upstream.url, models: ['fake-model'] }],
    routes: Object.fromEntries(
      ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/messages', '/v1/responses'].map((path) => [
        path,
        { pipeline: ['pii-redaction', 'upstream'], ...(stage === undefined ? {} : { stages: { 'pii-redaction': stage } }) },
      ]),
    ),
  });
}

function openai(gateway: TestGateway): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}

/** Every text the fake upstream was sent (message contents, parts, tool arguments), as one string. */
function sentText(upstream: FakeUpstream): string {
  return JSON.stringify(upstream.requests.map((r) => r.body));
}

async function streamedText(client: OpenAI, content: string): Promise<string> {
  let out = '';
  for await (const chunk of await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content }] })) {
    out += chunk.choices[0]?.delta.content ?? '';
  }
  return out;
}

function expectNoValue(text: string, what: string): void {
  for (const value of VALUES) expect(text, `${what} must not carry ${value}`).not.to.contain(value);
}

/** A whole Responses API answer whose message, function call and output_text all carry `text`. */
function responsesAnswer(text: string): Record<string, unknown> {
  return {
    id: 'resp_1',
    object: 'response',
    status: 'completed',
    model: 'fake-model',
    output: [
      { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'send_mail', arguments: JSON.stringify({ body: text }), status: 'completed' },
    ],
    output_text: text,
    usage: { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
  };
}

describe('the pii-redaction stage through the real server', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  beforeEach(() => {
    upstream.reset();
    upstream.replyWords = ['Hello', ' from', ' the', ' fake', ' upstream', '.']; // reset() keeps a test's own reply
  });
  after(() => upstream.stop());

  describe('with no config (mask every built-in type both ways)', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, undefined);
    });
    after(() => gateway.close());

    it('masks messages, content parts, tool results and tool-call arguments before the upstream sees them', async () => {
      const res = await openai(gateway)
        .chat.completions.create({
          model: 'fake-model',
          messages: [
            { role: 'system', content: `Escalations go to ${EMAIL}.` },
            { role: 'user', content: [{ type: 'text', text: `My SSN is ${SSN} and my card ${CARD}.` }] },
            { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ email: EMAIL }) } }] },
            { role: 'tool', tool_call_id: 'c1', content: `aws key ${AWS_KEY} found for ${EMAIL}` },
          ],
        })
        .withResponse();
      expect(res.data.choices[0]?.message.content).to.equal('Hello from the fake upstream.');
      const [body] = upstream.chatBodies();
      const messages = recordsOf(body?.['messages']);
      expect(messages[0]?.['content']).to.equal('Escalations go to <EMAIL>.');
      expect(recordsOf(messages[1]?.['content'])[0]?.['text']).to.equal('My SSN is <US_SSN> and my card <CREDIT_CARD>.');
      const args = stringOr(recordOf(recordsOf(messages[2]?.['tool_calls'])[0]?.['function'])['arguments']);
      expect(JSON.parse(args), 'arguments stay valid JSON').to.deep.equal({ email: '<EMAIL>' });
      expect(messages[3]?.['content']).to.equal('aws key <AWS_ACCESS_KEY_ID> found for <EMAIL>');
      expectNoValue(sentText(upstream), 'what the upstream received');
      expect(res.response.headers.get('x-security-checks')).to.equal('pii:true');
      expect(res.response.headers.get('x-pii-entities')).to.equal('AWS_ACCESS_KEY_ID=1,CREDIT_CARD=1,EMAIL=3,US_SSN=1');
    });

    it('reports counts in /metrics and the log, never values', async () => {
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.match(/semantic_router_pii_detections_total\{entity="EMAIL",action="mask",direction="request"\} [1-9]/);
      expectNoValue(metrics, '/metrics');
      const logged = gateway.logLines.join('');
      expect(logged).to.contain('"pii":{"request":{"EMAIL":1}');
      expectNoValue(logged, 'the log');
    });

    it('says pii:false when nothing was found', async () => {
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'order 12345, thanks' }] });
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-security-checks')).to.equal('pii:false');
      expect(res.headers.get('x-pii-entities')).to.equal(null);
    });

    it('masks completion prompts and embedding inputs', async () => {
      await openai(gateway).completions.create({ model: 'fake-model', prompt: [`to ${EMAIL}`, 'nothing'] });
      await openai(gateway).embeddings.create({ model: 'fake-model', input: `ssn ${SSN}` });
      const bodies = upstream.requests.map((r) => recordOf(r.body));
      expect(bodies.find((b) => b['prompt'] !== undefined)?.['prompt']).to.deep.equal(['to <EMAIL>', 'nothing']);
      expect(bodies.find((b) => b['input'] !== undefined)?.['input']).to.equal('ssn <US_SSN>');
    });

    it('masks what a Responses API request sends (instructions, input messages, tool outputs)', async () => {
      const res = await postJson(`${gateway.url}/v1/responses`, {
        model: 'fake-model',
        instructions: `Answer ${EMAIL} politely.`,
        input: [
          { role: 'user', content: [{ type: 'input_text', text: `my card ${CARD}` }] },
          { type: 'function_call_output', call_id: 'c1', output: `ssn ${SSN}` },
        ],
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-pii-entities')).to.equal('CREDIT_CARD=1,EMAIL=1,US_SSN=1');
      const received = recordOf(upstream.requests.find((r) => r.path === '/v1/responses')?.body);
      expect(received['instructions']).to.equal('Answer <EMAIL> politely.');
      expect(received['input']).to.deep.equal([
        { role: 'user', content: [{ type: 'input_text', text: 'my card <CREDIT_CARD>' }] },
        { type: 'function_call_output', call_id: 'c1', output: 'ssn <US_SSN>' },
      ]);
      const untouched = await postJson(`${gateway.url}/v1/responses`, { model: 'fake-model', input: 'nothing here' });
      expect(untouched.status).to.equal(200);
    });

    it('masks a whole /v1/responses answer: message text, function-call arguments, output_text (openai SDK)', async () => {
      upstream.responsesReply = responsesAnswer(`Card ${CARD}, mail ${EMAIL}.`);
      const response = await openai(gateway).responses.create({ model: 'fake-model', input: 'hi' });
      const masked = 'Card <CREDIT_CARD>, mail <EMAIL>.';
      expect(response.output_text).to.equal(masked);
      const [message, call] = response.output;
      expect(message?.type === 'message' ? message.content[0] : undefined).to.deep.include({ type: 'output_text', text: masked });
      expect(call?.type === 'function_call' ? JSON.parse(call.arguments) : undefined).to.deep.equal({ body: masked });
      expectNoValue(JSON.stringify(response), 'the Responses answer');
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.match(/semantic_router_pii_detections_total\{entity="CREDIT_CARD",action="mask",direction="response"\} [1-9]/);
    });

    it('masks tool-call arguments the model writes in a whole chat answer (openai SDK)', async () => {
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: JSON.stringify({ to: EMAIL, card: CARD }) }]);
      const completion = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'mail the receipt' }] });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).to.deep.equal({ to: '<EMAIL>', card: '<CREDIT_CARD>' });
      expectNoValue(JSON.stringify(completion), 'the tool-calling answer');
    });

    it('masks what an Anthropic client sends to /v1/messages', async () => {
      const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
      const message = await client.messages.create({ model: 'fake-model', max_tokens: 32, messages: [{ role: 'user', content: `reach me at ${EMAIL}` }] });
      expect(message.content[0]?.type).to.equal('text');
      expect(sentText(upstream)).to.contain('reach me at <EMAIL>');
      expectNoValue(sentText(upstream), 'what the upstream received');
    });

    it('masks a split entity in an answer streamed to an Anthropic client', async () => {
      upstream.replyWords = ['Mail jane', '.doe@exa', 'mple.com now.'];
      const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
      let text = '';
      for await (const event of await client.messages.create({ model: 'fake-model', max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'hi' }] })) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          expectNoValue(event.delta.text, 'a delta');
          text += event.delta.text;
        }
      }
      expect(text).to.equal('Mail <EMAIL> now.');
    });

    it('masks entities the model writes, in a JSON answer and in a stream where they are split across deltas', async () => {
      upstream.replyWords = ['Write to jane', '.doe@exa', 'mple.com or call', ' about card 4111 1111', ' 1111 1111', '.'];
      const plain = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
      expect(plain.choices[0]?.message.content).to.equal('Write to <EMAIL> or call about card <CREDIT_CARD>.');
      expect(await streamedText(openai(gateway), 'hi')).to.equal('Write to <EMAIL> or call about card <CREDIT_CARD>.');

      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const events = await readSseEvents(res);
      expectNoValue(events.join('\n'), 'the stream');
      expect(events.at(-1)).to.equal('[DONE]');
      // Prose leaves as it comes: the first delta's text before the held tail is not waited for.
      expect(JSON.parse(events[0] ?? '{}')).to.have.nested.property('choices[0].delta.content', 'Write to ');
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.match(/semantic_router_pii_detections_total\{entity="CREDIT_CARD",action="mask",direction="response"\} [1-9]/);
    });
  });

  describe('per-tenant hash keys (hash_scope: tenant)', () => {
    let gateway: TestGateway;
    const KEYS = { acme1: 'sk-acme-one-0000000000001', acme2: 'sk-acme-two-0000000000002', globex: 'sk-globex-00000000000003', loner: 'sk-loner-000000000000004' };
    before(async () => {
      gateway = await startGateway({
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        auth: {
          api_keys: [
            { id: 'acme-1', key: KEYS.acme1, tenant: 'acme' },
            { id: 'acme-2', key: KEYS.acme2, tenant: 'acme' },
            { id: 'globex-1', key: KEYS.globex, tenant: 'globex' },
            { id: 'loner', key: KEYS.loner },
          ],
        },
        routes: {
          '/v1/chat/completions': {
            pipeline: ['pii-redaction', 'upstream'],
            stages: { 'pii-redaction': { hash_key: 'a-test-hmac-key-of-32-characters!', hash_scope: 'tenant', entities: { EMAIL: { request: 'hash', response: 'hash' } } } },
          },
        },
      });
    });
    after(() => gateway.close());

    it('hashes alike for keys of one tenant and differently across tenants, up and down', async () => {
      const hashes: string[] = [];
      for (const key of [KEYS.acme1, KEYS.acme2, KEYS.globex, KEYS.loner]) {
        upstream.reset();
        upstream.replyWords = ['reply to ', EMAIL];
        const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] }, { authorization: `Bearer ${key}` });
        expect(res.status).to.equal(200);
        const sent = stringOr(recordsOf(upstream.chatBodies()[0]?.['messages'])[0]?.['content']);
        const up = /^mail <EMAIL:([0-9a-f]{12})>$/.exec(sent)?.[1];
        expect(up, sent).to.be.a('string');
        const answer = stringOr(recordOf(recordsOf(recordOf(await res.json())['choices'])[0]?.['message'])['content']);
        expect(answer, 'the answer hashes with the same tenant key').to.equal(`reply to <EMAIL:${up ?? ''}>`);
        hashes.push(up ?? '');
      }
      const [acme1, acme2, globex, loner] = hashes;
      expect(acme2, 'two keys of tenant acme join').to.equal(acme1);
      expect(globex, 'another tenant does not').not.to.equal(acme1);
      expect(loner, 'a key without a tenant is its own tenant').not.to.be.oneOf([acme1, globex]);
    });
  });

  describe('per-type actions', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, {
        hash_key: 'a-test-hmac-key-of-32-characters!',
        entities: { US_SSN: { request: 'block', response: 'block' }, EMAIL: { request: 'hash' }, CREDIT_CARD: { request: 'redact' }, IP_ADDRESS: { request: 'allow' } },
      });
    });
    after(() => gateway.close());

    it('hashes, redacts and allows as configured', async () => {
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `${EMAIL} paid with ${CARD} from 10.1.2.3` }] });
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `again ${EMAIL}` }] });
      const [first, second] = upstream.chatBodies().map((b) => stringOr(recordsOf(b['messages'])[0]?.['content']));
      const hashed = /^<EMAIL:([0-9a-f]{12})> paid with {2}from 10\.1\.2\.3$/.exec(first ?? '');
      expect(hashed, first).not.to.equal(null);
      expect(second, 'the same value hashes the same way (joinable)').to.equal(`again <EMAIL:${hashed?.[1] ?? ''}>`);
    });

    it('blocks a request with the 403 security_violation shape; the upstream sees nothing', async () => {
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `SSN ${SSN}, mail ${EMAIL}` }] });
      expect(res.status).to.equal(403);
      expect(res.headers.get('x-security-checks')).to.equal('pii:true');
      const body = recordOf(await res.json());
      expect(body['error']).to.deep.include({ type: 'security_violation', code: 'pii_detected', param: null });
      expect(recordOf(body['error'])['details']).to.deep.equal({ entities_found: ['EMAIL', 'US_SSN'], blocked_entities: ['US_SSN'], action_taken: 'block', direction: 'request' });
      expect(stringOr(recordOf(body['error'])['message'])).to.contain('US_SSN').and.not.contain(SSN);
      expect(upstream.requests).to.have.length(0);
    });

    it('the openai SDK sees the block as a 403 PermissionDeniedError with code pii_detected', async () => {
      const err = await openai(gateway)
        .chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: `SSN ${SSN}` }] })
        .then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(OpenAI.PermissionDeniedError);
      expect(err).to.have.property('code', 'pii_detected');
      expect(err).to.have.property('type', 'security_violation');
    });

    it('refuses a whole /v1/responses answer that writes a blocked entity with the 403', async () => {
      upstream.responsesReply = responsesAnswer(`Your number is ${SSN}.`);
      const res = await postJson(`${gateway.url}/v1/responses`, { model: 'fake-model', input: 'hi' });
      expect(res.status).to.equal(403);
      const text = await res.text();
      expect(text).not.to.contain(SSN);
      const error = recordOf(recordOf(JSON.parse(text))['error']);
      expect(error).to.deep.include({ type: 'security_violation', code: 'pii_detected' });
      expect(recordOf(error['details'])['direction']).to.equal('response');
    });

    it('stops an answer that writes a blocked entity: 403 for JSON, an in-band error mid-stream', async () => {
      upstream.replyWords = ['Your number is 123-', '45-6789', ' as filed.'];
      const json = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
      expect(json.status).to.equal(403);
      expect(recordOf(recordOf(await json.json())['error'])).to.deep.include({ type: 'security_violation', code: 'pii_detected' });

      const stream = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const events = await readSseEvents(stream);
      expectNoValue(events.join('\n'), 'the stopped stream');
      const last = recordOf(JSON.parse(events.at(-1) ?? '{}'));
      expect(recordOf(last['error'])).to.deep.include({ type: 'security_violation', code: 'pii_detected' });
      expect(recordOf(recordOf(last['error'])['details'])['direction']).to.equal('response');
    });
  });

  describe('reversible mode (restore)', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, { reversible: 'restore' });
    });
    after(() => gateway.close());

    it('sends numbered placeholders up and restores them in JSON and streamed answers, split placeholders included', async () => {
      upstream.replyWords = ['I will write to <EM', 'AIL_1> and <EMAIL_2', '>; also <EMAIL_1>', ' and new@example.org.'];
      const content = `Mail ${EMAIL} and bob@example.net, then ${EMAIL} again.`;
      const plain = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content }] });
      expect(stringOr(recordsOf(upstream.chatBodies()[0]?.['messages'])[0]?.['content'])).to.equal('Mail <EMAIL_1> and <EMAIL_2>, then <EMAIL_1> again.');
      const expected = `I will write to ${EMAIL} and bob@example.net; also ${EMAIL} and <EMAIL>.`;
      expect(plain.choices[0]?.message.content, 'a new entity the model wrote is masked, not numbered').to.equal(expected);
      expect(await streamedText(openai(gateway), content)).to.equal(expected);
      expectNoValue(sentText(upstream), 'what the upstream received');
    });

    it('restores placeholders in a whole /v1/responses answer', async () => {
      upstream.responsesReply = responsesAnswer('Writing to <EMAIL_1> now.');
      const response = await openai(gateway).responses.create({ model: 'fake-model', input: `mail ${EMAIL}` });
      expect(recordOf(upstream.requests.find((r) => r.path === '/v1/responses')?.body)['input']).to.equal('mail <EMAIL_1>');
      expect(response.output_text).to.equal(`Writing to ${EMAIL} now.`);
      const call = response.output[1];
      expect(call?.type === 'function_call' ? JSON.parse(call.arguments) : undefined).to.deep.equal({ body: `Writing to ${EMAIL} now.` });
    });

    it('restores placeholders in tool-call arguments of a whole chat answer', async () => {
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: '{"to":"<EMAIL_1>"}' }]);
      const completion = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).to.deep.equal({ to: EMAIL });
    });

    it('a placeholder number the request never had is left as written', async () => {
      upstream.replyWords = ['See <EMAIL_7>.'];
      const plain = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
      expect(plain.choices[0]?.message.content).to.equal('See <EMAIL_7>.');
    });
  });

  it('reversible "placeholders" numbers values going up and never restores them', async () => {
    const gateway = await gatewayWith(upstream, { reversible: 'placeholders' });
    try {
      upstream.replyWords = ['Noted: <EMAIL_1>.'];
      const plain = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
      expect(stringOr(recordsOf(upstream.chatBodies()[0]?.['messages'])[0]?.['content'])).to.equal('mail <EMAIL_1>');
      expect(plain.choices[0]?.message.content).to.equal('Noted: <EMAIL_1>.');
    } finally {
      await gateway.close();
    }
  });

  it('refuses a config its plan cannot build (hash without a key), naming the problem', async () => {
    const err = await gatewayWith(upstream, { entities: { EMAIL: { request: 'hash' } } }).then(
      (g) => g.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('hash_key is required');
  });

  it('reports every schema error of its config', async () => {
    const err = await gatewayWith(upstream, { entities: { EMAIL: { request: 'shout' } }, reversible: 'sometimes', nonsense: 1 }).then(
      (g) => g.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('pii-redaction').and.contain('nonsense').and.contain('entities/EMAIL/request').and.contain('reversible');
  });

  it('examples/pii-redaction.yaml, as written, on its demo worker', async () => {
    const text = JSON.stringify(readConfigFile(join(PACKAGE_ROOT, 'examples', 'pii-redaction.yaml'))).replaceAll('${PII_HASH_KEY}', 'example-pii-hash-key-0123456789');
    const gateway = await startGateway(recordOf(JSON.parse(text)));
    try {
      const content = `I am ${EMAIL}, card ${CARD}, from 10.1.2.3, employee EMP-123456`;
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content }] });
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-pii-entities')).to.equal('CREDIT_CARD=1,EMAIL=1,EMPLOYEE_ID=1,IP_ADDRESS=1');
      const answer = stringOr(recordOf(recordsOf(recordOf(await res.json())['choices'])[0]?.['message'])['content']);
      // The demo echoes what it was sent: the card removed, the address hashed, the e-mail and the
      // employee id restored from their placeholders.
      expect(answer).to.match(new RegExp(`You said: "I am ${EMAIL.replaceAll('.', '\\.')}, card , from <IP_ADDRESS:[0-9a-f]{12}>, employee EMP-123456"`));
      const blocked = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content: `SSN ${SSN}` }] });
      expect(blocked.status).to.equal(403);
      const embedded = await postJson(`${gateway.url}/v1/embeddings`, { model: 'switchyard-demo', input: `mail ${EMAIL}` });
      expect(embedded.status, 'the global pipeline (no config) serves the other routes').to.equal(200);
      expect(embedded.headers.get('x-pii-entities')).to.equal('EMAIL=1');
    } finally {
      await gateway.close();
    }
  });

  it('a config reload changes its actions on the next request; one its plan refuses changes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-pii-reload-')), 'gateway.yaml');
    const admin = 'sk-pii-reload-admin-0001';
    const config = (stage: Record<string, unknown>): Record<string, unknown> => ({
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: admin }] },
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['pii-redaction', 'upstream'],
      stages: { 'pii-redaction': stage },
    });
    writeFileSync(path, stringify(config({})));
    const gateway = await startGateway(config({}), { configSource: { name: path, file: path, read: () => readConfigFile(path) } });
    const reload = (): Promise<Response> => fetch(`${gateway.url}/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    const send = (): Promise<Response> => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
    try {
      expect((await send()).status).to.equal(200);
      writeFileSync(path, stringify(config({ entities: { EMAIL: { request: 'block' } } })));
      expect((await reload()).status).to.equal(200);
      expect((await send()).status, 'the reloaded config blocks e-mails').to.equal(403);

      writeFileSync(path, stringify(config({ entities: { EMAIL: { request: 'hash' } } })));
      const refused = await reload();
      expect(refused.status).to.equal(400);
      expect(await refused.text()).to.contain('hash_key is required');
      expect((await send()).status, 'the config in force still blocks').to.equal(403);
    } finally {
      await gateway.close();
    }
  });
});
