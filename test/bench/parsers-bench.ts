/**
 * `npx tsx test/bench/parsers-bench.ts`: throughput of every tool-call and reasoning parser, in MB/s
 * of model text, one-shot and streamed in token-sized deltas, on realistic and on adversarial input.
 * Prints figures; asserts nothing. Inputs are about BENCH_PARSER_MB (default 1) MB each.
 */
import { performance } from 'node:perf_hooks';
import { createReasoningParser, createToolCallParser, listParsers } from '../../plugins/parsers/parser-registry.js';
import type { ReasoningParser, ToolCallParser } from '../../plugins/parsers/parser-types.js';
import { loadParserFixtures } from '../support/parser-fixtures.js';

const SIZE = Math.round(Number(process.env['BENCH_PARSER_MB'] ?? 1) * 1_000_000);
const DELTA = 16;
const PROSE = 'The quick brown fox jumps over the lazy dog, and then it checks the weather report for Paris. ';

function repeatTo(text: string, size: number): string {
  return text.repeat(Math.max(1, Math.ceil(size / Math.max(1, text.length)))).slice(0, size);
}

/** Realistic: the parser's own fixtures (calls and text) interleaved with prose, to SIZE. */
function realisticInput(parser: string, kind: 'tool-call' | 'reasoning'): string {
  const own = loadParserFixtures()
    .filter((f) => f.parser === parser && f.kind === kind)
    .map((f) => f.text);
  return repeatTo(own.map((t) => `${PROSE}${t}\n`).join(''), SIZE);
}

const ADVERSARIAL = ['<tool_call>', '<tool_call>{', '[TOOL_CALLS]', '<｜tool▁call▁begin｜>', '<|tool_call_begin|>functions.f:0', '<|start|>assistant<|channel|>commentary to=functions.f', '<function=f><parameter=a>', '<think>', '<tool_c', '[f(a=', '{"name": "f", "arguments": {"a": "'];

/** Adversarial: each opener repeated to SIZE; the figure is the slowest of them. */
function adversarialInputs(): string[] {
  return ADVERSARIAL.map((opener) => repeatTo(opener, SIZE));
}

function measure(run: () => void): number {
  run(); // warm-up
  const start = performance.now();
  let runs = 0;
  do {
    run();
    runs += 1;
  } while (performance.now() - start < 300 && runs < 20);
  const seconds = (performance.now() - start) / 1000 / runs;
  return SIZE / 1e6 / seconds;
}

function oneShot(parser: ToolCallParser | ReasoningParser, text: string): () => void {
  return () => void parser.parse(text);
}

function streamed(parser: ToolCallParser | ReasoningParser, text: string): () => void {
  return () => {
    const stream = parser.createStream();
    for (let i = 0; i < text.length; i += DELTA) stream.push(text.slice(i, i + DELTA));
    stream.finish();
  };
}

function row(kind: string, name: string, parser: ToolCallParser | ReasoningParser, input: string, adversarial: readonly string[]): string {
  const normalOne = measure(oneShot(parser, input));
  const normalStream = measure(streamed(parser, input));
  const worstOne = Math.min(...adversarial.map((text) => measure(oneShot(parser, text))));
  const worstStream = Math.min(...adversarial.map((text) => measure(streamed(parser, text))));
  const fmt = (n: number): string => n.toFixed(1).padStart(8);
  return `${kind.padEnd(10)} ${name.padEnd(15)} ${fmt(normalOne)} ${fmt(normalStream)} ${fmt(worstOne)} ${fmt(worstStream)}`;
}

const adversarial = adversarialInputs();
console.log(`parsers bench: ${(SIZE / 1e6).toFixed(1)} MB inputs, streamed in ${DELTA}-char deltas; MB/s (adversarial: slowest of ${ADVERSARIAL.length} openers repeated)`);
console.log(`${'kind'.padEnd(10)} ${'parser'.padEnd(15)} ${'normal'.padStart(8)} ${'n-stream'.padStart(8)} ${'advers.'.padStart(8)} ${'a-stream'.padStart(8)}`);
for (const name of listParsers().toolCall) {
  console.log(row('tool-call', name, createToolCallParser(name), realisticInput(name, 'tool-call'), adversarial));
}
for (const name of listParsers().reasoning) {
  console.log(row('reasoning', name, createReasoningParser(name), realisticInput(name, 'reasoning'), adversarial));
}
