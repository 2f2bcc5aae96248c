import { expect } from 'chai';
import { Readable } from 'node:stream';
import { messagesToChat } from '../../../../plugins/anthropic/messages-to-chat.js';
import { chatToMessage } from '../../../../plugins/anthropic/chat-to-messages.js';
import { chatStreamToMessagesStream } from '../../../../plugins/anthropic/chat-stream-to-messages-stream.js';

describe('Anthropic dialect', () => {
  it('messages → chat: system blocks, images, tool_use, tool_result, tools and tool_choice', () => {
    const chat = messagesToChat({
      model: 'm',
      max_tokens: 10,
      system: [{ type: 'text', text: 'sys' }],
      metadata: { user_id: 'u-1' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'QUJD' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'calling' }, { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'done' }], is_error: true }, { type: 'text', text: 'thanks' }] },
      ],
      tools: [{ name: 'f', description: 'does f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'f' },
      stream: true,
    });
    expect(chat).to.deep.equal({
      model: 'm',
      max_tokens: 10,
      stream: true,
      stream_options: { include_usage: true },
      user: 'u-1',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,QUJD' } }] },
        { role: 'assistant', content: 'calling', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
        { role: 'tool', tool_call_id: 't1', content: 'Error: done' },
        { role: 'user', content: 'thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
    });
  });

  it('chat completion → message: tool calls become tool_use blocks; stop reasons map', () => {
    const message = chatToMessage(
      {
        id: 'c1',
        model: 'm',
        choices: [{ message: { content: null, tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{"x":2}' } }] }, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 3, completion_tokens: 2 },
      },
      'm',
    );
    expect(message).to.deep.include({ type: 'message', stop_reason: 'tool_use', content: [{ type: 'tool_use', id: 'call_1', name: 'f', input: { x: 2 } }], usage: { input_tokens: 3, output_tokens: 2 } });
    expect(chatToMessage({ choices: [{ message: { content: 'hi' }, finish_reason: 'length' }] }, 'm')).to.deep.include({ stop_reason: 'max_tokens', model: 'm' });
  });

  it('chat stream → Anthropic events, tool call arguments as input_json_delta', async () => {
    const chunks = [
      { model: 'm', choices: [{ delta: { role: 'assistant', content: 'Hi' } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a"' } }] } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finish_reason: 'tool_calls' }] },
      { choices: [], usage: { prompt_tokens: 4, completion_tokens: 5 } },
    ];
    const input = Readable.from([...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n']);
    let text = '';
    for await (const piece of chatStreamToMessagesStream(input, 'm')) text += String(piece);
    const events = text.trim().split('\n\n').map((block) => JSON.parse(block.split('\n')[1]!.slice(6)) as Record<string, unknown>);
    expect(events.map((e) => e['type'])).to.deep.equal([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start',
      'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(events[4]).to.deep.include({ index: 1, content_block: { type: 'tool_use', id: 'c1', name: 'f', input: {} } });
    expect(events[6]).to.deep.include({ delta: { type: 'input_json_delta', partial_json: ':1}' } });
    expect(events[8]).to.deep.equal({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 4, output_tokens: 5 } });
  });

  it('a reasoning worker\'s thinking is kept as a thinking block, JSON and streamed', async () => {
    const message = chatToMessage({ id: 'c', model: 'r1', choices: [{ message: { role: 'assistant', reasoning_content: 'Let me think.', content: 'Four.' }, finish_reason: 'stop' }] }, 'r1');
    expect(message['content']).to.deep.equal([{ type: 'thinking', thinking: 'Let me think.', signature: '' }, { type: 'text', text: 'Four.' }]);
    const input = Readable.from([
      'data: {"model":"r1","choices":[{"delta":{"reasoning_content":"Two and "}}]}\n\n',
      'data: {"choices":[{"delta":{"reasoning_content":"two."}}]}\n\n',
      'data: {"choices":[{"delta":{"content":"Four."},"finish_reason":"stop"}]}\n\n',
      'data: [DONE]\n\n',
    ]);
    let text = '';
    for await (const piece of chatStreamToMessagesStream(input, 'r1')) text += String(piece);
    const events = text.trim().split('\n\n').map((block) => JSON.parse(block.split('\n')[1]!.slice(6)) as Record<string, unknown>);
    expect(events.map((e) => e['type'])).to.deep.equal([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(events[1]).to.deep.include({ index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    expect(events[3]).to.deep.include({ index: 0, delta: { type: 'thinking_delta', thinking: 'two.' } });
    expect(events[6]).to.deep.include({ index: 1, delta: { type: 'text_delta', text: 'Four.' } });
  });

  it('a stream ending without [DONE] ends with an error event', async () => {
    let text = '';
    for await (const piece of chatStreamToMessagesStream(Readable.from(['data: {"choices":[{"delta":{"content":"x"}}]}\n\n']), 'm')) text += String(piece);
    expect(text.trim().split('\n\n').at(-1)).to.equal('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The upstream stream ended early."}}');
  });
});
