import type { UpstreamOperation } from '../../../core/pipeline/exchange.js';

const PATHS: Readonly<Record<UpstreamOperation, string>> = {
  'chat.completions': '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
};

/**
 * Workers are registered by origin (`http://host:8000`, as SMG does); a base that already ends in
 * `/v1` (how OpenAI SDK users write it) is accepted too.
 */
export function urlFor(workerUrl: string, path: string): string {
  return workerUrl.endsWith('/v1') ? `${workerUrl}${path.slice(3)}` : `${workerUrl}${path}`;
}

export function pathFor(operation: UpstreamOperation): string {
  return PATHS[operation];
}
