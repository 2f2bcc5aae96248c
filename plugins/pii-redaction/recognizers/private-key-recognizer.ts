import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern, literalPrefixSource } from '../tail-pattern.js';

const MAX_BODY = 16384;
// BEGIN and END must name the same key kind ("RSA", "OPENSSH", "ENCRYPTED", "PGP … BLOCK").
const PEM = new RegExp(`-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----[\\s\\S]{1,${MAX_BODY}}?-----END \\1PRIVATE KEY\\2-----`, 'g');
const PEM_AT = new RegExp(PEM.source, 'y');
const END_LINE = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;

export function createPrivateKeyRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'private-key',
    entityType: 'PRIVATE_KEY',
    lookbehind: 0,
    lookahead: 0,
    pattern: PEM,
    mayContain: (text, from) => text.indexOf('-----BEGIN ', from) >= 0,
    evaluate: (match) => ({ start: match.index, end: match.index + match[0].length, score: 1 }),
    // The BEGIN line being typed, a header that may still say PRIVATE KEY, or a started block.
    tail: createTailPattern(
      `${literalPrefixSource(['-----BEGIN '])}|-----BEGIN [A-Z0-9 ]{0,40}|-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-{0,5}(?:(?<=-----)[\\s\\S]{0,${MAX_BODY + 60}})?`,
      '',
      MAX_BODY + 120,
    ),
    // A block whose END line has arrived is complete: it is a candidate now, not a tail.
    tailCanGrow: (text, anchor) => {
      PEM_AT.lastIndex = anchor;
      return !PEM_AT.test(text);
    },
    overflow: {
      isMarked: (held) => /^-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/.test(held),
      findEnd(text, from) {
        END_LINE.lastIndex = from;
        const end = END_LINE.exec(text);
        return end === null ? -1 : end.index + end[0].length;
      },
    },
  });
}
