import { expect } from 'chai';
import { createReasoningParser, createToolCallParser } from '../../../../plugins/parsers/parser-registry.js';
import type { ParserEvent } from '../../../../plugins/parsers/parser-types.js';

const ids = { createId: (index: number) => `call_${index}` };

/** The events of each push, one list per delta (the last is finish). */
function perPush(stream: { push(d: string): ParserEvent[]; finish(): ParserEvent[] }, deltas: readonly string[]): ParserEvent[][] {
  return [...deltas.map((d) => stream.push(d)), stream.finish()];
}

describe('parser streams: incremental behaviour', () => {
  it('sends text at once and holds back only a partial marker', () => {
    const stream = createToolCallParser('qwen', ids).createStream();
    expect(stream.push('Let me check <tool_c')).to.deep.equal([{ type: 'text', text: 'Let me check' }]);
    expect(stream.push('all>\n{"name": "get_weather", "arg')).to.deep.equal([{ type: 'tool-call-start', index: 0, id: 'call_0', name: 'get_weather' }]);
  });

  it('gives back a held partial marker that did not become one', () => {
    const stream = createToolCallParser('qwen', ids).createStream();
    expect(stream.push('a <tool_')).to.deep.equal([{ type: 'text', text: 'a' }]);
    expect(stream.push('box> b')).to.deep.equal([{ type: 'text', text: ' <tool_box> b' }]);
  });

  it('streams JSON arguments as they arrive, name first, like OpenAI deltas', () => {
    const stream = createToolCallParser('deepseek_v31', ids).createStream();
    const pushes = perPush(stream, ['<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"ci', 'ty": "Pa', 'ris", "days": 1', '0}<｜tool▁call▁end｜><｜tool▁calls▁end｜>']);
    expect(pushes).to.deep.equal([
      [
        { type: 'tool-call-start', index: 0, id: 'call_0', name: 'get_weather' },
        { type: 'tool-call-arguments', index: 0, text: '{' },
      ],
      [{ type: 'tool-call-arguments', index: 0, text: '"city": "Pa' }],
      [{ type: 'tool-call-arguments', index: 0, text: 'ris", "days": 1' }],
      [{ type: 'tool-call-arguments', index: 0, text: '0}' }],
      [],
    ]);
  });

  it('sends a started call before its arguments even when the model wrote arguments first', () => {
    const stream = createToolCallParser('json', ids).createStream();
    const pushes = perPush(stream, ['{"arguments": {"q": "x"}, ', '"name": "search"}']);
    expect(pushes[0]).to.deep.equal([]);
    expect(pushes[1]).to.deep.equal([
      { type: 'tool-call-start', index: 0, id: 'call_0', name: 'search' },
      { type: 'tool-call-arguments', index: 0, text: '{"q": "x"}' },
    ]);
  });

  it('sends XML-style parameters one by one as each closes', () => {
    const stream = createToolCallParser('qwen3_coder', ids).createStream();
    const pushes = perPush(stream, ['<tool_call>\n<function=f>\n<parameter=a>\n1\n</parameter>\n', '<parameter=b>\nx\n</parameter>\n</function>\n</tool_call>']);
    expect(pushes[0]).to.deep.equal([
      { type: 'tool-call-start', index: 0, id: 'call_0', name: 'f' },
      { type: 'tool-call-arguments', index: 0, text: '{"a": 1' },
    ]);
    expect(pushes[1]).to.deep.equal([{ type: 'tool-call-arguments', index: 0, text: ', "b": "x"}' }]);
  });

  it('streams string parameters (by the schema) as they arrive, without the layout newlines', () => {
    const tools = [{ name: 'write_file', parameters: { type: 'object', properties: { content: { type: 'string' } } } }];
    const stream = createToolCallParser('qwen3_coder', { ...ids, tools }).createStream();
    const pushes = perPush(stream, ['<function=write_file>\n<parameter=content>\nline 1\n', 'line "2"\n', '</parameter>\n</function>']);
    expect(pushes).to.deep.equal([
      [
        { type: 'tool-call-start', index: 0, id: 'call_0', name: 'write_file' },
        { type: 'tool-call-arguments', index: 0, text: '{"content": "line 1' },
      ],
      [{ type: 'tool-call-arguments', index: 0, text: '\\nline \\"2\\"' }],
      [{ type: 'tool-call-arguments', index: 0, text: '"}' }],
      [],
    ]);
  });

  it('streams reasoning and holds only trailing whitespace of the block', () => {
    const stream = createReasoningParser('deepseek_r1').createStream();
    const pushes = perPush(stream, ['<think>\nStep one. ', 'Step two.\n</thi', 'nk>\n\nAnswer.']);
    expect(pushes).to.deep.equal([
      [{ type: 'reasoning', text: 'Step one.' }],
      [{ type: 'reasoning', text: ' Step two.' }],
      [{ type: 'text', text: 'Answer.' }],
      [],
    ]);
  });

  it('reads arguments that are not an object to their end however split, and sends {} (fuzz regression)', () => {
    const parser = createToolCallParser('mistral', ids);
    const text = '[TOOL_CALLS]f[ARGS]"zone" after';
    const expected = { normalText: 'after', calls: [{ index: 0, id: 'call_0', name: 'f', arguments: '{}' }] };
    expect(parser.parse(text)).to.deep.equal(expected);
    const stream = parser.createStream();
    const events = [...stream.push('[TOOL_CALLS]f[ARGS]"'), ...stream.push('zone" after'), ...stream.finish()];
    expect(events.filter((e) => e.type === 'text')).to.deep.equal([{ type: 'text', text: 'after' }]);
  });

  it('closes a call cut off mid-arguments at finish', () => {
    const stream = createToolCallParser('kimi_k2').createStream();
    const pushes = perPush(stream, ['<|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>{"a": "b']);
    expect(pushes[1]).to.deep.equal([{ type: 'tool-call-arguments', index: 0, text: '"}' }]);
  });
});
