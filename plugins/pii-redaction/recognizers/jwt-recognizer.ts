import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

const PART = '[A-Za-z0-9_\\-]';
const JWT = new RegExp(`(?<![A-Za-z0-9_\\-.])eyJ${PART}{2,600}\\.${PART}{2,8000}\\.${PART}{0,2000}(?!${PART}|\\.${PART})`, 'g');

/** The decoded header is a JSON object naming its algorithm, which random `eyJ…` text is not. */
export function isJwtHeader(segment: string): boolean {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) && 'alg' in decoded && typeof decoded.alg === 'string';
}

function headerOf(text: string): string {
  const dot = text.indexOf('.');
  return dot < 0 ? text : text.slice(0, dot);
}

export function createJwtRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'jwt',
    entityType: 'JWT',
    lookbehind: 1,
    lookahead: 2,
    pattern: JWT,
    // 'J' first: indexOf scans for the needle's first character, and 'e' is everywhere in prose.
    mayContain: (text, from) => text.indexOf('J', from) >= 0 && text.indexOf('eyJ', from) >= 0,
    evaluate(match) {
      if (!isJwtHeader(headerOf(match[0]))) return undefined;
      return { start: match.index, end: match.index + match[0].length, score: 0.9 };
    },
    tail: createTailPattern(`(?<![A-Za-z0-9_\\-.])e(?:y(?:J${PART}{0,600}(?:\\.${PART}{0,8000}(?:\\.${PART}{0,2000}\\.?)?)?)?)?`, '', 10610, /[A-Za-z0-9_\-.]/),
    // Once the header is complete it must decode; a held `eyJ…` that does not is ordinary text.
    tailCanGrow: (text, anchor) => {
      const dot = text.indexOf('.', anchor);
      return dot < 0 || isJwtHeader(text.slice(anchor, dot));
    },
    overflow: {
      isMarked: (held) => held.includes('.') && isJwtHeader(headerOf(held)),
      findEnd(text, from) {
        const end = text.slice(from).search(/[^A-Za-z0-9_\-.]/);
        return end < 0 ? -1 : from + end;
      },
    },
  });
}
