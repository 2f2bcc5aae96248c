// Generated from schemas/admin/a2a-agent-register.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface AgentRegistrationDocument {
  agent_id: string;
  name: string;
  description?: string;
  /**
   * The agent's base URL (http or https); its card is fetched from /.well-known/agent-card.json (or agent.json). Checked against security.ssrf.
   */
  url: string;
  /**
   * What the agent says it can do (streaming, push_notifications …), as registered; the fetched card is the authority.
   */
  capabilities: {
    [k: string]: unknown;
  };
  metadata: {
    [k: string]: string | number | boolean | null | undefined;
  };
}

/** schemas/admin/a2a-agent-register.schema.json after validation (defaults filled), frozen. */
export type AgentRegistration = DeepReadonly<AgentRegistrationDocument>;
