import type { UpstreamOperation } from '../../../../core/pipeline/exchange.js';

const PATHS: Readonly<Record<Exclude<UpstreamOperation, 'passthrough'>, string>> = {
  'chat.completions': '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
};

/**
 * Workers are registered by origin (`http://host:8000`, as SMG does); a base that already ends in
 * `/v1` (how OpenAI SDK users write it) is accepted too.
 */
export function urlFor(workerUrl: string, path: string): string {
  return workerUrl.endsWith('/v1') && path.startsWith('/v1') ? `${workerUrl}${path.slice(3)}` : `${workerUrl}${path}`;
}

export function pathFor(operation: Exclude<UpstreamOperation, 'passthrough'>): string {
  return PATHS[operation];
}
