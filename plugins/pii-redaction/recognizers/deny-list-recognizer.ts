import type { CandidateSink, Recognizer } from '../recognizer.js';
import { forEachMatch } from '../scan-matches.js';
import { escapeLiteral } from '../tail-pattern.js';

export interface DenyListOptions {
  readonly name: string;
  readonly entityType: string;
  readonly words: readonly string[];
  readonly caseInsensitive: boolean;
  readonly score: number;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Whole-word matches of listed words (a project code name, a customer's name). */
export function createDenyListRecognizer(options: DenyListOptions): Recognizer {
  const { entityType, score, caseInsensitive } = options;
  const words = [...new Set(options.words.filter((word) => word.length > 0))].sort((a, b) => b.length - a.length);
  if (words.length === 0) throw new Error(`deny list "${options.name}": no words`);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.map(escapeLiteral).join('|')})(?![\\p{L}\\p{N}_])`, caseInsensitive ? 'giu' : 'gu');
  const normalise = (text: string): string => (caseInsensitive ? text.toLowerCase() : text);
  // Every prefix of every word, for the stream tail: "Proj" could become "Project Falcon".
  const prefixes = new Set<string>();
  for (const word of words) for (let i = 1; i <= word.length; i++) prefixes.add(normalise(word.slice(0, i)));
  const longest = words[0]?.length ?? 0;
  return {
    name: options.name,
    entityType,
    contextRequired: false,
    lookbehind: 1,
    lookahead: 1,
    scan(text: string, from: number, sink: CandidateSink): void {
      forEachMatch(pattern, text, from, (match) => {
        const end = match.index + match[0].length;
        sink.accept({ entityType, anchor: match.index, start: match.index, end, readEnd: end, score });
      });
    },
    pendingStart(text: string, from: number, accept: (anchor: number) => boolean): number {
      for (let length = Math.min(longest, text.length - from); length >= 1; length--) {
        const anchor = text.length - length;
        const before = text[anchor - 1];
        if ((before === undefined || !WORD_CHAR.test(before)) && prefixes.has(normalise(text.slice(anchor))) && accept(anchor)) return anchor;
      }
      return -1;
    },
  };
}
