import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

const BEFORE = '(?<![\\w.\\-,/]|\\d[ \\-])';
const CARD = new RegExp(`${BEFORE}\\d(?:[ \\-]?\\d){12,18}(?![\\w]|[ \\-.,]\\d)`, 'g');

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

interface IssuerRange {
  readonly from: number;
  readonly to: number;
  /** How many leading digits `from`/`to` cover. */
  readonly width: number;
  readonly lengths: readonly number[];
}

// Issuer identification ranges of the networks a prompt is likely to carry, with their PAN lengths.
const ISSUERS: readonly IssuerRange[] = [
  { from: 4, to: 4, width: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, width: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, width: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, width: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, width: 2, lengths: [15] },
  { from: 6011, to: 6011, width: 4, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, width: 3, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, width: 2, lengths: [16, 17, 18, 19] },
  { from: 300, to: 305, width: 3, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, width: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, width: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 3528, to: 3589, width: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 62, to: 62, width: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 50, to: 50, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

export function hasPlausibleIssuer(digits: string): boolean {
  return ISSUERS.some((issuer) => {
    const prefix = Number(digits.slice(0, issuer.width));
    return prefix >= issuer.from && prefix <= issuer.to && issuer.lengths.includes(digits.length);
  });
}

/** Grouped numbers use one separator kind and groups of 4-6 digits (the last may be shorter). */
function hasCardGrouping(text: string): boolean {
  const separators = new Set(text.replace(/\d/g, ''));
  if (separators.size === 0) return true;
  if (separators.size > 1) return false;
  const groups = text.split(/[ -]/);
  return groups.every((group, index) => group.length <= 6 && (group.length >= 4 || index === groups.length - 1));
}

export function isValidCardNumber(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  return hasCardGrouping(text) && !/^(\d)\1+$/.test(digits) && hasPlausibleIssuer(digits) && passesLuhn(digits);
}

export function createPaymentCardRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'payment-card',
    entityType: 'CREDIT_CARD',
    lookbehind: 2,
    lookahead: 2,
    pattern: CARD,
    evaluate(match) {
      if (!isValidCardNumber(match[0])) return undefined;
      return { start: match.index, end: match.index + match[0].length, score: 0.85 };
    },
    tail: createTailPattern(`${BEFORE}\\d(?:[ \\-]?\\d){0,19}[ \\-.,]?`, '', 45, /[\d .,-]/),
  });
}
