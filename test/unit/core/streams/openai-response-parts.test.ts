import { expect } from 'chai';
import type { OpenAiEditablePart } from '../../../../core/streams/openai-parts.js';
import { partsOfChatResponse, type OpenAiResponseParts } from '../../../../core/streams/openai-response-parts.js';

function editable(response: OpenAiResponseParts, at = 0): OpenAiEditablePart {
  const found = response.parts.filter((p): p is OpenAiEditablePart => p.kind === 'text' || p.kind === 'reasoning')[at];
  if (found === undefined) return expect.fail('no editable part');
  return found;
}

const chatResponse = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', reasoning_content: 'think', content: 'Hello Bob', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
};

describe('partsOfChatResponse', () => {
  it('reads a whole chat response as the parts a stream gives, all of a choice’s text in one part', () => {
    expect(partsOfChatResponse(chatResponse).parts).to.deep.equal([
      { kind: 'other', choice: 0, field: 'message.role', value: 'assistant' },
      { kind: 'reasoning', choice: 0, text: 'think' },
      { kind: 'text', choice: 0, text: 'Hello Bob' },
      { kind: 'tool-call', choice: 0, index: 0, id: 'call_1', name: 'f', argumentsDelta: '{"a":1}' },
      { kind: 'finish', choice: 0, reason: 'tool_calls' },
      { kind: 'usage', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } },
    ]);
  });

  it('reads a text completion response', () => {
    expect(partsOfChatResponse({ object: 'text_completion', choices: [{ text: 'x', index: 0, logprobs: null, finish_reason: 'stop' }] }).parts).to.deep.equal([
      { kind: 'text', choice: 0, text: 'x' },
      { kind: 'finish', choice: 0, reason: 'stop' },
    ]);
  });

  it('gives back the very same value when nothing was rewritten', () => {
    const response = partsOfChatResponse(chatResponse);
    response.rewriteText(editable(response, 1), 'Hello Bob');
    expect(response.changed).to.equal(false);
    expect(response.toJson()).to.equal(chatResponse);
  });

  it('writes rewrites back into a copy, keeping every other field and the key order, the input untouched', () => {
    const before = JSON.stringify(chatResponse);
    const response = partsOfChatResponse(chatResponse);
    response.rewriteText(editable(response, 1), 'Hello [name]');
    response.dropText(editable(response, 0));
    const json = response.toJson();
    expect(JSON.stringify(json)).to.equal(before.replace('"Hello Bob"', '"Hello [name]"').replace('"think"', '""'));
    expect(JSON.stringify(chatResponse)).to.equal(before);
    expect(partsOfChatResponse(json).parts.filter((p) => p.kind === 'text')).to.deep.equal([{ kind: 'text', choice: 0, text: 'Hello [name]' }]);
  });

  it('reads an error body and anything that is not an object without throwing', () => {
    expect(partsOfChatResponse({ error: { message: 'no', type: 'invalid_request_error' } }).parts).to.deep.equal([
      { kind: 'error', error: { message: 'no', type: 'invalid_request_error', value: { message: 'no', type: 'invalid_request_error' } } },
    ]);
    expect(partsOfChatResponse(null).parts).to.deep.equal([{ kind: 'other', field: '', value: null }]);
  });
});
