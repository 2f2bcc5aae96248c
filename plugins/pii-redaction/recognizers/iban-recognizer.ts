import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

/** IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

// Either compact, or printed in groups of four separated by single spaces (the last group shorter).
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])/g;

/** ISO 13616 mod-97 check over a compact, upper-case IBAN. */
export function passesIbanChecksum(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** A compact IBAN with the right length for its country and a passing checksum. */
export function isValidIban(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact) && IBAN_LENGTHS[compact.slice(0, 2)] === compact.length && passesIbanChecksum(compact);
}

/**
 * The printed length of the IBAN at the start of `text`: the country fixes how many characters it has,
 * so trailing words the group pattern swallowed are cut off (only at a group boundary).
 */
function ibanSpanLength(text: string): number | undefined {
  const expected = IBAN_LENGTHS[text.slice(0, 2).toUpperCase()];
  if (expected === undefined) return undefined;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ' ') continue;
    seen++;
    if (seen === expected) return i + 1 === text.length || text[i + 1] === ' ' ? i + 1 : undefined;
  }
  return undefined;
}

export function createIbanRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'iban',
    entityType: 'IBAN',
    lookbehind: 1,
    lookahead: 1,
    pattern: IBAN,
    evaluate(match) {
      const length = ibanSpanLength(match[0]);
      if (length === undefined || !isValidIban(match[0].slice(0, length))) return undefined;
      return { start: match.index, end: match.index + length, score: 0.95 };
    },
    tail: createTailPattern('(?<![A-Za-z0-9])[A-Za-z](?:[A-Za-z](?:\\d(?:\\d(?: ?[A-Za-z0-9]){0,36} ?)?)?)?', '', 80, /[A-Za-z0-9 ]/),
  });
}
