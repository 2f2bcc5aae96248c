import { expect } from 'chai';
import { Readable } from 'node:stream';
import { ChoiceOutputParser } from '../../../../plugins/parsers/choice-output-parser.js';
import { parseChatCompletion } from '../../../../plugins/parsers/parse-output-json.js';
import { parseChatStream } from '../../../../plugins/parsers/parse-output-stream.js';
import { createReasoningParser, createToolCallParser } from '../../../../plugins/parsers/parser-registry.js';

const TEXT = '<think>Need the weather.</think>\n\nChecking.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>\n<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>';
const tools = [{ name: 'get_weather' }, { name: 'get_time' }];
let ids = 0;
const createParser = (): ChoiceOutputParser =>
  new ChoiceOutputParser(createReasoningParser('qwen3').createStream(), createToolCallParser('qwen', { tools, createId: () => `call_${String(++ids)}` }).createStream());

interface Assembled {
  reasoning: string;
  content: string;
  calls: { name: string; arguments: string }[];
  finish: unknown;
}

/** Streams `pieces` as chat chunks through the stage's stream rewrite and assembles what a client would. */
async function streamed(pieces: readonly string[]): Promise<Assembled> {
  const events = pieces.map((content, i) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: i === pieces.length - 1 ? 'stop' : null }] })}\n\n`);
  const out = parseChatStream(Readable.from([...events, 'data: [DONE]\n\n'].map((e) => Buffer.from(e))), createParser);
  let text = '';
  for await (const chunk of out) text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
  const result: Assembled = { reasoning: '', content: '', calls: [], finish: null };
  for (const block of text.split('\n\n')) {
    const data = block.replace(/^data: /, '');
    if (data === '' || data === '[DONE]') continue;
    const chunk = JSON.parse(data) as { choices: { delta: { reasoning_content?: string; content?: string; tool_calls?: { index: number; function: { name?: string; arguments: string } }[] }; finish_reason: unknown }[] };
    for (const choice of chunk.choices) {
      result.reasoning += choice.delta.reasoning_content ?? '';
      result.content += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const at = (result.calls[call.index] ??= { name: '', arguments: '' });
        at.name += call.function.name ?? '';
        at.arguments += call.function.arguments;
      }
      if (choice.finish_reason !== null) result.finish = choice.finish_reason;
    }
  }
  return result;
}

describe('parse-output: a chat answer through the parsers, whole or streamed', () => {
  const expected: Assembled = {
    reasoning: 'Need the weather.',
    content: 'Checking.',
    calls: [
      { name: 'get_weather', arguments: '{"city": "Paris"}' },
      { name: 'get_time', arguments: '{}' },
    ],
    finish: 'tool_calls',
  };

  it('a whole chat.completion gets reasoning_content, tool_calls (content kept) and finish_reason tool_calls', () => {
    const body = { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' }], usage: { prompt_tokens: 1 } };
    const parsed = parseChatCompletion(body, createParser) as { choices: { message: Record<string, unknown>; finish_reason: string }[]; usage: unknown };
    const choice = parsed.choices[0];
    expect(choice?.finish_reason).to.equal('tool_calls');
    expect(choice?.message).to.deep.include({ role: 'assistant', content: 'Checking.', reasoning_content: 'Need the weather.' });
    expect(choice?.message['tool_calls']).to.deep.equal(expected.calls.map((f, i) => ({ id: `call_${String(ids - 1 + i)}`, type: 'function', function: f })));
    expect(parsed.usage).to.deep.equal({ prompt_tokens: 1 });
  });

  it('a stream cut anywhere, in two or in characters, assembles to the same answer', async () => {
    expect(await streamed([TEXT])).to.deep.equal(expected);
    expect(await streamed([...TEXT])).to.deep.equal(expected);
    for (let cut = 1; cut < TEXT.length; cut += 7) expect(await streamed([TEXT.slice(0, cut), TEXT.slice(cut)]), `cut at ${String(cut)}`).to.deep.equal(expected);
  });

  it('releases what the parsers held before an in-band error, and at the end of a stream without [DONE]', async () => {
    const chunk = (content: string): string => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const read = async (events: string[]): Promise<string[]> => {
      let text = '';
      for await (const out of parseChatStream(Readable.from(events.map((e) => Buffer.from(e))), createParser)) text += String(out);
      return text.split('\n\n').filter((block) => block !== '');
    };
    const error = 'data: {"error":{"message":"upstream failed","type":"server_error"}}';
    const field = (blocks: string[], name: 'reasoning_content' | 'content'): string =>
      blocks
        .map((block) => JSON.parse(block.replace(/^data: /, '')) as { choices?: { delta: Record<string, string | undefined> }[] })
        .map((c) => c.choices?.[0]?.delta[name] ?? '')
        .join('');
    const withError = await read([chunk('<think>half a thou'), chunk('ght. Then <tool'), `${error}\n\n`]);
    expect(withError.at(-1)).to.equal(error);
    expect(field(withError, 'reasoning_content')).to.equal('half a thought. Then <tool');
    const cut = await read([chunk('Answer <tool_c')]);
    expect(field(cut, 'content')).to.equal('Answer <tool_c');
  });

  it('leaves answers without content, and choices the worker already gave tool calls, as they were', () => {
    const withCalls = { choices: [{ index: 0, message: { content: TEXT, tool_calls: [{ id: 'x' }] }, finish_reason: 'tool_calls' }] };
    expect(parseChatCompletion(withCalls, createParser)).to.deep.equal(withCalls);
    expect(parseChatCompletion({ data: [] }, createParser)).to.deep.equal({ data: [] });
  });
});
