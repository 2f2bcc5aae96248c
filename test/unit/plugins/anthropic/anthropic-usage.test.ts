import { expect } from 'chai';
import { Readable } from 'node:stream';
import { anthropicToChatResponse } from '../../../../plugins/anthropic/anthropic-to-chat-response.js';
import { anthropicStreamToChatStream } from '../../../../plugins/anthropic/anthropic-stream-to-chat-stream.js';
import { parseUsage } from '../../../../plugins/upstream/stage/parse-usage.js';

// Anthropic's input_tokens leaves out cache reads and writes; OpenAI's prompt_tokens includes them.
const ANTHROPIC_USAGE = { input_tokens: 10, cache_read_input_tokens: 30, cache_creation_input_tokens: 5, output_tokens: 4 };
// Cache writes have no OpenAI field: LiteLLM's top-level cache_creation_input_tokens carries them.
const CHAT_USAGE = { prompt_tokens: 45, completion_tokens: 4, total_tokens: 49, prompt_tokens_details: { cached_tokens: 30 }, cache_creation_input_tokens: 5 };

describe('Anthropic usage in OpenAI shape (cache fields)', () => {
  it('a message: the prompt sums input, cache reads and writes; cache reads are the cached tokens', () => {
    const chat = anthropicToChatResponse({ id: 'msg_1', model: 'claude', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: ANTHROPIC_USAGE });
    expect(chat['usage']).to.deep.equal(CHAT_USAGE);
    expect(parseUsage(chat['usage'], 'claude')).to.deep.equal({ model: 'claude', promptTokens: 45, completionTokens: 4, cachedTokens: 30, cacheWriteTokens: 5 });
  });

  it('without cache fields the usage is as before', () => {
    const chat = anthropicToChatResponse({ id: 'msg_1', model: 'claude', content: [], usage: { input_tokens: 3, output_tokens: 2 } });
    expect(chat['usage']).to.deep.equal({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('a stream: message_start counts carry through to the usage chunk', async () => {
    const sse = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    const source = Readable.from([
      sse('message_start', { type: 'message_start', message: { id: 'msg_1', model: 'claude', content: [], usage: { ...ANTHROPIC_USAGE, output_tokens: 1 } } }),
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }),
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }),
      sse('message_stop', { type: 'message_stop' }),
    ]);
    let text = '';
    for await (const chunk of anthropicStreamToChatStream(source, true)) text += String(chunk);
    const events = text.split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice('data: '.length)) as Record<string, unknown>);
    expect(events.at(-1)?.['usage']).to.deep.equal(CHAT_USAGE);
  });
});
