/** The pii-redaction plugin (its stage) and library: recognizers, analyzer, actions, stream redactor, reversible vault. */
export { createPiiRedactionPlugin } from './pii-redaction-plugin.js';
export { createAnalyzer, type Analyzer, type AnalyzerSettings, type Finding } from './analyzer.js';
export { hashEntityValue } from './apply-entity-actions.js';
export {
  buildRedactionPlan,
  PiiRedactionConfigError,
  type RedactionPlan,
  type RedactionResult,
  type ResponseStream,
  type ReversibleMode,
} from './build-redaction-plan.js';
export type { EntityCounts } from './entity-tally.js';
export { BUILTIN_ENTITY_TYPES, ENTITY_ACTIONS, type BuiltinEntityType, type EntityAction, type RedactionDirection } from './entity-types.js';
export { PII_REDACTION_SCHEMA_ID, type PiiRedactionConfig, type EntitySettings, type CustomRecognizerConfig } from './pii-redaction-config.js';
export { PlaceholderVault } from './placeholder-vault.js';
export { createPlaceholderRestorer, restorePlaceholders, type PlaceholderRestorer, type RestoreResult } from './placeholder-restorer.js';
export type { Recognizer, Candidate } from './recognizer.js';
export { UnsafePatternError } from './regex-safety.js';
export { createStreamRedactor, type StreamRedactor, type StreamRedactorOptions } from './stream-redactor.js';
