import { expect } from 'chai';
import type { OpenAiEditablePart, OpenAiPart } from '../../../../core/streams/openai-parts.js';
import { parseOpenAiStreamEvent, type OpenAiStreamEvent } from '../../../../core/streams/openai-stream-parts.js';
import type { SseEvent } from '../../../../core/streams/sse-frame.js';
import { frameSse } from '../../../support/frame-sse.js';

function sseEvent(text: string): SseEvent {
  const [frame] = frameSse([text]);
  if (frame?.kind !== 'event') return expect.fail(`not one event: ${text}`);
  return frame;
}

function parse(text: string): OpenAiStreamEvent {
  return parseOpenAiStreamEvent(sseEvent(text));
}

function partsOf(data: unknown): OpenAiPart[] {
  return [...parse(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`).parts];
}

function editable(event: OpenAiStreamEvent, at = 0): OpenAiEditablePart {
  const found = event.parts.filter((p): p is OpenAiEditablePart => p.kind === 'text' || p.kind === 'reasoning')[at];
  if (found === undefined) return expect.fail('no editable part');
  return found;
}

describe('parseOpenAiStreamEvent', () => {
  describe('parts', () => {
    it('reads a chat delta: role as other, reasoning, content, in JSON order', () => {
      expect(partsOf({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', reasoning_content: 'hm', content: 'Hi' }, logprobs: null, finish_reason: null }] })).to.deep.equal([
        { kind: 'other', choice: 0, field: 'delta.role', value: 'assistant' },
        { kind: 'reasoning', choice: 0, text: 'hm' },
        { kind: 'text', choice: 0, text: 'Hi' },
      ]);
    });

    it('reads `reasoning` as reasoning too (newer vLLM)', () => {
      expect(partsOf({ choices: [{ index: 0, delta: { reasoning: 'x' } }] })).to.deep.equal([{ kind: 'reasoning', choice: 0, text: 'x' }]);
    });

    it('reads a text completion choice', () => {
      expect(partsOf({ object: 'text_completion', choices: [{ text: 'abc', index: 0, logprobs: null, finish_reason: 'length' }] })).to.deep.equal([
        { kind: 'text', choice: 0, text: 'abc' },
        { kind: 'finish', choice: 0, reason: 'length' },
      ]);
    });

    it('reads tool calls, with only the fields that came, and the array position when index is missing', () => {
      expect(
        partsOf({ choices: [{ index: 0, delta: { tool_calls: [{ index: 3, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }, { function: { arguments: '{"a"' } }, 'junk'] } }] }),
      ).to.deep.equal([
        { kind: 'tool-call', choice: 0, index: 3, id: 'call_1', name: 'f', argumentsDelta: '' },
        { kind: 'tool-call', choice: 0, index: 1, argumentsDelta: '{"a"' },
        { kind: 'other', choice: 0, field: 'delta.tool_calls', value: 'junk' },
      ]);
    });

    it('reads usage with cached and reasoning tokens; a usage without counts is other', () => {
      expect(
        partsOf({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 2 } } }),
      ).to.deep.equal([{ kind: 'usage', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, cachedTokens: 8, reasoningTokens: 2 } }]);
      expect(partsOf({ usage: { prompt_tokens: -1, completion_tokens: 'x' } })).to.deep.equal([{ kind: 'other', field: 'usage', value: { prompt_tokens: -1, completion_tokens: 'x' } }]);
    });

    it('reads several choices by their index field', () => {
      expect(partsOf({ choices: [{ index: 1, delta: { content: 'b' } }, { index: 0, delta: { content: 'a' }, finish_reason: 'stop' }] })).to.deep.equal([
        { kind: 'text', choice: 1, text: 'b' },
        { kind: 'text', choice: 0, text: 'a' },
        { kind: 'finish', choice: 0, reason: 'stop' },
      ]);
    });

    it('reads in-band errors: {"error":{…}}, a string error, and vLLM flat errors', () => {
      expect(partsOf({ error: { message: 'boom', type: 'server_error', param: null, code: null } })).to.deep.equal([
        { kind: 'error', error: { message: 'boom', type: 'server_error', value: { message: 'boom', type: 'server_error', param: null, code: null } } },
      ]);
      expect(partsOf({ error: 'down' })).to.deep.equal([{ kind: 'error', error: { message: 'down', value: 'down' } }]);
      expect(partsOf({ object: 'error', message: 'bad', type: 'BadRequestError', param: null, code: 400 })).to.deep.equal([
        { kind: 'error', error: { message: 'bad', type: 'BadRequestError', code: 400, value: { object: 'error', message: 'bad', type: 'BadRequestError', param: null, code: 400 } } },
      ]);
    });

    it('reads any event named error as an error, whatever its data', () => {
      expect(parse('event: error\ndata: {"code":400,"details":"too many logprobs"}\n\n').parts).to.deep.equal([
        { kind: 'error', error: { code: 400, value: { code: 400, details: 'too many logprobs' } } },
      ]);
      expect(parse('event: error\ndata: {"error":{"message":"x"}}\n\n').parts).to.deep.equal([{ kind: 'error', error: { message: 'x', value: { message: 'x' } } }]);
      expect(parse('event: error\ndata: upstream gone\n\n').parts).to.deep.equal([{ kind: 'error', error: { message: 'upstream gone', value: 'upstream gone' } }]);
    });

    it('reads [DONE]', () => {
      expect(partsOf('[DONE]')).to.deep.equal([{ kind: 'done' }]);
    });

    it('keeps what it does not know as other: unknown fields, logprobs, refusals, data that is not a JSON object', () => {
      expect(partsOf({ provider: 'X', choices: [{ index: 0, delta: { refusal: 'no' }, logprobs: { content: [] }, stop_reason: 7 }] })).to.deep.equal([
        { kind: 'other', field: 'provider', value: 'X' },
        { kind: 'other', choice: 0, field: 'delta.refusal', value: 'no' },
        { kind: 'other', choice: 0, field: 'logprobs', value: { content: [] } },
        { kind: 'other', choice: 0, field: 'stop_reason', value: 7 },
      ]);
      expect(partsOf('not json')).to.deep.equal([{ kind: 'other', field: '', value: 'not json' }]);
      expect(partsOf('[1,2]')).to.deep.equal([{ kind: 'other', field: '', value: '[1,2]' }]);
    });
  });

  describe('rewriting', () => {
    it('forwards the very raw buffer when nothing changed', () => {
      const event = parse('data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\r\n\r\n');
      expect(event.changed).to.equal(false);
      expect(event.toBytes()).to.equal(event.sse.raw);
    });

    it('replaces only the text value, keeping spacing, escapes, number forms and other lines', () => {
      const event = parse('event: chunk\nid: 9\ndata: {"choices": [{"index": 0, "delta": {"content": "secret"}, "logprobs": {"x": 1e-05}}], "m": "caf\\u00e9"}\n: note\n\n');
      event.rewriteText(editable(event), '[redacted] "quoted"\n');
      expect(event.changed).to.equal(true);
      expect(event.toBytes().toString()).to.equal('event: chunk\nid: 9\ndata: {"choices": [{"index": 0, "delta": {"content": "[redacted] \\"quoted\\"\\n"}, "logprobs": {"x": 1e-05}}], "m": "caf\\u00e9"}\n: note\n\n');
    });

    it('rewrites the text of each of several choices independently', () => {
      const event = parse('data: {"choices":[{"index":0,"delta":{"content":"aaa"}},{"index":1,"delta":{"reasoning_content":"b","content":"c"}}]}\n\n');
      event.rewriteText(editable(event, 0), 'A');
      event.dropText(editable(event, 2));
      expect(event.toBytes().toString()).to.equal('data: {"choices":[{"index":0,"delta":{"content":"A"}},{"index":1,"delta":{"reasoning_content":"b","content":""}}]}\n\n');
      expect(event.textOf(editable(event, 1))).to.equal('b');
      expect(event.textOf(editable(event, 2))).to.equal('');
    });

    it('undoes a rewrite when the text is set back', () => {
      const event = parse('data: {"choices":[{"index":0,"text":"x"}]}\n\n');
      event.rewriteText(editable(event), 'y');
      event.rewriteText(editable(event), 'x');
      expect(event.changed).to.equal(false);
      expect(event.toBytes()).to.equal(event.sse.raw);
    });

    it('rewrites an event whose JSON came over several data lines', () => {
      const event = parse('data: {"choices": [\ndata:   {"index": 0, "delta": {"content": "x"}}\ndata: ]}\n\n');
      event.rewriteText(editable(event), 'y');
      const reread = parse(event.toBytes().toString());
      expect(reread.parts).to.deep.equal([{ kind: 'text', choice: 0, text: 'y' }]);
      expect(reread.sse.data).to.equal('{"choices": [\n  {"index": 0, "delta": {"content": "y"}}\n]}');
    });

    it('removes the usage field, null or not, keeping the rest byte for byte, with text rewrites too', () => {
      const nullUsage = parse('data: {"id":"c","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null,"obfuscation":"k"}\n\n');
      nullUsage.removeUsage();
      nullUsage.rewriteText(editable(nullUsage), 'y');
      expect(nullUsage.toBytes().toString()).to.equal('data: {"id":"c","choices":[{"index":0,"delta":{"content":"y"}}],"obfuscation":"k"}\n\n');
      const usageOnly = parse('data: {"id":"c", "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 2}}\n\n');
      usageOnly.removeUsage();
      expect(usageOnly.toBytes().toString()).to.equal('data: {"id":"c", "choices": []}\n\n');
      const none = parse('data: {"choices":[]}\n\n');
      none.removeUsage();
      expect(none.changed).to.equal(false);
      expect(none.toBytes()).to.equal(none.sse.raw);
    });

    it('refuses a part that is not this event’s', () => {
      const one = parse('data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n');
      const other = parse('data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n');
      expect(() => one.rewriteText(editable(other), 'z')).to.throw('not one of');
    });
  });
});
