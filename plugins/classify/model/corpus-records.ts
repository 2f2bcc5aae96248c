import { readFileSync } from 'node:fs';

/** One line of a corpus file: a prompt and its label (a category, or `jailbreak` / `benign`). */
export interface LabelledPrompt {
  readonly text: string;
  readonly label: string;
}

export const JAILBREAK_LABEL = 'jailbreak';
export const BENIGN_LABEL = 'benign';

/** Parses JSONL corpus text; every line must be `{"text": string, "label": string}` and nothing else. */
export function parseCorpusLines(source: string, origin: string): LabelledPrompt[] {
  const records: LabelledPrompt[] = [];
  source.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${origin}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected an object`);
    const text: unknown = Reflect.get(value, 'text');
    const label: unknown = Reflect.get(value, 'label');
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where}: "text" must be a non-empty string`);
    if (typeof label !== 'string' || label === '') throw new Error(`${where}: "label" must be a non-empty string`);
    const extra = Object.keys(value).filter((key) => key !== 'text' && key !== 'label');
    if (extra.length > 0) throw new Error(`${where}: unknown field "${extra[0]}"`);
    records.push({ text, label });
  });
  return records;
}

export function readCorpusFile(path: string): LabelledPrompt[] {
  return parseCorpusLines(readFileSync(path, 'utf8'), path);
}

export function formatCorpusLines(records: readonly LabelledPrompt[]): string {
  return records.map((record) => JSON.stringify({ text: record.text, label: record.label })).join('\n') + '\n';
}
