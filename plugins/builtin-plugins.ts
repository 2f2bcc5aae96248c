import type { Plugin } from '../core/plugin-contract.js';
import { createA2aPlugin } from './a2a/index.js';
import { createChatStreamPlugin } from './chat-stream/index.js';
import { createAnthropicPlugin, createAnthropicProvider } from './anthropic/index.js';
import { createClassifyPlugin } from './classify/index.js';
import { createDashboardPlugin } from './dashboard/index.js';
import { createExtProcPlugin } from './extproc/index.js';
import { createHaPlugin } from './ha/index.js';
import { createLimitsPlugin } from './limits/index.js';
import { createPiiRedactionPlugin } from './pii-redaction/pii-redaction-plugin.js';
import { createParsersPlugin } from './parsers/parsers-plugin.js';
import { createTokenizersPlugin } from './tokenizers/tokenizers-plugin.js';
import { createToolLoopPlugin } from './tool-loop/index.js';
import { createProfilingPlugin } from './profiling/index.js';
import { createTracingPlugin } from './tracing/index.js';
import { createDemoProvider } from './upstream/providers/demo/index.js';
import { createOpenAiProvider } from './upstream/providers/openai/index.js';
import { createUpstreamPlugin } from './upstream/index.js';
import { createWasmPoliciesPlugin } from './wasm-policies/index.js';

/** The plugins that ship with Switchyard, in the order they are set up. Each call makes fresh ones. */
export function builtinPlugins(): Plugin[] {
  const tokenizers = createTokenizersPlugin();
  const countTokens = (model: string, text: string) => tokenizers.tokenCounter.count(model, text);
  return [
    // First: with a shared backend it brings the state directory level with the cluster before any store restores.
    createHaPlugin(),
    createUpstreamPlugin({ providers: [createOpenAiProvider(), createAnthropicProvider(), createDemoProvider()], countTokens }),
    createAnthropicPlugin(),
    createLimitsPlugin({ countTokens }),
    createWasmPoliciesPlugin(),
    createPiiRedactionPlugin(),
    tokenizers,
    createParsersPlugin(),
    createClassifyPlugin(),
    createDashboardPlugin(),
    createToolLoopPlugin(),
    createA2aPlugin(),
    createChatStreamPlugin(),
    createExtProcPlugin(),
    createTracingPlugin(),
    createProfilingPlugin(),
  ];
}
