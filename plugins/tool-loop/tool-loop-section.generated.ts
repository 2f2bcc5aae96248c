// Generated from schemas/config/tool-loop.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface ToolLoopSectionDocument {
  /**
   * MCP servers started as child processes over stdio. Off unless enabled: each one runs a command with the gateway's rights.
   */
  stdio: {
    /**
     * Start the servers listed below. False: listing any is a config error.
     */
    enabled: boolean;
    servers: {
      server_id: string;
      name: string;
      /**
       * The executable (an absolute path, or a name found on PATH).
       */
      command: string;
      args: string[];
      /**
       * Added to a minimal environment (HOME, PATH, USER …, as the MCP SDK picks): the gateway's own environment (its keys) is not passed on.
       */
      env: {
        [k: string]: string | undefined;
      };
      cwd?: string;
      /**
       * Only these of its tools are used (default: all).
       */
      tools?: string[];
    }[];
  };
}

/** schemas/config/tool-loop.schema.json after validation (defaults filled), frozen. */
export type ToolLoopSection = DeepReadonly<ToolLoopSectionDocument>;
