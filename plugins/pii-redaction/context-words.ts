import type { BuiltinEntityType } from './entity-types.js';

/** Words that, shortly before a candidate, make it more likely to be what it looks like. */
export const DEFAULT_CONTEXT_WORDS: Readonly<Record<BuiltinEntityType, readonly string[]>> = {
  EMAIL: ['email', 'e-mail', 'mail', 'contact', 'address'],
  PHONE: ['phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'fax', 'whatsapp', 'sms', 'text me', 'reach me', 'contact', 'landline', 'phone number'],
  CREDIT_CARD: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'pan'],
  IBAN: ['iban', 'bank', 'account', 'transfer', 'wire', 'sepa'],
  US_SSN: ['ssn', 'social security', 'social', 'ss#', 'tin', 'taxpayer'],
  IP_ADDRESS: ['ip', 'address', 'host', 'server', 'client', 'remote', 'addr'],
  DATE_OF_BIRTH: ['born', 'dob', 'd.o.b', 'date of birth', 'birth date', 'birthdate', 'birthday'],
  AWS_ACCESS_KEY_ID: ['aws', 'access key'],
  AWS_SECRET_ACCESS_KEY: ['aws', 'secret', 'secret_access_key', 'secretaccesskey', 'secret access key'],
  GITHUB_TOKEN: ['github', 'token'],
  GITLAB_TOKEN: ['gitlab', 'token'],
  SLACK_TOKEN: ['slack', 'token'],
  SLACK_WEBHOOK: ['slack', 'webhook'],
  STRIPE_KEY: ['stripe', 'key'],
  OPENAI_API_KEY: ['openai', 'key'],
  ANTHROPIC_API_KEY: ['anthropic', 'claude', 'key'],
  JWT: ['jwt', 'token', 'bearer', 'authorization'],
  PRIVATE_KEY: ['key'],
  CREDENTIAL: [],
  GENERIC_SECRET: ['secret', 'token', 'key', 'password', 'passwd', 'pwd', 'api', 'apikey', 'auth', 'bearer', 'credential', 'credentials', 'authorization', 'access'],
};

function wordSource(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .join('[\\s_-]+');
}

/** Compiled context words: `exact` judges a candidate, `loose` is the quick test over a whole window. */
export interface ContextPattern {
  /** Whole words, case-insensitive, global. */
  readonly exact: RegExp;
  /** The same words anywhere (no word boundaries, no Unicode classes): cheap enough for every scan. */
  readonly loose: RegExp;
}

/**
 * One case-insensitive test for any of `words` as a whole word; `_` and `-` count as separators so
 * "aws_secret_access_key" holds both "aws" and "secret". Undefined when there are no words.
 */
export function compileContextPattern(words: readonly string[]): ContextPattern | undefined {
  const sources = [...new Set(words.filter((word) => word.trim().length > 0).map(wordSource))];
  if (sources.length === 0) return undefined;
  return {
    exact: new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})(?![\\p{L}\\p{N}])`, 'giu'),
    loose: new RegExp(sources.join('|'), 'giu'),
  };
}
