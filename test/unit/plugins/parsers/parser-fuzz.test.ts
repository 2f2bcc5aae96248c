import { expect } from 'chai';
import fc from 'fast-check';
import { createReasoningParser, createToolCallParser, listParsers } from '../../../../plugins/parsers/parser-registry.js';
import { loadParserFixtures } from '../../../support/parser-fixtures.js';
import { expectWellFormedToolEvents, splitAt, streamEvents, streamResult, type AnyParser } from './parser-test-helpers.js';

/** Pieces every format is built from, so random text keeps hitting markers, half-markers and JSON. */
const PIECES = [
  '<tool_call>', '</tool_call>', '<function=', '</function>', '<parameter=', '</parameter>', '<arg_key>', '</arg_key>', '<arg_value>', '</arg_value>',
  '[TOOL_CALLS]', '[ARGS]', '[CALL_ID]', '<|python_tag|>', '<|python_start|>', '<|python_end|>',
  '<｜tool▁calls▁begin｜>', '<｜tool▁call▁begin｜>', '<｜tool▁sep｜>', '<｜tool▁call▁end｜>', '<｜tool▁calls▁end｜>',
  '<|tool_calls_section_begin|>', '<|tool_call_begin|>', '<|tool_call_argument_begin|>', '<|tool_call_end|>', 'functions.f:0',
  '<|start|>', '<|channel|>', 'commentary to=functions.f ', 'analysis', 'final', '<|constrain|>json', '<|message|>', '<|end|>', '<|call|>', '<|return|>',
  '<｜tool_calls_begin｜>', '<｜tool_call_begin｜>', '<steptml:invoke name="', '<steptml:parameter name="', '</steptml:parameter>', '</steptml:invoke>',
  '<minimax:tool_call>', '</minimax:tool_call>', '<invoke name="', '<parameter name="', '</invoke>', '">',
  '<function=f>', '<parameter=x>', '<steptml:invoke name="f">', '<steptml:parameter name="x">', '\r', '\r\n', '\ud83d', '\ude00',
  '<think>', '</think>', '◁think▷', '◁/think▷',
  '{', '}', '[', ']', '"name"', '"arguments"', '"f"', ':', ',', '"', '\\', 'f(', 'a=', '1', 'True', 'null', ' ', '\n', 'x', '<', '>', '｜', '\u0000', '😀',
];

const piecesText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const anyText = fc.oneof(piecesText, fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 8 });

/** A tool list makes XML-style parsers type values and stream string values as they arrive. */
const TOOLS = [
  { name: 'f', parameters: { type: 'object', properties: { x: { type: 'string' }, a: { type: 'integer' } } } },
  { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } } },
];

function toolParsers(): AnyParser[] {
  return listParsers().toolCall.flatMap((name) => [
    createToolCallParser(name, { createId: (index) => `call_${index}` }),
    createToolCallParser(name, { createId: (index) => `call_${index}`, tools: TOOLS, unknownTools: 'forward' }),
  ]);
}

function reasoningParsers(): AnyParser[] {
  return [
    ...listParsers().reasoning.map((name) => createReasoningParser(name)),
    createReasoningParser('qwen3', { startInReasoning: true }),
    createReasoningParser('qwen3', { enableThinking: false }),
  ];
}

function checkParser(parser: AnyParser, text: string, cutPoints: readonly number[]): void {
  const whole = parser.parse(text);
  const chunks = splitAt(text, cutPoints.map((c) => c % (text.length + 1)));
  expect(streamResult(parser, chunks), JSON.stringify({ parser: parser.name, text, chunks })).to.deep.equal(whole);
  if (!('reasoningText' in whole)) expectWellFormedToolEvents(streamEvents(parser, chunks));
}

/** Fixture mutations: truncation, a duplicated slice (repeated markers), a deleted slice (unbalanced tags). */
const fixtureTexts = loadParserFixtures().map((f) => f.text);
const mutatedFixture = fc
  .record({ text: fc.constantFrom(...fixtureTexts), a: fc.nat(), b: fc.nat(), kind: fc.constantFrom('truncate', 'duplicate', 'delete', 'insert'), piece: fc.constantFrom(...PIECES) })
  .map(({ text, a, b, kind, piece }) => {
    const i = a % (text.length + 1);
    const j = b % (text.length + 1);
    const [from, to] = i <= j ? [i, j] : [j, i];
    if (kind === 'truncate') return text.slice(0, from);
    if (kind === 'duplicate') return text.slice(0, to) + text.slice(from, to) + text.slice(to);
    if (kind === 'delete') return text.slice(0, from) + text.slice(to);
    return text.slice(0, from) + piece + text.slice(from);
  });

describe('parsers: fuzzed', () => {
  it('tool-call parsers never throw on random text, end every call with a JSON object, and do not care how the text is split', () => {
    const parsers = toolParsers();
    fc.assert(
      fc.property(anyText, cuts, (text, cutPoints) => {
        for (const parser of parsers) checkParser(parser, text, cutPoints);
      }),
      { numRuns: 300 },
    );
  });

  it('tool-call parsers hold up on mutated fixtures (truncated, duplicated markers, unbalanced tags)', () => {
    const parsers = toolParsers();
    fc.assert(
      fc.property(mutatedFixture, cuts, (text, cutPoints) => {
        for (const parser of parsers) checkParser(parser, text, cutPoints);
      }),
      { numRuns: 300 },
    );
  });

  it('each tool-call parser holds up on text rebuilt from pieces of its own fixtures (with and without tools)', () => {
    const fixtures = loadParserFixtures();
    for (const name of listParsers().toolCall) {
      const own = fixtures.filter((f) => f.parser === name).map((f) => f.text);
      // Cut after closing characters, so the pieces are markers, names, keys and values of the format.
      const pieces = [...new Set(own.flatMap((t) => t.split(/(?<=[>\]}"\n|｜▷,:(])/)))].filter((p) => p !== '');
      const soup = fc.array(fc.constantFrom(...pieces, '\n', ' ', 'x', '"', '{', '}'), { maxLength: 40 }).map((parts) => parts.join(''));
      const parsers = [{}, { tools: TOOLS }, { tools: TOOLS, unknownTools: 'forward' as const }].map((options) => createToolCallParser(name, { ...options, createId: (index) => `call_${index}` }));
      fc.assert(
        fc.property(soup, cuts, (text, cutPoints) => {
          for (const parser of parsers) checkParser(parser, text, cutPoints);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('reasoning parsers never throw and do not care how the text is split', () => {
    const parsers = reasoningParsers();
    fc.assert(
      fc.property(fc.oneof(anyText, mutatedFixture), cuts, (text, cutPoints) => {
        for (const parser of parsers) checkParser(parser, text, cutPoints);
      }),
      { numRuns: 300 },
    );
  });

  it('passthrough parsers return the text unchanged', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(createToolCallParser('passthrough').parse(text)).to.deep.equal({ normalText: text, calls: [] });
        expect(createReasoningParser('passthrough').parse(text)).to.deep.equal({ reasoningText: '', normalText: text });
      }),
    );
  });
});

/** About 1 MB each: repeated openers, unclosed structures, deep nesting. */
const ADVERSARIAL: Readonly<Record<string, string>> = {
  'openers': '<tool_call>'.repeat(100_000),
  'openers-with-brace': '<tool_call>{'.repeat(85_000),
  'json-nesting': `<tool_call>{"name": "f", "arguments": ${'['.repeat(1_000_000)}`,
  'long-string-argument': `<tool_call>{"name": "f", "arguments": {"a": "${'x'.repeat(1_000_000)}`,
  'many-fields': `{"name": "f", "arguments": {${'"k": 1, '.repeat(120_000)}`,
  'special-tokens': '<｜tool▁call▁begin｜>'.repeat(50_000),
  'kimi-tokens': '<|tool_call_begin|>functions.f:0'.repeat(30_000),
  'harmony-headers': '<|start|>assistant<|channel|>commentary to=functions.f'.repeat(20_000),
  'xml-parameters': `<tool_call><function=f>${'<parameter=a>'.repeat(80_000)}`,
  'glm-keys': `<tool_call>f\n${'<arg_key>a'.repeat(100_000)}`,
  'mistral-markers': '[TOOL_CALLS]'.repeat(85_000),
  'pythonic-brackets': `[f(a=${'['.repeat(1_000_000)}`,
  'pythonic-list': `[f(a=[${'1,'.repeat(500_000)}]`,
  'think-tags': '<think>'.repeat(140_000),
  'partial-markers': '<tool_c'.repeat(140_000),
  'whitespace': ' '.repeat(1_000_000),
};

describe('parsers: adversarial 1 MB inputs finish (linear time; the timeout only catches a hang)', function () {
  this.timeout(60_000);
  for (const [label, text] of Object.entries(ADVERSARIAL)) {
    it(`${label} (${(text.length / 1e6).toFixed(1)} MB) through every parser, whole and in 4 KB deltas`, () => {
      for (const parser of [...toolParsers(), ...reasoningParsers()]) {
        const whole = parser.parse(text);
        const chunks: string[] = [];
        for (let i = 0; i < text.length; i += 4096) chunks.push(text.slice(i, i + 4096));
        expect(streamResult(parser, chunks), `${parser.name} on ${label}`).to.deep.equal(whole);
      }
    });
  }
});
