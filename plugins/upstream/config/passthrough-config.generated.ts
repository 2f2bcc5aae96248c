// Generated from schemas/config/passthrough.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface PassthroughConfigDocument {
  /**
   * The provider (under providers) that serves /v1/files and /v1/batches.
   */
  files_provider?: string;
}

/** schemas/config/passthrough.schema.json after validation (defaults filled), frozen. */
export type PassthroughConfig = DeepReadonly<PassthroughConfigDocument>;
