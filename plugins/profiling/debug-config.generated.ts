// Generated from schemas/config/debug.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface DebugConfigDocument {
  /**
   * Serve /debug/pprof/profile, /debug/pprof/heap, /start_profile and /stop_profile (control plane). Off by default: a profile slows the process and a heap snapshot holds every string in memory, request bodies and keys included.
   */
  profiling_enabled: boolean;
  /**
   * Longest CPU profile: the bound on ?seconds= and on a /start_profile left running (stopped then and kept for /stop_profile).
   */
  max_profile_seconds: number;
  /**
   * How long /debug/pprof/profile records without ?seconds= (Go's pprof default).
   */
  default_profile_seconds: number;
}

/** schemas/config/debug.schema.json after validation (defaults filled), frozen. */
export type DebugConfig = DeepReadonly<DebugConfigDocument>;
