import Anthropic from '@anthropic-ai/sdk';
import { expect } from 'chai';
import OpenAI from 'openai';
import { recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { readSseEvents } from '../../support/read-sse.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const EMAIL = 'jane.doe@example.com';
const OTHER_EMAIL = 'bob@example.net';
const SSN = '123-45-6789';
const CARD = '4111 1111 1111 1111';
const VALUES = [EMAIL, OTHER_EMAIL, SSN, CARD, 'jane.doe@', 'bob@', '4111 1111'];

/** Two tool calls whose arguments split an email and a card across fragments. */
const SPLIT_CALLS = [
  { name: 'send_mail', arguments: '', fragments: ['{"to":"jane', '.doe@exa', 'mple.com","note":"card 4111 1111', ' 1111 1111"}'] },
  { name: 'cc', arguments: '', fragments: ['{"cc":"bob@', 'example.net"}'] },
];

function gatewayWith(upstream: FakeUpstream, stage: Record<string, unknown> | undefined): Promise<TestGateway> {
  return startGateway({
    workers: [{ url: upstream.url, models: ['fake-model'] }],
    routes: Object.fromEntries(
      ['/v1/chat/completions', '/v1/messages', '/v1/responses'].map((path) => [
        path,
        { pipeline: ['pii-redaction', 'upstream'], ...(stage === undefined ? {} : { stages: { 'pii-redaction': stage } }) },
      ]),
    ),
  });
}

function openai(gateway: TestGateway): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}

function anthropic(gateway: TestGateway): Anthropic {
  return new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
}

function expectNoValue(text: string, what: string): void {
  for (const value of VALUES) expect(text, `${what} must not carry ${value}`).not.to.contain(value);
}

/** A streamed chat answer through the openai SDK: each tool call's arguments, and the order fragments came in. */
async function streamedToolCalls(client: OpenAI, content: string, check: (fragment: string) => void = (f) => expectNoValue(f, 'an arguments fragment')): Promise<{ args: string[]; order: number[] }> {
  const args: string[] = [];
  const order: number[] = [];
  const stream = await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content }] });
  for await (const chunk of stream) {
    for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
      const fragment = call.function?.arguments ?? '';
      check(fragment);
      args[call.index] = (args[call.index] ?? '') + fragment;
      if (order.at(-1) !== call.index) order.push(call.index);
    }
  }
  return { args, order };
}

/** A Responses API stream (OpenAI's event sequence) with a message and a function call, each text cut in `pieces`. */
function responsesEvents(text: readonly string[], args: readonly string[]): Record<string, unknown>[] {
  const whole = text.join('');
  const wholeArgs = args.join('');
  const message = (content: string): Record<string, unknown> => ({ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: content, annotations: [] }] });
  const call = (argumentsText: string): Record<string, unknown> => ({ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'send_mail', arguments: argumentsText, status: 'completed' });
  const response = (status: string, output: unknown[]): Record<string, unknown> => ({ id: 'resp_1', object: 'response', created_at: 1, status, model: 'fake-model', output, usage: status === 'completed' ? { input_tokens: 3, output_tokens: 5, total_tokens: 8 } : null });
  return [
    { type: 'response.created', response: response('in_progress', []) },
    { type: 'response.output_item.added', output_index: 0, item: { ...message(''), status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
    ...text.map((delta) => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta })),
    { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: whole },
    { type: 'response.content_part.done', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: whole, annotations: [] } },
    { type: 'response.output_item.done', output_index: 0, item: message(whole) },
    { type: 'response.output_item.added', output_index: 1, item: { ...call(''), status: 'in_progress' } },
    ...args.map((delta) => ({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta })),
    { type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: 1, arguments: wholeArgs },
    { type: 'response.output_item.done', output_index: 1, item: call(wholeArgs) },
    { type: 'response.completed', response: response('completed', [message(whole), call(wholeArgs)]) },
  ];
}

/** What a client saw of a Responses stream: the deltas joined, the `.done` texts, the final response. */
async function readResponsesStream(client: OpenAI, check = true): Promise<{ text: string; args: string; doneText: string; doneArgs: string; final: OpenAI.Responses.Response | undefined }> {
  const seen = { text: '', args: '', doneText: '', doneArgs: '', final: undefined as OpenAI.Responses.Response | undefined };
  for await (const event of await client.responses.create({ model: 'fake-model', input: `mail ${EMAIL}`, stream: true })) {
    if (event.type === 'response.output_text.delta') {
      if (check) expectNoValue(event.delta, 'a text delta');
      seen.text += event.delta;
    } else if (event.type === 'response.function_call_arguments.delta') {
      if (check) expectNoValue(event.delta, 'an arguments delta');
      seen.args += event.delta;
    } else if (event.type === 'response.output_text.done') seen.doneText = event.text;
    else if (event.type === 'response.function_call_arguments.done') seen.doneArgs = event.arguments;
    else if (event.type === 'response.completed') seen.final = event.response;
  }
  return seen;
}

function messageText(response: OpenAI.Responses.Response | undefined): string | undefined {
  const message = response?.output[0];
  const part = message?.type === 'message' ? message.content[0] : undefined;
  return part?.type === 'output_text' ? part.text : undefined;
}

describe('pii-redaction on streamed tool calls and streamed /v1/responses answers', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  beforeEach(() => upstream.reset());
  after(() => upstream.stop());

  describe('masking (no config)', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, undefined);
    });
    after(() => gateway.close());

    it('masks tool-call arguments streamed in fragments that split an email and a card (openai SDK)', async () => {
      upstream.toolCallReplies.push(SPLIT_CALLS);
      const { args, order } = await streamedToolCalls(openai(gateway), 'mail the receipt');
      expect(args.map((a) => JSON.parse(a) as unknown)).to.deep.equal([{ to: '<EMAIL>', note: 'card <CREDIT_CARD>' }, { cc: '<EMAIL>' }]);
      expect(order, 'each call leaves whole, before the next begins').to.deep.equal([0, 1]);
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.match(/semantic_router_pii_detections_total\{entity="EMAIL",action="mask",direction="response"\} [2-9]/);
    });

    it('masks a legacy function_call streamed in fragments, and a whole one (openai SDK)', async () => {
      upstream.legacyFunctionCall = true;
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: '', fragments: ['{"to":"jane', '.doe@exa', 'mple.com","cc":"bob\\u0040example.net"}'] }]);
      let args = '';
      let finish: string | null | undefined;
      const stream = await openai(gateway).chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'mail' }] });
      for await (const chunk of stream) {
        const fragment = chunk.choices[0]?.delta.function_call?.arguments ?? '';
        expectNoValue(fragment, 'a function_call fragment');
        args += fragment;
        finish ??= chunk.choices[0]?.finish_reason;
      }
      expect(JSON.parse(args)).to.deep.equal({ to: '<EMAIL>', cc: '<EMAIL>' });
      expect(finish).to.equal('function_call');
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: '{"to":"jane.doe@example.com"}' }]);
      const whole = await openai(gateway).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'mail' }] });
      expect(JSON.parse(whole.choices[0]?.message.function_call?.arguments ?? '')).to.deep.equal({ to: '<EMAIL>' });
    });

    it('the SDK stream helper assembles valid, masked tool calls', async () => {
      upstream.toolCallReplies.push(SPLIT_CALLS);
      const completion = await openai(gateway).chat.completions.stream({ model: 'fake-model', messages: [{ role: 'user', content: 'mail the receipt' }] }).finalChatCompletion();
      const calls = completion.choices[0]?.message.tool_calls ?? [];
      expect(calls.map((c) => (c.type === 'function' ? c.function.name : ''))).to.deep.equal(['send_mail', 'cc']);
      expect(calls.map((c) => (c.type === 'function' ? (JSON.parse(c.function.arguments) as unknown) : undefined))).to.deep.equal([{ to: '<EMAIL>', note: 'card <CREDIT_CARD>' }, { cc: '<EMAIL>' }]);
      expect(completion.choices[0]?.finish_reason).to.equal('tool_calls');
    });

    it('masks streamed tool input an Anthropic client receives as input_json_delta (@anthropic-ai/sdk)', async () => {
      upstream.toolCallReplies.push(SPLIT_CALLS);
      const stream = anthropic(gateway).messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'mail the receipt' }] });
      stream.on('inputJson', (partial) => expectNoValue(partial, 'an input_json_delta'));
      const message = await stream.finalMessage();
      const inputs = message.content.map((block) => (block.type === 'tool_use' ? block.input : undefined));
      expect(inputs).to.deep.equal([{ to: '<EMAIL>', note: 'card <CREDIT_CARD>' }, { cc: '<EMAIL>' }]);
      expect(message.stop_reason).to.equal('tool_use');
    });

    it('masks a streamed /v1/responses answer: deltas, .done events and response.completed (openai SDK)', async () => {
      upstream.responsesStreamEvents = responsesEvents(['Write to jane', '.doe@exa', 'mple.com now.'], ['{"to":"bob@', 'example.net","card":"4111 1111', ' 1111 1111"}']);
      const seen = await readResponsesStream(openai(gateway));
      expect(seen.text).to.equal('Write to <EMAIL> now.');
      expect(seen.doneText).to.equal(seen.text);
      expect(JSON.parse(seen.args)).to.deep.equal({ to: '<EMAIL>', card: '<CREDIT_CARD>' });
      expect(seen.doneArgs).to.equal(seen.args);
      expect(messageText(seen.final)).to.equal('Write to <EMAIL> now.');
      const call = seen.final?.output[1];
      expect(call?.type === 'function_call' ? call.arguments : undefined).to.equal(seen.args);
      expectNoValue(JSON.stringify(seen.final), 'response.completed');
      expect(recordOf(upstream.requests.find((r) => r.path === '/v1/responses')?.body)['input']).to.equal('mail <EMAIL>');
    });

    it('the raw /v1/responses stream carries no value in any event, nor logprobs of changed text', async () => {
      // Each text delta comes with its token's logprobs, as OpenAI sends them when asked.
      upstream.responsesStreamEvents = responsesEvents(['Hello. ', 'Write to jane', '.doe@exa', 'mple.com now.'], ['{"to":"bob@', 'example.net"}']).map((event) =>
        event['type'] === 'response.output_text.delta' ? { ...event, logprobs: [{ token: event['delta'], logprob: -0.1, top_logprobs: [] }] } : event,
      );
      const res = await postJson(`${gateway.url}/v1/responses`, { model: 'fake-model', input: 'hi', stream: true });
      const events = await readSseEvents(res);
      expectNoValue(events.join('\n'), 'the stream');
      for (const event of events.map((data) => recordOf(JSON.parse(data)))) {
        const tokens = recordsOf(event['logprobs']).map((l) => stringOr(l['token'])).join('');
        if (tokens !== '') expect(tokens, 'logprobs only where the text passed as it came').to.equal(event['delta']);
      }
      expect(events.some((data) => data.includes('"logprobs":[{')), 'untouched deltas keep theirs').to.equal(true);
      const types = events.map((data) => stringOr(recordOf(JSON.parse(data))['type']));
      expect(types.at(-1)).to.equal('response.completed');
      // Held text is released as one more delta right before its `.done` event.
      expect(types.indexOf('response.output_text.done') - 1).to.equal(types.lastIndexOf('response.output_text.delta'));
    });
    it('a /v1/responses stream keeps sequence_number strictly increasing around the deltas the stage inserts (openai SDK)', async () => {
      upstream.responsesStreamEvents = responsesEvents(['Write to jane', '.doe@exa', 'mple.com now.', ' Or bob@', 'example.net'], ['{"to":"bob@', 'example.net"}']);
      const numbers: number[] = [];
      const types: string[] = [];
      for await (const event of await openai(gateway).responses.create({ model: 'fake-model', input: 'hi', stream: true })) {
        numbers.push(event.sequence_number);
        types.push(event.type);
      }
      expect(types.filter((t) => t.endsWith('.delta')).length, 'the stage inserted deltas').to.be.greaterThan(7);
      expect(numbers, 'strictly increasing, from the upstream\'s first').to.deep.equal(numbers.map((_n, i) => i));
    });

    it('sequence numbers stay increasing when held text is released before an error or at an end without .done', async () => {
      const events = responsesEvents(['Write to jane', '.doe@exa', 'mple.com'], ['{}']);
      for (const tail of [[{ type: 'error', code: 'server_error', message: 'the model failed', param: null }], []]) {
        upstream.responsesStreamEvents = [...events.slice(0, 6), ...tail];
        const res = await postJson(`${gateway.url}/v1/responses`, { model: 'fake-model', input: 'hi', stream: true });
        const seen = (await readSseEvents(res)).map((data) => recordOf(JSON.parse(data)));
        const numbers = seen.map((e) => e['sequence_number']);
        expect(numbers, JSON.stringify(seen.map((e) => e['type']))).to.deep.equal(numbers.map((_n, i) => i));
        expect(seen.filter((e) => e['type'] === 'response.output_text.delta').map((e) => stringOr(e['delta'])).join('')).to.equal('Write to <EMAIL>');
      }
    });

    it('a /v1/responses stream cut short by an error event releases held text before it, masked', async () => {
      upstream.responsesStreamEvents = [
        ...responsesEvents(['Write to jane', '.doe@exa', 'mple.com'], ['{}']).slice(0, 6),
        { type: 'error', code: 'server_error', message: 'the model failed', param: null },
      ];
      const res = await postJson(`${gateway.url}/v1/responses`, { model: 'fake-model', input: 'hi', stream: true });
      const events = (await readSseEvents(res)).map((data) => recordOf(JSON.parse(data)));
      expectNoValue(JSON.stringify(events), 'the stream');
      expect(events.at(-1)).to.deep.include({ type: 'error', code: 'server_error' });
      const text = events.filter((e) => e['type'] === 'response.output_text.delta').map((e) => stringOr(e['delta'])).join('');
      expect(text).to.equal('Write to <EMAIL>');
    });
  });

  describe('reversible mode (restore)', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, { reversible: 'restore' });
    });
    after(() => gateway.close());

    it('restores placeholders split across streamed tool-call argument fragments (openai SDK)', async () => {
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: '', fragments: ['{"to":"<EMA', 'IL_1>","cc":"<EMAIL_2', '>","new":"x@exa', 'mple.org"}'] }]);
      const { args } = await streamedToolCalls(openai(gateway), `mail ${EMAIL} and ${OTHER_EMAIL}`, (fragment) => {
        expect(fragment, 'every placeholder is restored').not.to.contain('<EMAIL_');
        expect(fragment, 'no fragment carries half a placeholder').not.to.match(/<[A-Z_\d]*$|^[A-Z_\d]*>/);
        expect(fragment).not.to.contain('x@exa');
      });
      expect(stringOr(recordsOf(upstream.chatBodies()[0]?.['messages'])[0]?.['content'])).to.equal('mail <EMAIL_1> and <EMAIL_2>');
      expect(args.map((a) => JSON.parse(a) as unknown)).to.deep.equal([{ to: EMAIL, cc: OTHER_EMAIL, new: '<EMAIL>' }]);
    });

    it('restores placeholders in tool input streamed to an Anthropic client', async () => {
      upstream.toolCallReplies.push([{ name: 'send_mail', arguments: '', fragments: ['{"to":"<EMAIL', '_1>"}'] }]);
      const message = await anthropic(gateway)
        .messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: `mail ${EMAIL}` }] })
        .finalMessage();
      expect(message.content.map((block) => (block.type === 'tool_use' ? block.input : undefined))).to.deep.equal([{ to: EMAIL }]);
      expect(JSON.stringify(upstream.chatBodies())).not.to.contain(EMAIL);
    });

    it('restores placeholders in a streamed /v1/responses answer, deltas and final events alike', async () => {
      upstream.responsesStreamEvents = responsesEvents(['Writing to <EM', 'AIL_1> now.'], ['{"to":"<EMAIL_', '1>"}']);
      const seen = await readResponsesStream(openai(gateway), false);
      expect(seen.text).to.equal(`Writing to ${EMAIL} now.`);
      expect(seen.doneText).to.equal(seen.text);
      expect(JSON.parse(seen.args)).to.deep.equal({ to: EMAIL });
      expect(messageText(seen.final)).to.equal(seen.text);
      const call = seen.final?.output[1];
      expect(call?.type === 'function_call' ? call.arguments : undefined).to.equal(seen.args);
      expect(recordOf(upstream.requests.find((r) => r.path === '/v1/responses')?.body)['input']).to.equal('mail <EMAIL_1>');
    });
  });

  describe('block in the response direction', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await gatewayWith(upstream, { entities: { US_SSN: { response: 'block' } } });
    });
    after(() => gateway.close());

    it('stops a stream whose tool-call arguments write a blocked entity: the value never leaves', async () => {
      upstream.toolCallReplies.push([{ name: 'file', arguments: '', fragments: ['{"ssn":"123-', '45-6789"}'] }]);
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const events = await readSseEvents(res);
      expectNoValue(events.join('\n'), 'the stopped stream');
      const error = recordOf(recordOf(JSON.parse(events.at(-1) ?? '{}'))['error']);
      expect(error).to.deep.include({ type: 'security_violation', code: 'pii_detected' });
      expect(recordOf(error['details'])['direction']).to.equal('response');
    });

    it('stops a streamed /v1/responses answer with an error event the openai SDK raises', async () => {
      upstream.responsesStreamEvents = responsesEvents(['Your SSN is 123-', '45-6789.'], ['{}']);
      const received: string[] = [];
      const err = await (async () => {
        for await (const event of await openai(gateway).responses.create({ model: 'fake-model', input: 'hi', stream: true })) received.push(JSON.stringify(event));
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(OpenAI.APIError);
      expect(err).to.have.property('code', 'pii_detected');
      expectNoValue(received.join('\n'), 'what the client received');
    });
  });
});
