// Generated from schemas/stages/a2a-relay.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface AgentRelayConfigDocument {
  /**
   * Largest JSON answer read from an agent (SSE answers are relayed as they come, not read whole).
   */
  max_response_bytes: number;
  /**
   * How long a JSON answer may take to arrive in full (streams: until the first byte).
   */
  timeout_ms: number;
}

/** schemas/stages/a2a-relay.schema.json after validation (defaults filled), frozen. */
export type AgentRelayConfig = DeepReadonly<AgentRelayConfigDocument>;
