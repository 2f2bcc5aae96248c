// Generated from schemas/stages/tool-loop.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface ToolLoopConfigDocument {
  /**
   * Model turns at most per request (the first included); a model still calling tools then gets its last answer returned.
   */
  max_iterations: number;
  /**
   * One tool call's limit; past it the model gets the timeout as the tool's result.
   */
  tool_timeout_ms: number;
  /**
   * The whole loop's deadline (model turns and tool calls together).
   */
  loop_timeout_ms: number;
  /**
   * A tool result longer than this is cut, with a note saying so.
   */
  max_output_chars: number;
  /**
   * With more MCP tools than this, only the this-many most relevant to the last user message are offered (x-tools-selected says how many). Unset: all.
   */
  max_tools?: number;
  /**
   * MCP servers whose tools every request on the route gets, in addition to the request's own `mcp` tools.
   */
  servers: {
    server_id: string;
    allowed_tools?: string[];
  }[];
}

/** schemas/stages/tool-loop.schema.json after validation (defaults filled), frozen. */
export type ToolLoopConfig = DeepReadonly<ToolLoopConfigDocument>;
