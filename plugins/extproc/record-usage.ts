import type { Exchange } from '../../core/pipeline/exchange.js';
import type { ResponseTransform } from '../../core/streams/response-transform.js';

/**
 * The `upstream` stage records usage from the worker's answer; in ExtProc mode the answer passes
 * through Envoy, so this observer does it: the stages' end phase (rate-limit tokens, budget) sees
 * the same `x.usage`. No price: pricing is the upstream plugin's, and it is not in the path.
 */
export function recordUsage(x: Exchange): ResponseTransform {
  return {
    observe(part) {
      if (part.kind !== 'usage') return;
      x.usage.push({
        model: x.request.model,
        promptTokens: part.usage.promptTokens,
        completionTokens: part.usage.completionTokens,
        ...(part.usage.cachedTokens === undefined ? {} : { cachedTokens: part.usage.cachedTokens }),
      });
    },
  };
}
