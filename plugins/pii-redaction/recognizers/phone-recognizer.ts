import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

// Not after a word character, a sign or separator that would make this the middle of something else
// (an order number, a price, a path, a longer digit group).
const BEFORE = '(?<![\\w+.\\-/#$€£¥@,]|\\d[ .\\-,])';
// One digit per step, optionally after one separator and/or an opening or closing parenthesis, so the
// regex never has two ways to read the same text (linear time on runs of digits).
const PHONE = new RegExp(`${BEFORE}(?:\\+|00)?(?:\\(\\d{1,5}\\)|\\d)(?:[ .\\-]?\\(\\d{1,5}\\)|[ .\\-]?\\d|\\)[ .\\-]?\\d){5,18}(?![\\w:/%]|[ .\\-,]\\d)`, 'g');
const DATE_LIKE = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?!\d)/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function digitGroups(text: string): string[] {
  return text.split(/[^\d]+/).filter((group) => group.length > 0);
}

/** Separator and grouping sanity that libphonenumber does not check (it validates digits only). */
function hasPhoneShape(text: string): boolean {
  if (DATE_LIKE.test(text) || IPV4_LIKE.test(text)) return false;
  const groups = digitGroups(text);
  const digits = groups.join('').length;
  if (digits < 7 || digits > (text.startsWith('00') ? 17 : 15)) return false;
  // A one-digit group is a country code, trunk prefix or mobile prefix, never the end of a number.
  if (groups.length > 1 && groups.some((group, index) => group.length === 1 && (index >= 3 || index === groups.length - 1))) return false;
  return new Set(text.replace(/[\d()+]/g, '')).size <= 2;
}

function scoreFormat(text: string): number {
  if (text.startsWith('+') || text.startsWith('00')) return 0.7;
  if (/[ .\-()]/.test(text)) return 0.55;
  return 0.35;
}

export interface PhoneRecognizerOptions {
  /** National numbers are tried against these regions, in order (the default region first). */
  readonly regions: readonly CountryCode[];
}

export function isValidPhoneNumber(text: string, regions: readonly CountryCode[]): boolean {
  const international = text.startsWith('+') ? text : text.startsWith('00') ? `+${text.slice(2)}` : undefined;
  if (international !== undefined) return parsePhoneNumberFromString(international)?.isValid() === true;
  return regions.some((region) => parsePhoneNumberFromString(text, region)?.isValid() === true);
}

export function createPhoneRecognizer(options: PhoneRecognizerOptions): Recognizer {
  const { regions } = options;
  return createPatternRecognizer({
    name: 'phone',
    entityType: 'PHONE',
    lookbehind: 2,
    lookahead: 2,
    pattern: PHONE,
    evaluate(match) {
      const text = match[0];
      if (!hasPhoneShape(text) || !isValidPhoneNumber(text, regions)) return undefined;
      return { start: match.index, end: match.index + text.length, score: scoreFormat(text) };
    },
    tail: createTailPattern(`${BEFORE}(?:\\+|00)?(?:[\\d(][\\d() .\\-]{0,70}[,]?)?`, '', 80),
  });
}
