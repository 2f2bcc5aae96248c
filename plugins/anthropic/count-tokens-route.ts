import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import { recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';

const SCHEMA_ID = 'https://switchyard.dev/schemas/requests/anthropic-count-tokens.schema.json';
/** Anthropic's framing per message, approximately: role and turn markers. */
const PER_MESSAGE = 3;

type Encode = (text: string) => number[];
let encoder: Promise<Encode> | undefined;

/** o200k_base, bundled with gpt-tokenizer (nothing downloaded), loaded on first use. */
function encode(): Promise<Encode> {
  encoder ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => (text: string) => m.default.encode(text, { disallowedSpecial: new Set() }));
  return encoder;
}

/** The text a block contributes: its text, a tool call's input, a tool result's content, a thinking block. */
function blockText(block: Record<string, unknown>): string {
  switch (block['type']) {
    case 'text':
      return stringOr(block['text']);
    case 'thinking':
      return stringOr(block['thinking']);
    case 'tool_use':
      return `${stringOr(block['name'])} ${JSON.stringify(block['input'] ?? {})}`;
    case 'tool_result': {
      const content = block['content'];
      return typeof content === 'string' ? content : recordsOf(content).map(blockText).join('\n');
    }
    default:
      return ''; // images and documents: not estimated
  }
}

function contentText(content: unknown): string {
  return typeof content === 'string' ? content : recordsOf(content).map(blockText).join('\n');
}

/**
 * Anthropic's `POST /v1/messages/count_tokens` (Claude Code and the SDK's `messages.countTokens`
 * call it before sending): an estimate with the o200k_base encoding over the system prompt, the
 * messages and the tool definitions. The worker's own tokenizer may count a little differently;
 * images and documents are not counted.
 */
export const anthropicCountTokensRoute: PluginRoute = {
  method: 'POST',
  path: '/v1/messages/count_tokens',
  group: 'protected',
  acceptsXApiKey: true,
  bodySchemaId: SCHEMA_ID,
  async handle(request) {
    const body = recordOf(request.body);
    if (!Array.isArray(body['messages'])) throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', 'messages must be an array.', { param: 'messages' });
    const count = await encode();
    const parts = [contentText(body['system']), ...recordsOf(body['messages']).map((m) => contentText(m['content']))];
    const tools = body['tools'] === undefined ? 0 : count(JSON.stringify(body['tools'])).length;
    const text = parts.reduce((sum, part) => sum + (part === '' ? 0 : count(part).length), 0);
    return { body: { input_tokens: text + tools + PER_MESSAGE * recordsOf(body['messages']).length } };
  },
};
