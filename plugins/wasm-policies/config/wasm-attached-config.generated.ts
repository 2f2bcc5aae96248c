// Generated from schemas/stages/wasm-attached.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface WasmAttachedConfigDocument {
  max_input_bytes: number;
}

/** schemas/stages/wasm-attached.schema.json after validation (defaults filled), frozen. */
export type WasmAttachedConfig = DeepReadonly<WasmAttachedConfigDocument>;
