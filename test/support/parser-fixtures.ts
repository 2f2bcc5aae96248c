/**
 * Golden fixtures for the parsers: `test/fixtures/parsers/<parser>/<case>.txt` is real model output
 * (byte for byte), `<case>.json` what parsing it must give. Loaded with guards, not casts: the
 * files are input like any other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import type { ReasoningParserOptions, ToolCallParserOptions, ToolSpec } from '../../plugins/parsers/parser-types.js';

export const PARSER_FIXTURES_DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'parsers');

export interface ExpectedCall {
  readonly name: string;
  readonly arguments: unknown;
  readonly id?: string;
}

interface FixtureBase {
  readonly file: string;
  readonly parser: string;
  readonly description: string;
  readonly text: string;
}

export interface ToolCallFixture extends FixtureBase {
  readonly kind: 'tool-call';
  readonly options: ToolCallParserOptions;
  readonly normalText: string;
  readonly calls: readonly ExpectedCall[];
}

export interface ReasoningFixture extends FixtureBase {
  readonly kind: 'reasoning';
  readonly options: ReasoningParserOptions;
  readonly reasoningText: string;
  readonly normalText: string;
}

export type ParserFixture = ToolCallFixture | ReasoningFixture;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(doc: Record<string, unknown>, key: string, file: string): string {
  const value = doc[key];
  if (typeof value !== 'string') throw new Error(`${file}: "${key}" must be a string`);
  return value;
}

function toToolSpecs(value: unknown, file: string): ToolSpec[] {
  if (!Array.isArray(value)) throw new Error(`${file}: options.tools must be an array`);
  return value.map((tool) => {
    if (!isRecord(tool) || typeof tool['name'] !== 'string') throw new Error(`${file}: each tool needs a name`);
    return tool['parameters'] === undefined ? { name: tool['name'] } : { name: tool['name'], parameters: tool['parameters'] };
  });
}

function toExpectedCall(value: unknown, file: string): ExpectedCall {
  if (!isRecord(value) || typeof value['name'] !== 'string' || !isRecord(value['arguments'])) throw new Error(`${file}: each call needs name and object arguments`);
  const id = value['id'];
  return typeof id === 'string' ? { name: value['name'], arguments: value['arguments'], id } : { name: value['name'], arguments: value['arguments'] };
}

function toFixture(doc: unknown, text: string, file: string): ParserFixture {
  if (!isRecord(doc)) throw new Error(`${file}: not an object`);
  const base = { file, text, parser: stringField(doc, 'parser', file), description: stringField(doc, 'description', file) };
  const options = doc['options'] === undefined ? {} : doc['options'];
  if (!isRecord(options)) throw new Error(`${file}: options must be an object`);
  if (doc['kind'] === 'tool-call') {
    const calls = doc['calls'];
    if (!Array.isArray(calls)) throw new Error(`${file}: calls must be an array`);
    const toolOptions: ToolCallParserOptions = options['tools'] === undefined ? {} : { tools: toToolSpecs(options['tools'], file) };
    return { ...base, kind: 'tool-call', options: toolOptions, normalText: stringField(doc, 'normalText', file), calls: calls.map((c) => toExpectedCall(c, file)) };
  }
  if (doc['kind'] === 'reasoning') {
    const reasoningOptions: ReasoningParserOptions = typeof options['enableThinking'] === 'boolean' ? { enableThinking: options['enableThinking'] } : {};
    return { ...base, kind: 'reasoning', options: reasoningOptions, reasoningText: stringField(doc, 'reasoningText', file), normalText: stringField(doc, 'normalText', file) };
  }
  throw new Error(`${file}: kind must be tool-call or reasoning`);
}

export function loadParserFixtures(): ParserFixture[] {
  const fixtures: ParserFixture[] = [];
  for (const parser of readdirSync(PARSER_FIXTURES_DIR).sort()) {
    const dir = join(PARSER_FIXTURES_DIR, parser);
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith('.json')) continue;
      const file = join(dir, entry);
      const text = readFileSync(file.replace(/\.json$/, '.txt'), 'utf8');
      const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
      fixtures.push(toFixture(doc, text, `${parser}/${entry}`));
    }
  }
  return fixtures;
}
