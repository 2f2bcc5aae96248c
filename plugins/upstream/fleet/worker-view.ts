import type { Worker } from './worker.js';

/** What the API shows of a worker: never its API key. */
export function viewOfWorker(worker: Worker): Record<string, unknown> {
  // Rest siblings drop the key and the configured models (the live set is shown instead).
  const { api_key: apiKey, models: _models, ...spec } = worker.spec;
  return {
    id: worker.id,
    ...spec,
    models: [...worker.models].map((id) => ({ id })),
    ...(apiKey === undefined ? {} : { api_key: '<redacted>' }),
    source: worker.source,
    status: {
      healthy: worker.healthy,
      circuit: worker.circuit,
      circuits: Object.fromEntries(worker.breakerStates()),
      in_flight: worker.inFlight,
      max_in_flight: worker.maxInFlight,
      draining: worker.draining,
    },
  };
}
