import { expect } from 'chai';
import { createToolCallParser } from '../../../../plugins/parsers/parser-registry.js';

const TWO_CALLS = '<tool_call>{"name": "rm_rf", "arguments": {}}</tool_call><tool_call>{"name": "get_weather", "arguments": {"city": "Rome"}}</tool_call>';

describe('ToolCallEmitter (through the qwen parser)', () => {
  it('drops calls to functions that are not in tools, keeping the others numbered from 0', () => {
    const { calls } = createToolCallParser('qwen', { tools: [{ name: 'get_weather' }] }).parse(TWO_CALLS);
    expect(calls.map((c) => [c.index, c.name])).to.deep.equal([[0, 'get_weather']]);
  });

  it('forwards them when asked to, and keeps every call without a tool list', () => {
    const forwarded = createToolCallParser('qwen', { tools: [{ name: 'get_weather' }], unknownTools: 'forward' }).parse(TWO_CALLS);
    expect(forwarded.calls.map((c) => c.name)).to.deep.equal(['rm_rf', 'get_weather']);
    expect(createToolCallParser('qwen').parse(TWO_CALLS).calls).to.have.length(2);
  });

  it('keeps one gap where calls sat between text, and none around the text', () => {
    const parser = createToolCallParser('qwen');
    expect(parser.parse('Checking.\n\n<tool_call>{"name": "f"}</tool_call>\n\nDone.\n').normalText).to.equal('Checking.\n\nDone.');
    expect(parser.parse('Checking.<tool_call>{"name": "f"}</tool_call>\nDone.').normalText).to.equal('Checking.\nDone.');
    expect(parser.parse('\n<tool_call>{"name": "f"}</tool_call>\n').normalText).to.equal('');
    expect(parser.parse('  no calls  ').normalText).to.equal('  no calls  ');
  });
});
