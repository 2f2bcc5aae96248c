import { expect } from 'chai';
import { redactRequestBody } from '../../../../plugins/pii-redaction/redact-request-body.js';
import { redactResponsesBody } from '../../../../plugins/pii-redaction/redact-responses-body.js';

const upper = (text: string): string => text.toUpperCase();

describe('pii-redaction request body walker', () => {
  it('rewrites every text a chat request sends, and nothing else', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'part' }, { type: 'image_url', image_url: { url: 'http://x/y' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":"b"}' } }], function_call: { name: 'g', arguments: '{}x' } },
        { role: 'tool', tool_call_id: 'c', content: 'result' },
      ],
    };
    const out = redactRequestBody('chat.completions', body, upper);
    expect(out).to.deep.equal({
      model: 'm',
      messages: [
        { role: 'system', content: 'SYS' },
        { role: 'user', content: [{ type: 'text', text: 'PART' }, { type: 'image_url', image_url: { url: 'http://x/y' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"A":"B"}' } }], function_call: { name: 'g', arguments: '{}X' } },
        { role: 'tool', tool_call_id: 'c', content: 'RESULT' },
      ],
    });
    expect(body.messages[0]?.content, 'the original is never modified').to.equal('sys');
  });

  it('returns the very body when no text changed, and leaves passthrough bodies alone', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'same' }] };
    expect(redactRequestBody('chat.completions', body, (t) => t)).to.equal(body);
    const raw = { model: 'm', input: 'anything' };
    expect(redactRequestBody('passthrough', raw, upper)).to.equal(raw);
  });

  it('rewrites completion prompts and embedding inputs (strings, not token ids)', () => {
    expect(redactRequestBody('completions', { prompt: ['a', 'b'] }, upper)).to.deep.equal({ prompt: ['A', 'B'] });
    expect(redactRequestBody('completions', { prompt: [1, 2] }, upper)).to.deep.equal({ prompt: [1, 2] });
    expect(redactRequestBody('embeddings', { input: 'x' }, upper)).to.deep.equal({ input: 'X' });
  });

  it('rewrites a Responses API request: instructions, string input, messages, function calls and outputs', () => {
    expect(redactResponsesBody({ model: 'm', input: 'hi' }, upper)).to.deep.equal({ model: 'm', input: 'HI' });
    const body = {
      instructions: 'be kind',
      input: [
        { type: 'message', role: 'user', content: 'plain' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'said' }, { type: 'input_image', image_url: 'x' }] },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{"q":"v"}' },
        { type: 'function_call_output', call_id: 'c', output: 'out' },
      ],
    };
    expect(redactResponsesBody(body, upper)).to.deep.equal({
      instructions: 'BE KIND',
      input: [
        { type: 'message', role: 'user', content: 'PLAIN' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'SAID' }, { type: 'input_image', image_url: 'x' }] },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{"Q":"V"}' },
        { type: 'function_call_output', call_id: 'c', output: 'OUT' },
      ],
    });
    expect(redactResponsesBody(body, (t) => t)).to.equal(body);
  });
});
