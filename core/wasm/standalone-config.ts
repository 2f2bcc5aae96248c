import type { WasmConfig } from '../config/gateway-config.js';
import { resolveConfig } from '../config/load-config.js';
import type { SchemaValidators } from '../schema/schema-validators.js';

/** The gateway's default WASM settings (memory cap, import allowlist …) for running a policy without one. */
export function standaloneWasmConfig(validators: SchemaValidators): WasmConfig {
  return resolveConfig({ wasm: { enabled: true, module_roots: ['/'] } }, validators, 'defaults', {}).wasm;
}
