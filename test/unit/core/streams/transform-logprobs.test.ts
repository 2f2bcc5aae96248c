import { expect } from 'chai';
import { Readable } from 'node:stream';
import type { ResponseTransform } from '../../../../core/streams/response-transform.js';
import { TransformChain } from '../../../../core/streams/transform-chain.js';
import { transformJsonResponse } from '../../../../core/streams/transform-json.js';
import { transformSseStream } from '../../../../core/streams/transform-stream.js';
import { recordOf, recordsOf } from '../../../../core/util/narrow-json.js';

const logprobs = (token: string): unknown => ({ content: [{ token, logprob: -0.1, bytes: [...Buffer.from(token)], top_logprobs: [{ token, logprob: -0.1, bytes: [...Buffer.from(token)] }] }], refusal: null });
const chunk = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, logprobs: logprobs(content), finish_reason: finish }] })}\n\n`;

/** Masks "secret" in each delta (no hold-back: enough to see which chunks changed). */
const masking: ResponseTransform = { text: (_choice, text) => text.replaceAll('secret', '<S>'), toolArguments: (_c, _i, fragment) => fragment.replaceAll('secret', '<S>') };

async function run(input: readonly string[], transforms: readonly ResponseTransform[]): Promise<string> {
  const out = transformSseStream(Readable.from(input.map((s) => Buffer.from(s))), new TransformChain(transforms));
  let text = '';
  for await (const piece of out) text += String(piece);
  return text;
}

function choicesOf(sse: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const block of sse.split('\n\n')) {
    const data = block.startsWith('data: ') ? block.slice(6) : '';
    if (data === '' || data === '[DONE]') continue;
    out.push(...recordsOf(recordOf(JSON.parse(data))['choices']));
  }
  return out;
}

describe('response transforms: logprobs of an edited choice', () => {
  const input = [chunk('the '), chunk('secret'), chunk(' word', 'stop'), 'data: [DONE]\n\n'];

  it('a stream chunk whose text changed has null logprobs; the others keep their bytes', async () => {
    const out = await run(input, [masking]);
    const blocks = out.split(/(?<=\n\n)/);
    expect(blocks[0]).to.equal(input[0]);
    expect(blocks[2]).to.equal(input[2]);
    const [, edited] = choicesOf(out);
    expect(recordOf(edited?.['delta'])['content']).to.equal('<S>');
    expect(edited?.['logprobs']).to.equal(null);
    expect(out).not.to.include('secret');
  });

  it('a stream with no edit leaves every byte, logprobs included', async () => {
    const clean = [chunk('all '), chunk('clear', 'stop'), 'data: [DONE]\n\n'];
    expect(await run(clean, [masking])).to.equal(clean.join(''));
  });

  it('edited tool-call arguments clear the chunk logprobs too', async () => {
    const toolChunk = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'f', arguments: '{"k":"secret"}' } }] }, logprobs: logprobs('secret'), finish_reason: null }] })}\n\n`;
    const out = await run([toolChunk, 'data: [DONE]\n\n'], [masking]);
    expect(out).not.to.include('secret');
    expect(choicesOf(out)[0]?.['logprobs']).to.equal(null);
  });

  it('a JSON chat answer and a text completion: only the edited choice loses its logprobs', async () => {
    const chat = {
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'a secret' }, logprobs: logprobs('secret'), finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'plain' }, logprobs: logprobs('plain'), finish_reason: 'stop' },
      ],
    };
    const out = recordsOf(recordOf(await transformJsonResponse(chat, new TransformChain([masking])))['choices']);
    expect(out[0]?.['logprobs']).to.equal(null);
    expect(out[1]?.['logprobs']).to.deep.equal(logprobs('plain'));
    const completion = { object: 'text_completion', choices: [{ index: 0, text: 'secret', logprobs: { tokens: ['secret'], token_logprobs: [-0.1], top_logprobs: [{ secret: -0.1 }], text_offset: [0] }, finish_reason: 'stop' }] };
    const done = recordsOf(recordOf(await transformJsonResponse(completion, new TransformChain([masking])))['choices']);
    expect(done[0]).to.deep.equal({ index: 0, text: '<S>', logprobs: null, finish_reason: 'stop' });
    expect(await transformJsonResponse(chat.choices[1], new TransformChain([masking]))).to.equal(chat.choices[1]);
  });
});
