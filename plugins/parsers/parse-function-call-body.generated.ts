// Generated from schemas/requests/parse-function-call.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface ParseFunctionCallBodyDocument {
  /**
   * The raw model output to parse.
   */
  text: string;
  /**
   * A tool-call parser name or alias (json, pythonic, llama3, mistral, qwen, qwen3_coder, deepseek_v3, deepseek_v31, glm4_moe, kimi_k2, gpt_oss, step3, minimax_m2, passthrough, …).
   */
  tool_call_parser: string;
  /**
   * The functions the model may call. SMG requires the field; here it defaults to [] (then every call is kept).
   */
  tools: (
    | {
        type?: "function";
        function: {
          name: string;
          description?: string;
          parameters?: {
            [k: string]: unknown;
          };
        };
      }
    | {
        name: string;
        parameters?: {
          [k: string]: unknown;
        };
      }
  )[];
}

/** schemas/requests/parse-function-call.schema.json after validation (defaults filled), frozen. */
export type ParseFunctionCallBody = DeepReadonly<ParseFunctionCallBodyDocument>;
