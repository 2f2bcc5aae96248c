import type { JsonObject } from '../../core/pipeline/exchange.js';
import { defineStage, type AnyStageDefinition } from '../../core/pipeline/stage-contract.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { ChoiceOutputParser } from './choice-output-parser.js';
import type { ParseOutputConfig } from './parse-output-config.generated.js';
import { parseChatCompletion } from './parse-output-json.js';
import { parseChatStream } from './parse-output-stream.js';
import { createReasoningParser, createToolCallParser } from './parser-registry.js';
import { toolSpecsFromRequest } from './tool-specs.js';

export const PARSE_OUTPUT_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/parse-output.schema.json';

interface ParserNames {
  readonly tool_call_parser?: string | undefined;
  readonly reasoning_parser?: string | undefined;
}

/**
 * `parse-output`: for workers that answer raw text (a model served without its own tool-call or
 * reasoning parsing), turns each chat answer into OpenAI `tool_calls` and `reasoning_content`,
 * streams included, so an unmodified OpenAI client sees structured calls. Place it before
 * `upstream`: `pipeline: [parse-output, upstream]`. Unknown parser names fail the config (at build,
 * not per request).
 */
export function parseOutputStage(): AnyStageDefinition {
  return defineStage<ParseOutputConfig>({
    name: 'parse-output',
    configSchemaId: PARSE_OUTPUT_SCHEMA_ID,
    create(config) {
      for (const names of [config, ...Object.values(config.models)]) checkNames(names);
      const prefixes = Object.keys(config.models)
        .filter((key) => key.endsWith('*'))
        .sort((a, b) => b.length - a.length);
      const namesFor = (model: string): ParserNames =>
        config.models[model] ?? config.models[prefixes.find((key) => model.startsWith(key.slice(0, -1))) ?? ''] ?? config;
      return {
        async handle(x, next) {
          await next();
          const response = x.response;
          if (response === undefined || response.status !== 200 || x.route.operation !== 'chat.completions') return;
          const createParser = parserFactory(namesFor(x.request.model), x.request.body);
          if (createParser === undefined) return;
          if (response.kind === 'json') response.body = parseChatCompletion(response.body, createParser);
          else if ((response.headers['content-type'] ?? '').startsWith('text/event-stream')) response.body = parseChatStream(response.body, createParser);
        },
      };
    },
  });
}

/**
 * Parsers for one request, or none. Tool calls are parsed only when the request offers tools (and
 * did not say `tool_choice: "none"`), as SGLang does; the parser keeps only calls to those tools.
 * `chat_template_kwargs.enable_thinking: false` tells the reasoning parser no block is coming.
 */
function parserFactory(names: ParserNames, body: JsonObject): (() => ChoiceOutputParser) | undefined {
  const tools = toolSpecsFromRequest(body['tools']);
  const toolParser = names.tool_call_parser !== undefined && tools.length > 0 && body['tool_choice'] !== 'none' ? createToolCallParser(names.tool_call_parser, { tools }) : undefined;
  const kwargs = body['chat_template_kwargs'];
  const thinkingOff = isJsonObject(kwargs) && kwargs['enable_thinking'] === false;
  const reasoningParser = names.reasoning_parser === undefined ? undefined : createReasoningParser(names.reasoning_parser, thinkingOff ? { enableThinking: false } : {});
  if (toolParser === undefined && reasoningParser === undefined) return undefined;
  return () => new ChoiceOutputParser(reasoningParser?.createStream(), toolParser?.createStream());
}

function checkNames(names: ParserNames | undefined): void {
  // Each factory throws UnknownParserError ("Unknown tool parser: x") for a name it does not know.
  if (names?.tool_call_parser !== undefined) createToolCallParser(names.tool_call_parser);
  if (names?.reasoning_parser !== undefined) createReasoningParser(names.reasoning_parser);
}
