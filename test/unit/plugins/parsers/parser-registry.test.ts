import { expect } from 'chai';
import fc from 'fast-check';
import { createReasoningParser, createToolCallParser, hasParser, listParsers, UnknownParserError } from '../../../../plugins/parsers/parser-registry.js';
import { loadParserFixtures, type ParserFixture } from '../../../support/parser-fixtures.js';
import { expectWellFormedToolEvents, splitAt, streamEvents, streamResult, type AnyParser } from './parser-test-helpers.js';

const fixtures = loadParserFixtures();

function parserFor(fixture: ParserFixture): AnyParser {
  return fixture.kind === 'tool-call'
    ? createToolCallParser(fixture.parser, { ...fixture.options, createId: (index) => `call_${index}` })
    : createReasoningParser(fixture.parser, fixture.options);
}

describe('parsers: golden fixtures', () => {
  it('has fixtures for every parser', () => {
    const covered = new Set(fixtures.map((f) => `${f.kind}:${f.parser}`));
    const { toolCall, reasoning } = listParsers();
    for (const name of toolCall) expect(covered.has(`tool-call:${name}`), `tool-call fixture for ${name}`).to.equal(true);
    for (const name of reasoning) expect(covered.has(`reasoning:${name}`), `reasoning fixture for ${name}`).to.equal(true);
  });

  for (const fixture of fixtures) {
    describe(`${fixture.file} (${fixture.description})`, () => {
      it('parses one-shot to the expected result', () => {
        if (fixture.kind === 'tool-call') {
          const result = createToolCallParser(fixture.parser, { ...fixture.options, createId: (index) => `call_${index}` }).parse(fixture.text);
          expect(result.normalText).to.equal(fixture.normalText);
          const calls = result.calls.map((call) => {
            const parsed: unknown = JSON.parse(call.arguments);
            return call.id.startsWith('call_') ? { name: call.name, arguments: parsed } : { name: call.name, arguments: parsed, id: call.id };
          });
          expect(calls).to.deep.equal(fixture.calls);
          expect(result.calls.map((c) => c.index)).to.deep.equal(result.calls.map((_, i) => i));
        } else {
          const result = createReasoningParser(fixture.parser, fixture.options).parse(fixture.text);
          expect(result).to.deep.equal({ reasoningText: fixture.reasoningText, normalText: fixture.normalText });
        }
      });

      it('gives the same result split in two at every position, and char by char', () => {
        const parser = parserFor(fixture);
        const whole = parser.parse(fixture.text);
        for (let cut = 0; cut <= fixture.text.length; cut += 1) {
          expect(streamResult(parser, [fixture.text.slice(0, cut), fixture.text.slice(cut)]), `cut at ${cut}`).to.deep.equal(whole);
        }
        const events = streamEvents(parser, fixture.text.split(''));
        expect(streamResult(parser, fixture.text.split(''))).to.deep.equal(whole);
        if (fixture.kind === 'tool-call') expectWellFormedToolEvents(events);
      });

      it('gives the same result under random multi-splits', () => {
        const parser = parserFor(fixture);
        const whole = parser.parse(fixture.text);
        fc.assert(
          fc.property(fc.array(fc.nat({ max: fixture.text.length }), { maxLength: 12 }), (cuts) => {
            expect(streamResult(parser, splitAt(fixture.text, cuts))).to.deep.equal(whole);
          }),
          { numRuns: 60 },
        );
      });
    });
  }
});

describe('parsers: registry', () => {
  it('lists canonical names and resolves SGLang/SMG/vLLM aliases', () => {
    const { toolCall, reasoning } = listParsers();
    expect(toolCall).to.include.members(['json', 'pythonic', 'llama3', 'mistral', 'qwen', 'qwen3_coder', 'deepseek_v3', 'deepseek_v31', 'glm4_moe', 'kimi_k2', 'gpt_oss', 'step3', 'minimax_m2', 'passthrough']);
    expect(reasoning).to.include.members(['deepseek_r1', 'qwen3', 'qwen3_thinking', 'glm45', 'kimi', 'step3', 'minimax', 'gpt_oss', 'passthrough']);
    expect(createToolCallParser('gpt-oss').name).to.equal('gpt_oss');
    expect(createToolCallParser('Qwen25').name).to.equal('qwen');
    expect(createToolCallParser('kimik2').name).to.equal('kimi_k2');
    expect(createToolCallParser('deepseekv31').name).to.equal('deepseek_v31');
    expect(createReasoningParser('minimax-m2').name).to.equal('minimax');
    expect(hasParser('tool-call', 'qwen3-coder')).to.equal(true);
    expect(hasParser('reasoning', 'json')).to.equal(false);
  });

  it('refuses unknown names, including inherited object keys', () => {
    expect(() => createToolCallParser('nope')).to.throw(UnknownParserError, 'Unknown tool parser: nope');
    expect(() => createReasoningParser('toString')).to.throw(UnknownParserError, 'Unknown reasoning parser: toString');
    expect(() => createToolCallParser('__proto__')).to.throw(UnknownParserError);
  });

  it('gives calls random ids unless the format carries one', () => {
    const { calls } = createToolCallParser('qwen').parse('<tool_call>{"name": "f", "arguments": {}}</tool_call><tool_call>{"name": "g"}</tool_call>');
    expect(calls.map((c) => c.id)).to.have.length(2);
    for (const call of calls) expect(call.id).to.match(/^call_[0-9a-f]{24}$/);
    expect(calls[0]?.id).not.to.equal(calls[1]?.id);
    expect(calls[1]?.arguments).to.equal('{}');
  });

  it('keeps a stream finished once', () => {
    const stream = createToolCallParser('qwen').createStream();
    expect(stream.push('hi <tool_c')).to.deep.equal([{ type: 'text', text: 'hi' }]);
    expect(stream.finish()).to.deep.equal([{ type: 'text', text: ' <tool_c' }]);
    expect(stream.finish()).to.deep.equal([]);
    expect(() => stream.push('more')).to.throw('already finished');
  });
});
