import type { Plugin } from '../../core/plugin-contract.js';
import type { ParseFunctionCallBody } from './parse-function-call-body.generated.js';
import type { ParseReasoningBody } from './parse-reasoning-body.generated.js';
import { PARSE_FUNCTION_CALL_SCHEMA_ID, PARSE_REASONING_SCHEMA_ID, parseRoutes } from './parse-routes.js';

/** The `parsers` plugin: SMG's /parse routes over the tool-call and reasoning parser library. Stateless. */
export function createParsersPlugin(): Plugin {
  return {
    name: 'parsers',
    setup(context) {
      return {
        routes: parseRoutes(
          context.validators.guard<ParseFunctionCallBody>(PARSE_FUNCTION_CALL_SCHEMA_ID),
          context.validators.guard<ParseReasoningBody>(PARSE_REASONING_SCHEMA_ID),
        ),
      };
    },
  };
}
