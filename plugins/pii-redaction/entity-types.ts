/** Every entity type a built-in recognizer reports, in the order the schema lists them. */
export const BUILTIN_ENTITY_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'SLACK_WEBHOOK',
  'STRIPE_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'JWT',
  'PRIVATE_KEY',
  'CREDENTIAL',
  'GENERIC_SECRET',
] as const;

export type BuiltinEntityType = (typeof BUILTIN_ENTITY_TYPES)[number];

/** What happens to a found entity. `block` only reports; the caller refuses the exchange. */
export const ENTITY_ACTIONS = ['mask', 'redact', 'hash', 'block', 'allow'] as const;
export type EntityAction = (typeof ENTITY_ACTIONS)[number];

/** `request`: prompt messages and tool results going up; `response`: answers coming down. */
export type RedactionDirection = 'request' | 'response';

/** Custom entity types share the placeholder grammar `<TYPE_N>`, so they are upper snake case. */
export const ENTITY_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;
