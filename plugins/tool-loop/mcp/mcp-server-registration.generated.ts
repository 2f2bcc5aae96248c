// Generated from schemas/admin/mcp-server-register.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface McpServerRegistrationDocument {
  /**
   * Stable id; the tool loop's function names start with it (`<server_id>__<tool>`).
   */
  server_id: string;
  name: string;
  /**
   * The server's MCP endpoint (http or https); checked against security.ssrf.
   */
  url: string;
  transport: "streamable_http" | "sse";
  /**
   * Only these tools of the server are offered (default: every tool it lists).
   *
   * @maxItems 512
   */
  tools?: string[];
  /**
   * Only these resource URIs of the server are listed (default: every resource it lists).
   *
   * @maxItems 512
   */
  resources?: string[];
  auth_type: "none" | "bearer_token" | "api_key";
  /**
   * The bearer token or API key (required unless auth_type is none). Sent only to this server; never shown.
   */
  auth_value?: string;
  /**
   * Header that carries the key when auth_type is api_key.
   */
  api_key_header: string;
  metadata: {
    [k: string]: string | number | boolean | null | undefined;
  };
}

/** schemas/admin/mcp-server-register.schema.json after validation (defaults filled), frozen. */
export type McpServerRegistration = DeepReadonly<McpServerRegistrationDocument>;
