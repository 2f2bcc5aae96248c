// Generated from schemas/stages/pii-redaction.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

/**
 * With an empty object every built-in entity type is masked in both directions. Config substitution (${ENV}) happens before validation.
 */
interface PiiRedactionStageConfigDocument {
  /**
   * Per built-in entity type: enabled, threshold, action per direction, extra context words.
   */
  entities: {
    EMAIL: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    PHONE: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    CREDIT_CARD: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    IBAN: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    US_SSN: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    IP_ADDRESS: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    DATE_OF_BIRTH: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    AWS_ACCESS_KEY_ID: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    AWS_SECRET_ACCESS_KEY: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    GITHUB_TOKEN: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    GITLAB_TOKEN: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    SLACK_TOKEN: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    SLACK_WEBHOOK: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    STRIPE_KEY: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    OPENAI_API_KEY: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    ANTHROPIC_API_KEY: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    JWT: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    PRIVATE_KEY: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    CREDENTIAL: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
    GENERIC_SECRET: {
      /**
       * Whether this type is looked for at all.
       */
      enabled: boolean;
      /**
       * Minimum score (0-1) for a candidate to count; context words add 0.35.
       */
      threshold: number;
      /**
       * What happens in prompt messages and tool results going up.
       */
      request: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * What happens in answers coming down.
       */
      response: "mask" | "redact" | "hash" | "block" | "allow";
      /**
       * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
       *
       * @maxItems 200
       */
      context_words: string[];
    };
  };
  /**
   * ISO 3166 region for phone numbers written without a country code.
   */
  default_region: string;
  /**
   * More regions whose national phone numbers are recognised (tried after default_region).
   *
   * @maxItems 50
   */
  phone_regions: string[];
  /**
   * HMAC-SHA256 key for the hash action (e.g. "${PII_HASH_KEY}"); required when any action is hash. With hash_scope "tenant" it is the master key each tenant's key is derived from.
   */
  hash_key?: string;
  /**
   * Whose values hash alike. "global": one key (hash_key) for every caller. "tenant": one key per tenant (the calling key's `tenant` field; a key without one, a JWT subject or an anonymous caller is its own tenant, by its id), taken from tenant_hash_keys or derived as HMAC-SHA256(hash_key, "switchyard/pii-hash/tenant/" + tenant): the same value hashes alike within a tenant and differently across tenants.
   */
  hash_scope: "global" | "tenant";
  /**
   * Explicit hash keys per tenant (e.g. {"acme": "${ACME_PII_HASH_KEY}"}), used with hash_scope "tenant" instead of the derived key; other tenants still get derived keys.
   */
  tenant_hash_keys?: {
    [k: string]: string | undefined;
  };
  /**
   * Hex characters of the HMAC kept in <TYPE:...>.
   */
  hash_length: number;
  /**
   * Numbered placeholders for masked entities in the request direction: true or "restore" also puts the values back in the response; "placeholders" only numbers them; false or "off" masks plainly.
   */
  reversible: true | false | "off" | "placeholders" | "restore";
  /**
   * Operator recognizers: a regex or a deny list.
   *
   * @maxItems 100
   */
  custom_recognizers: {
    /**
     * Names the recognizer in errors.
     */
    name: string;
    /**
     * Upper snake case, not a built-in type; placeholders become <TYPE_n>.
     */
    entity_type: string;
    /**
     * A JavaScript regular expression, compiled once. Nested quantifiers like (a+)+ and back-references are refused.
     */
    pattern?: string;
    /**
     * Regex flags among i, m, s, u.
     */
    flags: string;
    /**
     * Words or phrases matched as whole words.
     *
     * @minItems 1
     * @maxItems 10000
     */
    deny_list?: [string, ...string[]];
    /**
     * For deny_list: ignore case.
     */
    case_insensitive: boolean;
    /**
     * A check the matched text must also pass.
     */
    validator?: "luhn" | "credit_card" | "iban" | "ssn" | "ip" | "phone";
    /**
     * Score of a match before context words.
     */
    score: number;
    threshold: number;
    /**
     * mask: <TYPE> (numbered <TYPE_n> in reversible mode); redact: removed; hash: <TYPE:hmac> with hash_key; block: the exchange is refused (403); allow: left as is (still counted).
     */
    request: "mask" | "redact" | "hash" | "block" | "allow";
    /**
     * mask: <TYPE> (numbered <TYPE_n> in reversible mode); redact: removed; hash: <TYPE:hmac> with hash_key; block: the exchange is refused (403); allow: left as is (still counted).
     */
    response: "mask" | "redact" | "hash" | "block" | "allow";
    /**
     * Extra words that, within context_window_chars before a candidate, raise its score (added to the built-in ones). Matched case-insensitively as whole words.
     *
     * @maxItems 200
     */
    context_words: string[];
    /**
     * Longest match counted; in a stream the last max_length characters are held back while a pattern could still match.
     */
    max_length: number;
  }[];
  /**
   * Most text a stream holds back while it could still be an entity; past it a started PEM block or JWT is swallowed, anything else emitted.
   */
  stream_holdback_max_chars: number;
  /**
   * How far before a candidate context words are looked for.
   */
  context_window_chars: number;
  /**
   * Minimum Shannon entropy (bits per character) for GENERIC_SECRET.
   */
  entropy_threshold: number;
}

/** schemas/stages/pii-redaction.schema.json after validation (defaults filled), frozen. */
export type PiiRedactionStageConfig = DeepReadonly<PiiRedactionStageConfigDocument>;
