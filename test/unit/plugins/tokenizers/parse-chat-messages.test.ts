import { expect } from 'chai';
import { parseChatMessages } from '../../../../plugins/tokenizers/parse-chat-messages.js';

describe('parseChatMessages', () => {
  it('flattens text parts with newlines and keeps the other fields', () => {
    const parsed = parseChatMessages([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], name: 'ann' }, { role: 'assistant' }]);
    expect(parsed).to.deep.equal({ ok: true, messages: [{ role: 'user', content: 'a\nb', name: 'ann' }, { role: 'assistant', content: null }] });
  });

  it('turns tool-call arguments sent as a JSON string into an object, and leaves anything else alone', () => {
    const parsed = parseChatMessages([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: '1', type: 'function', function: { name: 'f', arguments: '{"city":"Oslo"}' } },
          { id: '2', type: 'function', function: { name: 'g', arguments: 'not json' } },
          { id: '3', type: 'function', function: { name: 'h', arguments: '[1]' } },
        ],
      },
    ]);
    expect(parsed.ok && parsed.messages[0]?.['tool_calls']).to.deep.equal([
      { id: '1', type: 'function', function: { name: 'f', arguments: { city: 'Oslo' } } },
      { id: '2', type: 'function', function: { name: 'g', arguments: 'not json' } },
      { id: '3', type: 'function', function: { name: 'h', arguments: '[1]' } },
    ]);
  });

  it('says which message is wrong', () => {
    expect(parseChatMessages([])).to.deep.equal({ ok: false, path: '/messages', message: 'must be a non-empty list' });
    expect(parseChatMessages([{ role: 'user', content: 'x' }, { content: 'y' }])).to.deep.equal({ ok: false, path: '/messages/1/role', message: 'must be a non-empty string' });
    expect(parseChatMessages([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }])).to.include({ ok: false, path: '/messages/0/content' });
    expect(parseChatMessages(['hi'])).to.include({ ok: false, path: '/messages/0' });
  });
});
