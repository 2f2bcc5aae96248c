/** One line of positives.jsonl or lookalikes.jsonl. */
export interface EvalSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface EvalItem {
  readonly id: string;
  /** What the item exercises, e.g. `card-amex-dashed`, `lookalike-uuid`. */
  readonly format: string;
  readonly text: string;
  /** Labelled entities (empty for look-alikes). */
  readonly entities: readonly EvalSpan[];
}

function isSpan(value: unknown): value is EvalSpan {
  if (typeof value !== 'object' || value === null) return false;
  const { type, start, end } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof start === 'number' && typeof end === 'number' && start < end;
}

/** Parses one JSONL line; the files are ours, but a hand edit should fail loudly, not skew figures. */
export function parseEvalItem(line: string): EvalItem {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${line.slice(0, 80)}`);
  const { id, format, text, entities } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof format !== 'string' || typeof text !== 'string' || !Array.isArray(entities) || !entities.every(isSpan)) {
    throw new Error(`malformed eval item: ${line.slice(0, 80)}`);
  }
  for (const span of entities) if (span.end > text.length) throw new Error(`${id}: span past the end of the text`);
  return { id, format, text, entities };
}
