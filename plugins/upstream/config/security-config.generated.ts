// Generated from schemas/config/security.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface SecurityConfigDocument {
  /**
   * Applies to every URL registered through the admin API (config and --worker-urls are the operator's own).
   */
  ssrf: {
    allowed_schemes: ("http" | "https" | "grpc")[];
    /**
     * Host names (exact, or *.suffix) allowed even if they resolve to private addresses.
     */
    allow_hosts: string[];
    /**
     * Address ranges allowed although private or loopback (e.g. your worker subnet).
     */
    allow_cidrs: string[];
    deny_hosts: string[];
    deny_cidrs: string[];
  };
}

/** schemas/config/security.schema.json after validation (defaults filled), frozen. */
export type SecurityConfig = DeepReadonly<SecurityConfigDocument>;
