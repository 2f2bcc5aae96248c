import type { Plugin } from '../core/plugin-contract.js';
import { createChatStreamPlugin } from './chat-stream/index.js';
import { createAnthropicPlugin, createAnthropicProvider } from './anthropic/index.js';
import { createLimitsPlugin } from './limits/index.js';
import { createDemoProvider } from './upstream/providers/demo/index.js';
import { createOpenAiProvider } from './upstream/providers/openai/index.js';
import { createUpstreamPlugin } from './upstream/index.js';
import { createWasmPoliciesPlugin } from './wasm-policies/index.js';

/** The plugins that ship with Switchyard, in the order they are set up. Each call makes fresh ones. */
export function builtinPlugins(): Plugin[] {
  return [
    createUpstreamPlugin({ providers: [createOpenAiProvider(), createAnthropicProvider(), createDemoProvider()] }),
    createAnthropicPlugin(),
    createLimitsPlugin(),
    createWasmPoliciesPlugin(),
    createChatStreamPlugin(),
  ];
}
