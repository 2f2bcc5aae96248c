import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern, literalPrefixSource } from '../tail-pattern.js';

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)?';
const BEFORE = '(?<![\\w.\\/\\-])';
const DATE = new RegExp(
  `${BEFORE}(?:` +
    '(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})' + // 1990-03-12
    '|(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})' + // 12/03/1990, 03-12-90
    `|(\\d{1,2})${ORDINAL}(?: of)?[ -](${MONTH})\\.?,?[ -](\\d{4})` + // 12 March 1990, 12th of Mar. 1990, 14-Feb-1990
    `|(${MONTH})\\.? (\\d{1,2})${ORDINAL},? (\\d{4})` + // March 12, 1990
    ')(?![\\w]|[-/.]\\d)',
  'gi',
);

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_NAMES.findIndex((month) => month.startsWith(lower.slice(0, 3))) + 1;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fullYear(year: string): number {
  if (year.length === 4) return Number(year);
  const short = Number(year);
  return short + (short <= new Date().getUTCFullYear() % 100 ? 2000 : 1900);
}

/** A real calendar date that could be someone's birth date (1900 up to this year). */
export function isPlausibleBirthDate(match: RegExpExecArray): boolean {
  const [, isoYear, isoMonth, isoDay, numA, numB, numYear, textDay, textMonth, textYear, leadMonth, leadDay, leadYear] = match;
  let year: number;
  let options: Array<[number, number]>;
  if (isoYear !== undefined) {
    year = Number(isoYear);
    options = [[Number(isoMonth), Number(isoDay)]];
  } else if (numYear !== undefined) {
    year = fullYear(numYear);
    // Day-first or month-first: either reading may be meant.
    options = [[Number(numB), Number(numA)], [Number(numA), Number(numB)]];
  } else if (textYear !== undefined) {
    year = Number(textYear);
    options = [[monthNumber(textMonth ?? ''), Number(textDay)]];
  } else {
    year = Number(leadYear);
    options = [[monthNumber(leadMonth ?? ''), Number(leadDay)]];
  }
  if (year < 1900 || year > new Date().getUTCFullYear()) return false;
  return options.some(([month, day]) => isCalendarDate(year, month, day));
}

export function createDateOfBirthRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'date-of-birth',
    entityType: 'DATE_OF_BIRTH',
    contextRequired: true,
    lookbehind: 1,
    lookahead: 2,
    pattern: DATE,
    evaluate(match) {
      if (!isPlausibleBirthDate(match)) return undefined;
      return { start: match.index, end: match.index + match[0].length, score: 0.6 };
    },
    // Digits and date punctuation; a day then words (a month being typed); a month name or its prefix.
    tail: createTailPattern(
      `${BEFORE}(?:\\d[\\d/.\\-]{0,11}|\\d{1,2}[a-z ,.\\-]{0,20}\\d{0,4}[-/.]?|(?:${MONTH}|${literalPrefixSource(MONTH_NAMES)})[ .,\\dstndrh]{0,14}[-/.]?)`,
      'i',
      40,
      /[A-Za-z0-9 ,./-]/,
    ),
  });
}
