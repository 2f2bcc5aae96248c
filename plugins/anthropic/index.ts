import type { Plugin } from '../../core/plugin-contract.js';
import { anthropicCountTokensRoute } from './count-tokens-route.js';
import { anthropicMessagesRoute } from './messages-route.js';

export { createAnthropicProvider } from './anthropic-provider.js';

/**
 * Anthropic, both directions: clients speaking the Messages API (`POST /v1/messages`, translated
 * to an OpenAI chat request at the edge and back), and — through `createAnthropicProvider`, given
 * to the upstream plugin — workers with `runtime: anthropic` behind OpenAI-format chat.
 */
export function createAnthropicPlugin(): Plugin {
  return {
    name: 'anthropic',
    setup: () => ({ dataPlaneRoutes: [anthropicMessagesRoute], routes: [anthropicCountTokensRoute] }),
  };
}
