import { createPatternRecognizer } from '../pattern-recognizer.js';
import { createCharSet } from '../scan-matches.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

// The apostrophe is legal in a local part (O'Brien@…); a leading one is a quote and stays outside the span.
const LOCAL = "A-Za-z0-9._%+'\\-";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?';
// The local part starts after a character that cannot belong to it; the domain is 1-8 labels and an
// alphabetic TLD, and must not run on into more label characters.
export const EMAIL_PATTERN = new RegExp(`(?<![${LOCAL}])[${LOCAL}]{1,64}@(?:${LABEL}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9_\\-]|\\.[A-Za-z0-9])`, 'g');

const LOCAL_CHAR = createCharSet(new RegExp(`[${LOCAL}]`));

/** The only possible match starts: the start of the run of local-part characters before each `@`. */
export function localPartStarts(text: string, from: number, visit: (anchor: number) => void): void {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start <= 64) {
      const code = text.charCodeAt(start - 1);
      if (code >= 128 || LOCAL_CHAR[code] !== 1) break;
      start--;
    }
    if (start >= from && start < at && at - start <= 64) visit(start);
  }
}

export function isPlausibleLocalPart(local: string): boolean {
  return local.length > 0 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && !local.endsWith("'");
}

export function createEmailRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'email',
    entityType: 'EMAIL',
    lookbehind: 1,
    lookahead: 2,
    pattern: EMAIL_PATTERN,
    anchors: localPartStarts,
    evaluate(match) {
      const text = match[0];
      const quotes = /^'*/.exec(text)?.[0].length ?? 0;
      const local = text.slice(quotes, text.indexOf('@'));
      if (!isPlausibleLocalPart(local)) return undefined;
      return { start: match.index + quotes, end: match.index + text.length, score: 0.9 };
    },
    tail: createTailPattern(`(?<![${LOCAL}])[${LOCAL}]{1,64}(?:@[A-Za-z0-9.\\-]{0,262})?`, '', 330, /[A-Za-z0-9._%+'\-@]/),
  });
}
