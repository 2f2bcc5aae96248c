import type { PluginRoute } from '../../core/plugin-contract.js';
import type { ParseFunctionCallBody } from './parse-function-call-body.generated.js';
import { parseErrorAnswer } from './parse-error-answer.js';
import type { ParseReasoningBody } from './parse-reasoning-body.generated.js';
import { createReasoningParser, createToolCallParser, UnknownParserError } from './parser-registry.js';
import type { ReasoningParser, ToolCallParser } from './parser-types.js';
import { toolSpecsFromRequest } from './tool-specs.js';

export const PARSE_FUNCTION_CALL_SCHEMA_ID = 'https://switchyard.dev/schemas/requests/parse-function-call.schema.json';
export const PARSE_REASONING_SCHEMA_ID = 'https://switchyard.dev/schemas/requests/parse-reasoning.schema.json';

/**
 * SMG's `/parse/function_call` and `/parse/reasoning`: model output text in, SMG's answers out.
 * Control plane, as in SMG (they are admin routes there). Bodies arrive validated against their
 * schemas; `isFunctionCall` / `isReasoning` are those schemas' guards, narrowing without a cast.
 */
export function parseRoutes(isFunctionCall: (body: unknown) => body is ParseFunctionCallBody, isReasoning: (body: unknown) => body is ParseReasoningBody): PluginRoute[] {
  return [
    {
      method: 'POST',
      path: '/parse/function_call',
      group: 'control',
      bodySchemaId: PARSE_FUNCTION_CALL_SCHEMA_ID,
      handle(request) {
        if (!isFunctionCall(request.body)) return parseErrorAnswer('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.', 'invalid_body');
        const body = request.body;
        let parser: ToolCallParser;
        try {
          // An empty tools list (the schema's default) keeps every call, as the README says.
          const tools = toolSpecsFromRequest(body.tools);
          parser = createToolCallParser(body.tool_call_parser, tools.length === 0 ? {} : { tools });
        } catch (err) {
          if (err instanceof UnknownParserError) return unknownParser(err);
          throw err;
        }
        const result = parser.parse(body.text);
        return {
          body: {
            remaining_text: result.normalText,
            // Current SMG serialises { function }, older SMG also id and type: this satisfies both.
            tool_calls: result.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
            success: true,
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/parse/reasoning',
      group: 'control',
      bodySchemaId: PARSE_REASONING_SCHEMA_ID,
      handle(request) {
        if (!isReasoning(request.body)) return parseErrorAnswer('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.', 'invalid_body');
        let parser: ReasoningParser;
        try {
          parser = createReasoningParser(request.body.reasoning_parser);
        } catch (err) {
          if (err instanceof UnknownParserError) return unknownParser(err);
          throw err;
        }
        const result = parser.parse(request.body.text);
        return { body: { normal_text: result.normalText, reasoning_text: result.reasoningText, success: true } };
      },
    },
  ];
}

function unknownParser(err: UnknownParserError): ReturnType<typeof parseErrorAnswer> {
  const field = err.kind === 'tool-call' ? 'tool_call_parser' : 'reasoning_parser';
  // SMG's wording first, then how to fix it.
  return parseErrorAnswer('GW_ERR_ADMIN_INVALID_BODY', `${err.message}. Set ${field} to one of the names in plugins/parsers/README.md (for example ${err.kind === 'tool-call' ? 'qwen, llama3, mistral, json' : 'deepseek_r1, qwen3, gpt_oss'}).`, 'unknown_parser');
}
