import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern } from '../tail-pattern.js';

const BEFORE = '(?<![\\w.\\-/#$€£¥@,]|\\d[ .\\-,])';
// The same separator (dash, space or none) between all three parts.
const SSN = new RegExp(`${BEFORE}(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\w]|[ .\\-,]\\d)`, 'g');

// Numbers the SSA voided after they were published (wallet cards, advertising).
const VOIDED = new Set(['078051120', '219099999']);

/** Area 001-665 or 667-899, group 01-99, serial 0001-9999 (SSA rules since 2011). */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  const areaNumber = Number(area);
  return areaNumber !== 0 && areaNumber !== 666 && areaNumber < 900 && group !== '00' && serial !== '0000' && !VOIDED.has(area + group + serial);
}

export function createUsSsnRecognizer(): Recognizer {
  return createPatternRecognizer({
    name: 'us-ssn',
    entityType: 'US_SSN',
    lookbehind: 2,
    lookahead: 2,
    pattern: SSN,
    evaluate(match) {
      const [text, area = '', separator = '', group = '', serial = ''] = match;
      if (!isValidSsn(area, group, serial)) return undefined;
      // A bare nine-digit run is an SSN only with context ("SSN", "social security").
      const score = separator === '-' ? 0.6 : separator === ' ' ? 0.5 : 0.3;
      return { start: match.index, end: match.index + text.length, score };
    },
    tail: createTailPattern(`${BEFORE}\\d(?:[- ]?\\d){0,8}[ .\\-,]?`, '', 16, /[\d .,-]/),
  });
}
