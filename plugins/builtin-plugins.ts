import type { Plugin } from '../core/plugin-contract.js';
import { createA2aPlugin } from './a2a/index.js';
import { createAnthropicPlugin, createAnthropicProvider } from './anthropic/index.js';
import { createLimitsPlugin } from './limits/index.js';
import { createToolLoopPlugin } from './tool-loop/index.js';
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
    createToolLoopPlugin(),
    createA2aPlugin(),
  ];
}
