import type { DataPlaneRoute } from '../../core/http/data-plane-routes.js';
import { toAnthropicError, toAnthropicStreamError } from './anthropic-error.js';
import { chatStreamToMessagesStream } from './chat-stream-to-messages-stream.js';
import { chatToMessage } from './chat-to-messages.js';
import { messagesToChat } from './messages-to-chat.js';

/** Anthropic's POST /v1/messages, served by whatever serves the model (OpenAI-compatible workers included). */
export const anthropicMessagesRoute: DataPlaneRoute = {
  path: '/v1/messages',
  methods: ['POST'],
  operation: 'chat.completions',
  streamable: true,
  requestSchemaId: 'https://switchyard.dev/schemas/requests/anthropic-messages.schema.json',
  acceptsXApiKey: true,
  dialect: {
    toOpenAi: messagesToChat,
    fromOpenAiJson: chatToMessage,
    fromOpenAiStream: chatStreamToMessagesStream,
    formatError: toAnthropicError,
    formatStreamError: toAnthropicStreamError,
  },
};
