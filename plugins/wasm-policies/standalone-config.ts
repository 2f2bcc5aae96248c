import type { WasmConfig } from './config/wasm-config.generated.js';
import type { SchemaValidators } from '../../core/schema/schema-validators.js';

const WASM_SECTION_SCHEMA_ID = 'https://switchyard.dev/schemas/config/wasm.schema.json';

/** The gateway's default WASM settings (memory cap, import allowlist …) for running a policy without one. */
export function standaloneWasmConfig(validators: SchemaValidators): WasmConfig {
  const defaults: unknown = { enabled: true, module_roots: ['/'] };
  const issues = validators.validateConfig(WASM_SECTION_SCHEMA_ID, defaults);
  if (issues.length > 0 || !validators.guard<WasmConfig>(WASM_SECTION_SCHEMA_ID)(defaults)) throw new Error('the wasm section schema refuses its own defaults');
  return defaults;
}
