import { expect } from 'chai';
import { Readable } from 'node:stream';
import { TransformChain } from '../../../../core/streams/transform-chain.js';
import { transformSseStream } from '../../../../core/streams/transform-stream.js';
import { recordOf, recordsOf, stringOr } from '../../../../core/util/narrow-json.js';
import type { EntityCounts } from '../../../../plugins/pii-redaction/entity-tally.js';
import { redactResponsesStream } from '../../../../plugins/pii-redaction/redact-responses-stream.js';
import { createResponseRedaction } from '../../../../plugins/pii-redaction/response-redaction.js';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

const VALUES = ['jane.doe@example.com', 'jane.doe@', '4111 1111'];

const toolChunk = (args: string, head: boolean): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...(head ? { id: 'call_0', type: 'function' } : {}), function: { ...(head ? { name: 'f' } : {}), arguments: args } }] }, finish_reason: null }] })}\n\n`;
const finishChunk = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`;

async function collect(stream: Readable): Promise<string> {
  let raw = '';
  for await (const piece of stream) raw += String(piece);
  return raw;
}

function dataOf(raw: string): Record<string, unknown>[] {
  return raw
    .split('\n\n')
    .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)))
    .filter((data) => data !== '[DONE]')
    .map((data) => recordOf(JSON.parse(data)));
}

function expectNoValue(text: string, what: string): void {
  for (const value of VALUES) expect(text, `${what} must not carry ${value}`).not.to.contain(value);
}

describe('pii-redaction: arguments and Responses texts split at every position', function () {
  this.timeout(60_000);
  const plan = buildPlanFromRawConfig({});
  const restoring = buildPlanFromRawConfig({ reversible: 'restore' });

  it('tool-call arguments split anywhere give the whole arguments\' redaction; no fragment carries the value', async () => {
    const args = '{"to":"jane.doe@example.com","card":"4111 1111 1111 1111"}';
    const expected = plan.processResponseText(args).text;
    expect(JSON.parse(expected)).to.deep.equal({ to: '<EMAIL>', card: '<CREDIT_CARD>' });
    for (let i = 1; i < args.length; i++) {
      const reports: EntityCounts[] = [];
      const chain = new TransformChain([createResponseRedaction(plan, undefined, (c) => reports.push(c))]);
      const source = Readable.from([toolChunk(args.slice(0, i), true), toolChunk(args.slice(i), false), finishChunk, 'data: [DONE]\n\n']);
      const events = dataOf(await collect(transformSseStream(source, chain)));
      let joined = '';
      for (const event of events) {
        for (const call of recordsOf(recordOf(recordsOf(event['choices'])[0]?.['delta'])['tool_calls'])) {
          const fragment = stringOr(recordOf(call['function'])['arguments']);
          expectNoValue(fragment, `split at ${i}: a fragment`);
          joined += fragment;
        }
      }
      expect(joined, `split at ${i}`).to.equal(expected);
      expect(reports.reduce((n, c) => n + (c.entities['EMAIL'] ?? 0), 0), `split at ${i}: counted once`).to.equal(1);
    }
  });

  it('a Responses text split anywhere is masked in its deltas and repeated alike by .done and response.completed', async () => {
    const text = 'Mail jane.doe@example.com or pay 4111 1111 1111 1111.';
    const expected = plan.processResponseText(text).text;
    for (let i = 1; i < text.length; i++) {
      const events = [
        { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: text.slice(0, i) },
        { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: text.slice(i) },
        { type: 'response.output_text.done', item_id: 'm', output_index: 0, content_index: 0, text },
        { type: 'response.completed', response: { output: [{ type: 'message', id: 'm', content: [{ type: 'output_text', text }] }] } },
      ].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      const out = redactResponsesStream(Readable.from(events), {
        createStream: (into) => plan.createResponseStream(undefined, undefined, into),
        rewriteWhole: (whole, into) => plan.processResponseText(whole, undefined, undefined, into).text,
        report: () => undefined,
        onStopped: () => undefined,
      });
      const received = dataOf(await collect(out));
      expectNoValue(JSON.stringify(received), `split at ${i}`);
      const deltas = received.filter((e) => e['type'] === 'response.output_text.delta').map((e) => stringOr(e['delta']));
      expect(deltas.join(''), `split at ${i}`).to.equal(expected);
      expect(received.find((e) => e['type'] === 'response.output_text.done')?.['text']).to.equal(expected);
      const completed = recordOf(received.find((e) => e['type'] === 'response.completed')?.['response']);
      expect(recordsOf(recordsOf(completed['output'])[0]?.['content'])[0]?.['text']).to.equal(expected);
    }
  });

  it('a custom tool\'s input and interpreter code are masked in their deltas, .done events and items', async () => {
    const input = 'send to jane.doe@example.com';
    const code = 'print("jane.doe@example.com")';
    const events = [
      { type: 'response.custom_tool_call_input.delta', item_id: 'ct', output_index: 0, delta: input.slice(0, 14) },
      { type: 'response.custom_tool_call_input.delta', item_id: 'ct', output_index: 0, delta: input.slice(14) },
      { type: 'response.custom_tool_call_input.done', item_id: 'ct', output_index: 0, input },
      { type: 'response.output_item.done', output_index: 0, item: { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'mail', input } },
      { type: 'response.code_interpreter_call_code.delta', item_id: 'ci', output_index: 1, delta: code.slice(0, 12) },
      { type: 'response.code_interpreter_call_code.delta', item_id: 'ci', output_index: 1, delta: code.slice(12) },
      { type: 'response.code_interpreter_call_code.done', item_id: 'ci', output_index: 1, code },
      { type: 'response.output_item.done', output_index: 1, item: { type: 'code_interpreter_call', id: 'ci', code, outputs: [] } },
    ].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    const out = redactResponsesStream(Readable.from(events), {
      createStream: (into) => plan.createResponseStream(undefined, undefined, into),
      rewriteWhole: (whole, into) => plan.processResponseText(whole, undefined, undefined, into).text,
      report: () => undefined,
      onStopped: () => undefined,
    });
    const received = dataOf(await collect(out));
    expectNoValue(JSON.stringify(received), 'the stream');
    const deltas = (type: string): string => received.filter((e) => e['type'] === type).map((e) => stringOr(e['delta'])).join('');
    expect(deltas('response.custom_tool_call_input.delta')).to.equal('send to <EMAIL>');
    expect(deltas('response.code_interpreter_call_code.delta')).to.equal('print("<EMAIL>")');
    const items = received.filter((e) => e['type'] === 'response.output_item.done').map((e) => recordOf(e['item']));
    expect(items.map((item) => item['input'] ?? item['code'])).to.deep.equal(['send to <EMAIL>', 'print("<EMAIL>")']);
  });

  it('a placeholder split anywhere in arguments is restored as JSON string content', async () => {
    const vault = restoring.createVault();
    const up = restoring.redactText('mail "Jane" at jane.doe@example.com', 'request', vault);
    expect(up.text).to.equal('mail "Jane" at <EMAIL_1>');
    const args = '{"to":"<EMAIL_1>"}';
    for (let i = 1; i < args.length; i++) {
      const chain = new TransformChain([createResponseRedaction(restoring, vault, () => undefined)]);
      const source = Readable.from([toolChunk(args.slice(0, i), true), toolChunk(args.slice(i), false), finishChunk, 'data: [DONE]\n\n']);
      let joined = '';
      for (const event of dataOf(await collect(transformSseStream(source, chain)))) {
        for (const call of recordsOf(recordOf(recordsOf(event['choices'])[0]?.['delta'])['tool_calls'])) joined += stringOr(recordOf(call['function'])['arguments']);
      }
      expect(JSON.parse(joined), `split at ${i}`).to.deep.equal({ to: 'jane.doe@example.com' });
    }
  });
});
