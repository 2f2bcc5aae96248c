import type { CandidateSink, Recognizer } from '../recognizer.js';
import { assertSafePattern, UnsafePatternError } from '../regex-safety.js';
import { forEachMatch } from '../scan-matches.js';

export interface CustomPatternOptions {
  readonly name: string;
  readonly entityType: string;
  readonly pattern: string;
  /** Any of `imsu`; `g` is added. */
  readonly flags: string;
  readonly score: number;
  /** Matches longer than this are ignored, and the stream redactor holds back this many characters. */
  readonly maxLength: number;
  readonly validate?: (text: string) => boolean;
}

/**
 * An operator's regex, compiled once. Whether an arbitrary regex could still match once more text
 * arrives is undecidable cheaply, so in a stream it holds back its last `maxLength` characters.
 */
export function createCustomPatternRecognizer(options: CustomPatternOptions): Recognizer {
  const label = `custom recognizer "${options.name}"`;
  if (!/^[imsu]*$/.test(options.flags)) throw new UnsafePatternError(`${label}: flags may only use i, m, s, u`);
  assertSafePattern(options.pattern, label);
  let pattern: RegExp;
  try {
    pattern = new RegExp(options.pattern, `g${options.flags}`);
  } catch (error) {
    throw new UnsafePatternError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { entityType, score, maxLength, validate } = options;
  return {
    name: options.name,
    entityType,
    contextRequired: false,
    lookbehind: maxLength,
    lookahead: maxLength,
    scan(text: string, from: number, sink: CandidateSink): void {
      forEachMatch(pattern, text, from, (match) => {
        const start = match.index;
        const end = start + match[0].length;
        if (end === start) return;
        if (end - start > maxLength || (validate !== undefined && !validate(match[0]))) return sink.reject(start, end);
        sink.accept({ entityType, anchor: start, start, end, readEnd: end, score });
      });
    },
    pendingStart(text: string, from: number, accept: (anchor: number) => boolean): number {
      for (let anchor = Math.max(from, text.length - maxLength + 1); anchor < text.length; anchor++) {
        if (accept(anchor)) return anchor;
      }
      return -1;
    },
  };
}
