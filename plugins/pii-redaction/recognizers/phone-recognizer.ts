import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

// Not after a word character, a sign or separator that would make this the middle of something else
// (an order number, a price, a path, a longer digit group).
const BEFORE = '(?<![\\w+.\\-/#$€£¥@,]|\\d[ .\\-,])';
// One digit per step, optionally after one separator and/or an opening or closing parenthesis, so the
// regex never has two ways to read the same text (linear time on runs of digits).
const PHONE = new RegExp(`${BEFORE}(?:\\+|00)?(?:\\(\\d{1,5}\\)|\\d)(?:[ .\\-]?\\(\\d{1,5}\\)|[ .\\-]?\\d|\\)[ .\\-]?\\d){5,18}(?![\\w:/%]|[ .\\-,]\\d)`, 'g');
// A whole date (optionally followed by a time), or an SSN's 3-2-4 shape: not phone numbers.
const DATE_LIKE = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:$|[ T])/;
const SSN_LIKE = /^\d{3}([- ])\d{2}\1\d{4}$/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// Mixed separators ending in a decimal part: "89 591.52", "1 250 000,00".
const AMOUNT_LIKE = /[ ].*[.,]\d{2}$/;

function digitGroups(text: string): string[] {
  return text.split(/[^\d]+/).filter((group) => group.length > 0);
}

/** Separator and grouping sanity that libphonenumber does not check (it validates digits only). */
function hasPhoneShape(text: string): boolean {
  if (DATE_LIKE.test(text) || SSN_LIKE.test(text) || IPV4_LIKE.test(text) || AMOUNT_LIKE.test(text)) return false;
  const groups = digitGroups(text);
  const digits = groups.join('').length;
  if (digits < 7 || digits > (text.startsWith('00') ? 17 : 15)) return false;
  // A one-digit group is a country code, trunk prefix or mobile prefix, never the end of a number,
  // and never between dots (versions: 6.1.17242.2310).
  if (groups.length > 1 && groups.some((group, index) => group.length === 1 && (index >= 3 || index === groups.length - 1))) return false;
  if (text.includes('.') && groups.some((group, index) => group.length === 1 && !(index === 0 && text.startsWith('+')))) return false;
  return new Set(text.replace(/[\d()+]/g, '')).size <= 2;
}

/** For each break between digits, how many digits follow it (so national and international forms align). */
function breaksFromEnd(text: string): Set<number> {
  const breaks = new Set<number>();
  let digitsAfter = 0;
  let pendingBreak = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const char = text[i] ?? '';
    if (char >= '0' && char <= '9') {
      if (pendingBreak && digitsAfter > 0) breaks.add(digitsAfter);
      pendingBreak = false;
      digitsAfter++;
    } else pendingBreak = true;
  }
  return breaks;
}

/** Whether the number is grouped the way libphonenumber prints it nationally or internationally. */
function hasUsualGrouping(text: string, number: PhoneNumber): boolean {
  const usual = new Set([...breaksFromEnd(number.formatNational()), ...breaksFromEnd(number.formatInternational()), number.nationalNumber.length]);
  return [...breaksFromEnd(text)].every((digitsAfter) => usual.has(digitsAfter));
}

/**
 * International form 0.7; grouped as a region where it is valid prints it 0.55; grouped otherwise
 * ("0151 23456789", or a table of figures) 0.4; a bare digit run 0.35. Below the default threshold
 * (0.5) a phone word must precede it.
 */
function scoreFormat(text: string, numbers: readonly PhoneNumber[]): number {
  if (text.startsWith('+') || text.startsWith('00')) return 0.7;
  if (!/[ .\-()]/.test(text)) return 0.35;
  return numbers.some((number) => hasUsualGrouping(text, number)) ? 0.55 : 0.4;
}

export interface PhoneRecognizerOptions {
  /** National numbers are tried against these regions, in order (the default region first). */
  readonly regions: readonly CountryCode[];
}

/** Every valid reading of `text`: the international one, or the national one in each region where it is valid. */
export function parseValidPhoneNumbers(text: string, regions: readonly CountryCode[]): PhoneNumber[] {
  const international = text.startsWith('+') ? text : text.startsWith('00') ? `+${text.slice(2)}` : undefined;
  if (international !== undefined) {
    const number = parsePhoneNumberFromString(international);
    return number?.isValid() === true ? [number] : [];
  }
  const numbers: PhoneNumber[] = [];
  for (const region of regions) {
    const number = parsePhoneNumberFromString(text, region);
    if (number?.isValid() === true) numbers.push(number);
  }
  return numbers;
}

export function isValidPhoneNumber(text: string, regions: readonly CountryCode[]): boolean {
  return parseValidPhoneNumbers(text, regions).length > 0;
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
      const numbers = hasPhoneShape(text) ? parseValidPhoneNumbers(text, regions) : [];
      if (numbers.length === 0) return undefined;
      return { start: match.index, end: match.index + text.length, score: scoreFormat(text, numbers) };
    },
    tail: createTailPattern(`${BEFORE}(?:\\+|00)?(?:[\\d(][\\d() .\\-]{0,70}[,]?)?`, '', 80, /[\d() .,+-]/),
  });
}
