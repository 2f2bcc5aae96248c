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
  const upstream = createUpstreamPlugin({ providers: [createOpenAiProvider(), createAnthropicProvider(), createDemoProvider()], countTokens });
  const limits = createLimitsPlugin({ countTokens });
  return [
    // First: with a shared backend it brings the state directory level with the cluster before any store restores.
    // It reports on the fleet and the rate limits through what those plugins lend it (read once they are set up).
    createHaPlugin({ fleet: upstream.fleetReport, rateLimits: limits.rateLimitControl }),
    upstream,
    createAnthropicPlugin(),
    limits,
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
