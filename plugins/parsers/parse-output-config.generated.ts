// Generated from schemas/stages/parse-output.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface ParseOutputConfigDocument {
  /**
   * The tool-call parser for every model on the route (plugins/parsers/README.md lists them). Unset: tool calls are left as text.
   */
  tool_call_parser?: string;
  /**
   * The reasoning parser for every model on the route. Unset: no reasoning is split off.
   */
  reasoning_parser?: string;
  /**
   * Per model, replacing the route-wide parsers for that model (a key ending in * matches every model starting with the rest; the longest wins).
   */
  models: {
    [k: string]:
      | {
          tool_call_parser?: string;
          reasoning_parser?: string;
        }
      | undefined;
  };
}

/** schemas/stages/parse-output.schema.json after validation (defaults filled), frozen. */
export type ParseOutputConfig = DeepReadonly<ParseOutputConfigDocument>;
