import type { CandidateSink, Recognizer } from '../recognizer.js';
import { forEachMatch } from '../scan-matches.js';
import { createTailPattern, findTailStart, literalPrefixSource } from '../tail-pattern.js';

const KEYWORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'client_secret', 'client-secret', 'api_key', 'api-key', 'apikey',
  'access_key', 'access-key', 'accesskey', 'auth_token', 'auth-token', 'access_token', 'access-token', 'refresh_token',
  'refresh-token', 'token', 'credential', 'credentials', 'private_key', 'private-key', 'passcode',
];
// `pass` alone ("pass: hunter22", "DB_PASS") is a key too; its value must then hold a non-letter.
const KEYWORD = '(?:pass(?:word|wd|phrase)?|pwd|client[_-]?secret|secret|api[_-]?key|access[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|credentials?|private[_-]?key)';
// What may follow the keyword inside the key: nothing, or a suffix that keeps it a secret
// ("password_hash", "secret_key"). "max_tokens", "token_type" and "key_id" are not secrets.
const KEY_SUFFIX = '(?:[_-]?(?:value|secret|key|token|hash|str|string))?';
const SEPARATOR = `["']?[ \\t]{0,3}(?:=>|:=|[:=])(?![=>])[ \\t]{0,3}`;
const UNQUOTED_CHAR = "[^\\s\"'`,;()\\[\\]{}<>]";
const VALUE = `(?:"([^"\\\\\\n]{1,200})"|'([^'\\\\\\n]{1,200})'|(${UNQUOTED_CHAR}{1,200})(?![^\\s"'\`,;)\\]}>]))`;
const ASSIGNMENT = new RegExp(`${KEYWORD}${KEY_SUFFIX}${SEPARATOR}${VALUE}`, 'gi');
// Prose: "the password is Tr0ub4dor&3" — a value that looks typed, not a word ("the password is wrong").
// (No lookbehind in the regex: a literal start lets V8 skip ahead; the letter before is checked in code.)
const PROSE = /pass(?:word|phrase|code)\s{1,3}(?:is|was)\s{1,3}(["'\u201c]?)([^\s"'\u201d]{6,64})/gi;
const PROSE_TRAILER = /[.,;:!?)]+$/;
// A URL's userinfo: "postgres://app:S3cr3t@db:5432" — the password between the user's colon and the @.
const URL_PASSWORD = /:\/\/([^\s:/@]{1,64}):([^\s/@]{1,128})@(?=[A-Za-z0-9[])/g;
const TAIL = createTailPattern(
  `${literalPrefixSource(KEYWORDS)}|(?:password|passphrase|passcode)(?:\\s{1,3}(?:i(?:s)?|w(?:a(?:s)?)?)?(?:\\s{1,3}["'\u201c]?[^\\s"'\u201d]{0,64})?)?|:(?:/(?:/(?:[^\\s:/@]{0,64}(?::[^\\s/@]{0,128}@?)?)?)?)?|${KEYWORD}${KEY_SUFFIX}["']?[ \\t]{0,3}(?:=>|:=|[:=])?[ \\t]{0,3}(?:"[^"\\\\\\n]{0,201}|'[^'\\\\\\n]{0,201}|${UNQUOTED_CHAR}{0,201})`,
  'i',
  260,
);

// Type names, empty markers and placeholders that sit where a value goes but are not one.
const NOT_A_VALUE = new Set([
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'string', 'str', 'number', 'int', 'bool', 'boolean', 'bytes',
  'optional', 'required', 'yes', 'no', 'redacted', 'hidden', 'changeme', 'example', 'secret', 'password', 'xxx', 'your_password',
]);

/** Whether an assigned value is a literal secret rather than a reference, type or placeholder. */
export function isLiteralSecret(value: string): boolean {
  if (value.length < 4 || NOT_A_VALUE.has(value.toLowerCase())) return false;
  if (/^[$%{<*@&]/.test(value) || /^[*x.•]+$/i.test(value)) return false;
  if (/^\d{1,5}$/.test(value)) return false;
  // A dotted identifier is a reference: process.env.DB_PASSWORD, settings.secret, os.environ.
  if (/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(value)) return false;
  return true;
}

/** A prose value is a secret when it mixes letters with digits or symbols (a word is not one). */
function looksTyped(value: string): boolean {
  return /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value) && isLiteralSecret(value);
}

/**
 * `password=…`, `"api_key": "…"`, `export DB_PASSWORD=…`: the value is the entity. The match is
 * anchored at the keyword (wherever it sits inside the key), so no backward scan over the key is needed.
 */
export function createCredentialAssignmentRecognizer(): Recognizer {
  const entityType = 'CREDENTIAL';
  return {
    name: 'credential-assignment',
    entityType,
    contextRequired: false,
    lookbehind: 1,
    lookahead: 1,
    scan(text: string, from: number, sink: CandidateSink): void {
      forEachMatch(ASSIGNMENT, text, from, (match) => {
        const readEnd = match.index + match[0].length;
        const value = match[1] ?? match[2] ?? match[3] ?? '';
        const barePass = /^pass(?!word|wd|phrase)/i.test(match[0]);
        if (!isLiteralSecret(value) || (barePass && !/[^A-Za-z]/.test(value))) return sink.reject(match.index, readEnd);
        // A quoted value ends one before the closing quote.
        const end = match[3] === undefined ? readEnd - 1 : readEnd;
        sink.accept({ entityType, anchor: match.index, start: end - value.length, end, readEnd, score: 0.8 });
      });
      forEachMatch(PROSE, text, from, (match) => {
        const readEnd = match.index + match[0].length;
        const raw = match[2] ?? '';
        const value = raw.replace(PROSE_TRAILER, '');
        if (/[A-Za-z]/.test(text[match.index - 1] ?? '') || !looksTyped(value)) return sink.reject(match.index, readEnd);
        const start = readEnd - raw.length;
        sink.accept({ entityType, anchor: match.index, start, end: start + value.length, readEnd, score: 0.8 });
      });
      forEachMatch(URL_PASSWORD, text, from, (match) => {
        const readEnd = match.index + match[0].length;
        const value = match[2] ?? '';
        if (!isLiteralSecret(value)) return sink.reject(match.index, readEnd);
        const end = readEnd - 1;
        // Certain by position, and it must win over an "e-mail" made of its tail and the host (Gu3st!2024@rabbit.io).
        sink.accept({ entityType, anchor: match.index, start: end - value.length, end, readEnd, score: 0.95 });
      });
    },
    pendingStart: (text, from, accept) => findTailStart(TAIL, text, from, accept),
  };
}
