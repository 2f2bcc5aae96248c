import { createPatternRecognizer } from '../pattern-recognizer.js';
import { createCharSet, forEachRunStart } from '../scan-matches.js';
import type { Recognizer } from '../recognizer.js';
import { shannonEntropy } from '../shannon-entropy.js';
import { createTailPattern } from '../tail-pattern.js';

const CHARS = 'A-Za-z0-9+/_\\-';
// A run of token characters (base64, base64url, hex), 20-200 long, optional padding; a sentence's full
// stop may follow it.
const TOKEN = new RegExp(`(?<![${CHARS}.])[${CHARS}]{20,200}={0,2}(?![${CHARS}=]|\\.[${CHARS}])`, 'g');
// The first line of a PEM block ("-----BEGIN PUBLIC KEY-----" is not a secret word before it).
const ARMOUR_BEFORE = /-----\s*$/;
const TOKEN_CHAR = createCharSet(new RegExp(`[${CHARS}]`));
const NOT_BEFORE = createCharSet(new RegExp(`[${CHARS}.]`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HighEntropySecretOptions {
  /** Minimum Shannon entropy, bits per character. */
  readonly minEntropy: number;
}

/** Random-looking: letters and digits, not a UUID or a word list joined by dashes, entropy above the bar. */
// An HTTP auth scheme right before the token: what follows is the credential itself.
const AUTH_SCHEME_BEFORE = /(?<![A-Za-z])(?:token|bearer|basic|apikey)[ \t]+$/i;

export function isHighEntropyToken(token: string, minEntropy: number, afterAuthScheme = false): boolean {
  const body = token.replace(/=+$/, '');
  if (!/\d/.test(body) || !/[A-Za-z]/.test(body) || UUID.test(body)) return false;
  if (/^[a-z]+(?:[-_][a-z0-9]+)*$/.test(body)) return false;
  // A git commit (SHA-1) or SHA-256 digest: hex of exactly that length is a hash, not a key —
  // unless an auth scheme names it a credential ("Authorization: Token 9944b0…").
  if (!afterAuthScheme && /^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9A-F]{40}|[0-9A-F]{64})$/.test(body)) return false;
  // After an auth scheme the position already says "credential": the bar drops a little (a quarter bit).
  return shannonEntropy(body) >= (afterAuthScheme ? minEntropy - 0.25 : minEntropy);
}

export function createHighEntropySecretRecognizer(options: HighEntropySecretOptions): Recognizer {
  const { minEntropy } = options;
  return createPatternRecognizer({
    name: 'high-entropy-secret',
    entityType: 'GENERIC_SECRET',
    contextRequired: true,
    lookbehind: 80,
    lookahead: 2,
    pattern: TOKEN,
    anchors: (text, from, visit) => forEachRunStart(text, from, TOKEN_CHAR, NOT_BEFORE, 20, visit),
    evaluate(match, text) {
      const afterAuthScheme = AUTH_SCHEME_BEFORE.test(text.slice(Math.max(0, match.index - 16), match.index));
      if (!isHighEntropyToken(match[0], minEntropy, afterAuthScheme) || ARMOUR_BEFORE.test(text.slice(Math.max(0, match.index - 80), match.index))) return undefined;
      return { start: match.index, end: match.index + match[0].length, score: 0.4 };
    },
    tail: createTailPattern(`(?<![${CHARS}.])[${CHARS}]{1,200}={0,3}\\.?`, '', 206, /[A-Za-z0-9+/_\-=.]/),
  });
}
