/**
 * vLLM Semantic Router's `x-semantic-destination-endpoint`: which worker a routed request went to.
 * Only the upstream stage knows (it picks the worker, and a retry may pick another), so a stage that
 * wants it sent (semantic-route) asks by setting the header in `x.upstreamHeaders` to any value, and
 * each attempt fills in its own worker. Routes that do not ask send nothing new.
 */
export const DESTINATION_ENDPOINT_HEADER = 'x-semantic-destination-endpoint';

/** The headers stages asked for, with the destination filled in for this worker when asked. */
export function headersForWorker(requested: Readonly<Record<string, string>>, workerUrl: string): Readonly<Record<string, string>> {
  if (requested[DESTINATION_ENDPOINT_HEADER] === undefined) return requested;
  return { ...requested, [DESTINATION_ENDPOINT_HEADER]: endpointOf(workerUrl) };
}

/** host:port of the worker's URL — never its credentials, path or query; the scheme's port when none is written. */
export function endpointOf(workerUrl: string): string {
  const url = new URL(workerUrl);
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
}
