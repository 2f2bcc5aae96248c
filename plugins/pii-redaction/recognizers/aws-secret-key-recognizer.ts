import { createPatternRecognizer } from '../pattern-recognizer.js';
import { createCharSet, forEachRunStart } from '../scan-matches.js';
import type { Recognizer } from '../recognizer.js';
import { shannonEntropy } from '../shannon-entropy.js';
import { createTailPattern } from '../tail-pattern.js';

// `=` may precede (KEY=value) but not follow (that would be base64 padding of something longer).
const SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const SECRET_CHAR = createCharSet(/[A-Za-z0-9/+]/);

/**
 * 40 base64 characters are common (hashes, ids), so this counts only near AWS/secret words (the type's
 * context words) and only when the string mixes cases and digits like a generated key does; a hex
 * digest (git SHA-1) never has upper and lower case letters.
 */
export function looksLikeAwsSecret(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /[\d/+]/.test(text) && shannonEntropy(text) >= 4;
}

export function createAwsSecretKeyRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'aws-secret-access-key',
    entityType: 'AWS_SECRET_ACCESS_KEY',
    contextRequired: true,
    lookbehind: 1,
    lookahead: 1,
    pattern: SECRET,
    anchors: (text, from, visit) => forEachRunStart(text, from, SECRET_CHAR, SECRET_CHAR, 40, visit),
    evaluate(match) {
      if (!looksLikeAwsSecret(match[0])) return undefined;
      return { start: match.index, end: match.index + 40, score: 0.75 };
    },
    tail: createTailPattern('(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{1,40}', '', 41, /[A-Za-z0-9/+]/),
  });
}
