import type { BuiltinEntityType, EntityAction } from './entity-types.js';
import type { ValidatorName } from './named-validators.js';

export const PII_REDACTION_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/pii-redaction.schema.json';

/** schemas/stages/pii-redaction.schema.json `definitions.entity`, after defaults. */
export interface EntitySettings {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly request: EntityAction;
  readonly response: EntityAction;
  readonly context_words: readonly string[];
}

/** One operator recognizer: exactly one of `pattern` and `deny_list`. */
export interface CustomRecognizerConfig {
  readonly name: string;
  readonly entity_type: string;
  readonly pattern?: string;
  readonly flags: string;
  readonly deny_list?: readonly string[];
  readonly case_insensitive: boolean;
  readonly validator?: ValidatorName;
  readonly score: number;
  readonly threshold: number;
  readonly request: EntityAction;
  readonly response: EntityAction;
  readonly context_words: readonly string[];
  readonly max_length: number;
}

export type ReversibleSetting = boolean | 'off' | 'placeholders' | 'restore';

/** schemas/stages/pii-redaction.schema.json after Ajv filled its defaults. */
export interface PiiRedactionConfig {
  readonly entities: Readonly<Record<BuiltinEntityType, EntitySettings>>;
  readonly default_region: string;
  readonly phone_regions: readonly string[];
  readonly hash_key?: string;
  readonly hash_scope: 'global' | 'tenant';
  readonly tenant_hash_keys?: { readonly [tenant: string]: string | undefined };
  readonly hash_length: number;
  readonly reversible: ReversibleSetting;
  readonly custom_recognizers: readonly CustomRecognizerConfig[];
  readonly stream_holdback_max_chars: number;
  readonly context_window_chars: number;
  readonly entropy_threshold: number;
}
