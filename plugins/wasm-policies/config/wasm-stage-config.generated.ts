// Generated from schemas/stages/wasm.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface WasmStageConfigDocument {
  /**
   * Handed to the policy (over the config it was registered with).
   */
  config: {
    [k: string]: unknown;
  };
  /**
   * Larger inputs are not sent to the policy; its on_error decides.
   */
  max_input_bytes: number;
}

/** schemas/stages/wasm.schema.json after validation (defaults filled), frozen. */
export type WasmStageConfig = DeepReadonly<WasmStageConfigDocument>;
