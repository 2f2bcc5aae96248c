import type { GatewayPlugins } from '../core/app.js';
import { createAnthropicProvider } from './providers/anthropic/anthropic-provider.js';
import { createDemoProvider } from './providers/demo/index.js';
import { createOpenAiProvider } from './providers/openai/index.js';
import { budgetStage } from './budget/index.js';
import { anthropicMessagesRoute } from './dialects/anthropic/index.js';
import { rateLimitStage } from './rate-limit/index.js';
import { upstreamStage } from './upstream/index.js';

/** The stages and provider adapters that ship with Switchyard. Each call makes fresh adapters. */
export function builtinPlugins(): GatewayPlugins {
  return {
    stages: [rateLimitStage, budgetStage, upstreamStage],
    providers: [createOpenAiProvider(), createAnthropicProvider(), createDemoProvider()],
    routes: [anthropicMessagesRoute],
  };
}
