import { createPatternRecognizer } from '../pattern-recognizer.js';
import type { Recognizer } from '../recognizer.js';
import { createTailPattern, escapeLiteral, literalPrefixSource } from '../tail-pattern.js';

/** One shape of a vendor's token: fixed prefixes, then a body of `body` characters. */
interface TokenFormat {
  readonly prefixes: readonly string[];
  /** A character class source, e.g. `[A-Za-z0-9]`. */
  readonly body: string;
  readonly min: number;
  readonly max: number;
}

interface TokenSpec {
  readonly name: string;
  readonly entityType: string;
  readonly formats: readonly TokenFormat[];
  /** Characters that may not touch the token on either side (so it is not part of a longer word). */
  readonly boundary: string;
  readonly score: number;
  readonly validate?: (token: string) => boolean;
}

const WORDISH = 'A-Za-z0-9_\\-';
const COMMON_IN_PROSE = /[etaoinshrdlcumwfgypbv ]/;

/**
 * The part of a prefix from its first character that is uncommon in prose ("sk_live_" → "k_live_",
 * "ghp_" → "_"): indexOf scans for its needle's first character, so a common first letter makes the
 * no-entity fast path slow. Any text containing the prefix contains this part.
 */
function rareSuffix(prefix: string): string {
  const index = [...prefix].findIndex((char) => !COMMON_IN_PROSE.test(char));
  return index < 0 ? prefix : prefix.slice(index);
}

/**
 * "ghp_XXXXXXXXXXXXXXXX…", "sk_live_0000000000": a documentation placeholder, not a key. A random body
 * of 10+ characters has far more than three distinct characters.
 */
function isPlaceholderBody(token: string, prefixes: readonly string[]): boolean {
  const prefix = prefixes.find((candidate) => token.startsWith(candidate)) ?? '';
  return new Set(token.slice(prefix.length).replace(/[-_]/g, '')).size <= 3;
}

function createTokenRecognizer(spec: TokenSpec): Recognizer {
  const before = `(?<![${spec.boundary}])`;
  const formats = spec.formats.map((format) => `(?:${format.prefixes.map(escapeLiteral).join('|')})${format.body}{${format.min},${format.max}}`);
  const pattern = new RegExp(`${before}(?:${formats.join('|')})(?![${spec.boundary}])`, 'g');
  const prefixes = spec.formats.flatMap((format) => format.prefixes);
  const growing = spec.formats.map((format) => `(?:${format.prefixes.map(escapeLiteral).join('|')})${format.body}{0,${format.max}}`);
  const longest = Math.max(...spec.formats.map((format) => Math.max(...format.prefixes.map((prefix) => prefix.length)) + format.max));
  const needles = [...new Set(prefixes.map(rareSuffix))];
  const { validate } = spec;
  return createPatternRecognizer({
    name: spec.name,
    entityType: spec.entityType,
    lookbehind: 1,
    lookahead: 1,
    pattern,
    mayContain: (text, from) => needles.some((needle) => text.indexOf(needle, from) >= 0),
    evaluate(match) {
      if (isPlaceholderBody(match[0], prefixes) || (validate !== undefined && !validate(match[0]))) return undefined;
      return { start: match.index, end: match.index + match[0].length, score: spec.score };
    },
    tail: createTailPattern(`${before}(?:${literalPrefixSource(prefixes)}|${growing.join('|')})`, '', longest + 2, /[A-Za-z0-9_\-:/.]/),
  });
}

const hasDigit = (text: string): boolean => /\d/.test(text);

export function createAwsAccessKeyIdRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'aws-access-key-id',
    entityType: 'AWS_ACCESS_KEY_ID',
    formats: [{ prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'AROA'], body: '[A-Z0-9]', min: 16, max: 16 }],
    boundary: 'A-Za-z0-9',
    score: 0.95,
  });
}

export function createGithubTokenRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'github-token',
    entityType: 'GITHUB_TOKEN',
    formats: [
      { prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], body: '[A-Za-z0-9]', min: 36, max: 251 },
      { prefixes: ['github_pat_'], body: '[A-Za-z0-9_]', min: 22, max: 240 },
    ],
    boundary: WORDISH,
    score: 0.95,
  });
}

export function createGitlabTokenRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'gitlab-token',
    entityType: 'GITLAB_TOKEN',
    formats: [{ prefixes: ['glpat-'], body: '[A-Za-z0-9_\\-]', min: 20, max: 64 }],
    boundary: WORDISH,
    score: 0.95,
  });
}

export function createSlackTokenRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'slack-token',
    entityType: 'SLACK_TOKEN',
    formats: [{ prefixes: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'], body: '[A-Za-z0-9\\-]', min: 10, max: 250 }],
    boundary: WORDISH,
    score: 0.9,
    validate: hasDigit,
  });
}

export function createSlackWebhookRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'slack-webhook',
    entityType: 'SLACK_WEBHOOK',
    formats: [
      {
        prefixes: ['https://hooks.slack.com/services/', 'https://hooks.slack.com/workflows/', 'https://hooks.slack.com/triggers/'],
        body: '[A-Za-z0-9_/\\-]',
        min: 20,
        max: 200,
      },
    ],
    boundary: `${WORDISH}/`,
    score: 0.95,
  });
}

export function createStripeKeyRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'stripe-key',
    entityType: 'STRIPE_KEY',
    formats: [{ prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'], body: '[A-Za-z0-9]', min: 10, max: 247 }],
    boundary: WORDISH,
    score: 0.95,
  });
}

/** Random keys mix digits and both cases; kebab-case identifiers that start with `sk-` do not. */
function looksRandom(body: string): boolean {
  return /\d/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

export function createOpenAiKeyRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'openai-api-key',
    entityType: 'OPENAI_API_KEY',
    formats: [{ prefixes: ['sk-'], body: '[A-Za-z0-9_\\-]', min: 20, max: 250 }],
    boundary: WORDISH,
    score: 0.9,
    validate: (token) => !token.startsWith('sk-ant-') && looksRandom(token.slice(3)),
  });
}

export function createAnthropicKeyRecognizer(): Recognizer {
  return createTokenRecognizer({
    name: 'anthropic-api-key',
    entityType: 'ANTHROPIC_API_KEY',
    formats: [{ prefixes: ['sk-ant-'], body: '[A-Za-z0-9_\\-]', min: 20, max: 250 }],
    boundary: WORDISH,
    score: 0.95,
    validate: (token) => /\d/.test(token.slice(7)) && /[A-Za-z]/.test(token.slice(7)),
  });
}
