import { expect } from 'chai';
import { Readable } from 'node:stream';
import type { FlushReason, ResponseTransform } from '../../../../core/streams/response-transform.js';
import { TransformChain } from '../../../../core/streams/transform-chain.js';
import { transformJsonResponse } from '../../../../core/streams/transform-json.js';
import { transformSseStream } from '../../../../core/streams/transform-stream.js';
import { recordOf, recordsOf, stringOr } from '../../../../core/util/narrow-json.js';

const chunk = (delta: unknown, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const call = (index: number, args: string, head = false): unknown => ({ tool_calls: [{ index, ...(head ? { id: `call_${index}`, type: 'function' } : {}), function: { ...(head ? { name: `f${index}` } : {}), arguments: args } }] });

/** Holds every tool call's arguments until its flush, then gives them back upper-cased; records flushes. */
function holdingTransform(flushes: string[]): ResponseTransform {
  const held = new Map<string, string>();
  return {
    toolArguments(choice, index, fragment) {
      held.set(`${choice}:${index}`, (held.get(`${choice}:${index}`) ?? '') + fragment);
      return '';
    },
    flushToolArguments(choice, index, reason: FlushReason) {
      flushes.push(`${choice}:${index}:${reason}`);
      const out = held.get(`${choice}:${index}`) ?? '';
      held.delete(`${choice}:${index}`);
      return out.toUpperCase();
    },
  };
}

async function run(input: readonly string[], transforms: readonly ResponseTransform[]): Promise<string> {
  const out = transformSseStream(Readable.from(input.map((s) => Buffer.from(s))), new TransformChain(transforms));
  let text = '';
  for await (const piece of out) text += String(piece);
  return text;
}

/** Each tool call's arguments as the client assembles them, and the order their fragments came in. */
function assemble(sse: string): { args: string[]; order: number[] } {
  const args: string[] = [];
  const order: number[] = [];
  for (const block of sse.split('\n\n')) {
    const data = block.startsWith('data: ') ? block.slice(6) : '';
    if (data === '' || data === '[DONE]') continue;
    for (const choice of recordsOf(recordOf(JSON.parse(data))['choices'])) {
      for (const entry of recordsOf(recordOf(choice['delta'])['tool_calls'])) {
        const index = Number(entry['index']);
        const fragment = stringOr(recordOf(entry['function'])['arguments']);
        args[index] = (args[index] ?? '') + fragment;
        if (fragment !== '' && order.at(-1) !== index) order.push(index);
      }
    }
  }
  return { args, order };
}

describe('response transforms: tool-call arguments', () => {
  const stream = [chunk({ role: 'assistant', content: 'Calling' }), chunk(call(0, '{"a":', true)), chunk(call(0, '1}')), chunk(call(1, '{"b":2}', true)), chunk({}, 'tool_calls'), 'data: [DONE]\n\n'];

  it('routes argument fragments through the transforms; held arguments leave before the next call and at finish', async () => {
    const flushes: string[] = [];
    const out = await run(stream, [holdingTransform(flushes)]);
    expect(assemble(out)).to.deep.equal({ args: ['{"A":1}', '{"B":2}'], order: [0, 1] });
    expect(flushes).to.deep.equal(['0:0:finish', '0:1:finish']);
    // Released arguments come in a chunk of their own, before the event that moved on.
    const blocks = out.split('\n\n').filter((b) => b !== '');
    const released = blocks.findIndex((b) => b.includes('{\\"A\\":1}'));
    expect(blocks[released + 1]).to.contain('"f1"');
    expect(blocks.at(-2)).to.contain('"finish_reason":"tool_calls"');
  });

  it('a chain whose transforms do not read arguments leaves tool-call events byte for byte', async () => {
    const seen: string[] = [];
    const out = await run(stream, [{ text: (_c, text) => (seen.push(text), text) }]);
    expect(out).to.equal(stream.join(''));
    expect(seen).to.deep.equal(['Calling']);
  });

  it('a JSON answer gives each tool call its arguments in one call, then the flush', async () => {
    const flushes: string[] = [];
    const answer = {
      id: 'c1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls' }],
    };
    const out = await transformJsonResponse(answer, new TransformChain([holdingTransform(flushes)]));
    expect(recordOf(recordsOf(recordOf(recordsOf(recordOf(out)['choices'])[0]?.['message'])['tool_calls'])[0]?.['function'])['arguments']).to.equal('{"A":1}');
    expect(flushes).to.deep.equal(['0:0:finish']);
    expect(answer.choices[0]?.message.tool_calls[0]?.function.arguments, 'the input is not modified').to.equal('{"a":1}');
  });

  it('releases a choice\'s held text before its first tool call', async () => {
    const holdText: ResponseTransform = {
      text: () => '',
      flush: () => 'TEXT',
      toolArguments: (_c, _i, fragment) => fragment,
    };
    const out = await run(stream, [holdText]);
    const blocks = out.split('\n\n').filter((b) => b !== '');
    expect(blocks.findIndex((b) => b.includes('"content":"TEXT"'))).to.be.lessThan(blocks.findIndex((b) => b.includes('"f0"')));
  });

  it('the legacy function_call is a tool call with index -1: held arguments are released as function_call, before the finish', async () => {
    const flushes: string[] = [];
    const legacy = [chunk({ role: 'assistant', content: null, function_call: { name: 'f', arguments: '{"a":' } }), chunk({ function_call: { arguments: '1}' } }), chunk({}, 'function_call'), 'data: [DONE]\n\n'];
    const out = await run(legacy, [holdingTransform(flushes)]);
    expect(flushes).to.deep.equal(['0:-1:finish']);
    const blocks = out.split('\n\n').filter((b) => b !== '');
    const released = blocks.findIndex((b) => b.includes('"function_call":{"arguments":"{\\"A\\":1}"}'));
    expect(released, out).to.be.greaterThan(-1);
    expect(blocks[released + 1]).to.contain('"finish_reason":"function_call"');
    const answer = { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{"a":1}' } }, finish_reason: 'function_call' }] };
    expect(await transformJsonResponse(answer, new TransformChain([holdingTransform([])]))).to.have.nested.property('choices[0].message.function_call.arguments', '{"A":1}');
  });
});
