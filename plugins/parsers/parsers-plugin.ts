import type { Plugin } from '../../core/plugin-contract.js';
import type { ParseFunctionCallBody } from './parse-function-call-body.generated.js';
import type { ParseReasoningBody } from './parse-reasoning-body.generated.js';
import { parseOutputStage } from './parse-output-stage.js';
import { PARSE_FUNCTION_CALL_SCHEMA_ID, PARSE_REASONING_SCHEMA_ID, parseRoutes } from './parse-routes.js';

/**
 * The `parsers` plugin: SMG's /parse routes over the tool-call and reasoning parser library, and the
 * `parse-output` stage that applies the same parsers to a raw-text worker's answers. Stateless.
 */
export function createParsersPlugin(): Plugin {
  return {
    name: 'parsers',
    setup(context) {
      return {
        stages: [parseOutputStage()],
        routes: parseRoutes(
          context.validators.guard<ParseFunctionCallBody>(PARSE_FUNCTION_CALL_SCHEMA_ID),
          context.validators.guard<ParseReasoningBody>(PARSE_REASONING_SCHEMA_ID),
        ),
      };
    },
  };
}
