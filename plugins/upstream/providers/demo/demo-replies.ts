import { createHash } from 'node:crypto';
import type { JsonObject } from '../../../../core/pipeline/exchange.js';
import { lastToolResult } from './demo-tool-call.js';

export const DEMO_MODEL = 'switchyard-demo';

/**
 * Deterministic text for the demo model: it echoes the last user message so a first `curl` shows
 * the request went through the whole pipeline. Token counts are word counts, clearly approximate.
 */
export function demoChatText(body: JsonObject): string {
  const toolSaid = lastToolResult(body);
  if (toolSaid !== undefined) return `Hello from the Switchyard demo model. The tool answered: "${toolSaid.slice(0, 2000)}"`;
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  const lastUser = [...messages].reverse().find((m) => isRecord(m) && m['role'] === 'user');
  const said = isRecord(lastUser) ? contentText(lastUser['content']) : '';
  return `Hello from the Switchyard demo model. You said: "${said.slice(0, 2000)}"`;
}

export function demoCompletionText(body: JsonObject): string {
  const prompt = typeof body['prompt'] === 'string' ? body['prompt'] : '';
  return ` (demo completion of ${countWords(prompt)} words)`;
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function promptWords(body: JsonObject): number {
  if (Array.isArray(body['messages'])) {
    return (body['messages'] as unknown[]).reduce<number>((n, m) => n + (isRecord(m) ? countWords(contentText(m['content'])) : 0), 0);
  }
  return typeof body['prompt'] === 'string' ? countWords(body['prompt']) : 0;
}

/** An 8-dimension unit vector derived from the text's SHA-256: same text, same embedding. */
export function demoEmbedding(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  const raw = Array.from({ length: 8 }, (_, i) => digest.readInt32BE(i * 4) / 2 ** 31);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((v) => v / norm);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string' ? part['text'] : ''))
    .join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
