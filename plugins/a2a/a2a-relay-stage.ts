import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { GatewayError } from '../../core/errors/gateway-error.js';
import type { Exchange, JsonObject } from '../../core/pipeline/exchange.js';
import { defineStage, type AnyStageDefinition } from '../../core/pipeline/stage-contract.js';
import { BodyTooLargeError, readBoundedBody } from '../../core/streams/read-bounded-body.js';
import { recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { SsrfError, type SsrfPolicy } from '../upstream/ssrf/ssrf-policy.js';
import type { SsrfFetch } from '../tool-loop/mcp/ssrf-fetch.js';
import type { A2aAgentRegistry, RegisteredAgent } from './a2a-agent-registry.js';
import type { AgentRelayConfig } from './a2a-relay-config.generated.js';

export const A2A_RELAY_SCHEMA = 'https://switchyard.dev/schemas/stages/a2a-relay.schema.json';
export const A2A_RELAY_STAGE = 'a2a-relay';

interface AgentInterface {
  readonly url: string;
  /** The tenant the agent itself expects in `params.tenant` (v1.0 multi-tenant agents), if any. */
  readonly tenant: string;
}

/** The agent's JSON-RPC endpoint: its card's JSONRPC interface, else the registered URL. */
function interfaceOf(agent: RegisteredAgent): AgentInterface {
  const card = recordOf(agent.card);
  const jsonRpc = recordsOf(card['supportedInterfaces']).find((i) => stringOr(i['protocolBinding']).toUpperCase() === 'JSONRPC');
  // v0.3 cards name the preferred endpoint `url` with `preferredTransport`.
  return { url: stringOr(jsonRpc?.['url'], stringOr(card['url'], agent.registration.url)), tenant: stringOr(jsonRpc?.['tenant']) };
}

/**
 * Which agent a `POST /v1/a2a` request is for, when the path does not say: A2A v1.0's own
 * `params.tenant` (what the A2A SDK's client sends when the gateway's card names the agent as the
 * interface's tenant), else `params.metadata.agent_id` (v0.3 clients, which have no tenant).
 */
function agentIdInBody(body: JsonObject): { id: string; viaTenant: boolean } {
  const params = recordOf(body['params']);
  const tenant = stringOr(params['tenant']);
  if (tenant !== '') return { id: tenant, viaTenant: true };
  return { id: stringOr(recordOf(params['metadata'])['agent_id']), viaTenant: false };
}

/**
 * The bytes sent to the agent. Routed by path: as the client sent them (or as an earlier stage
 * rewrote them). Routed by tenant: that tenant named the gateway's agent, not one of the agent's
 * own tenants, so it is replaced by the agent's (or dropped).
 */
function outgoingBody(x: Exchange, viaTenant: boolean, agentTenant: string): string {
  if (!viaTenant && x.request.raw?.body !== undefined) return x.request.raw.body.toString('utf8');
  if (!viaTenant) return JSON.stringify(x.request.body);
  const params: Record<string, unknown> = { ...recordOf(x.request.body['params']) };
  if (agentTenant === '') delete params['tenant'];
  else params['tenant'] = agentTenant;
  return JSON.stringify({ ...x.request.body, params });
}

/**
 * Seed 002's A2A data plane as a terminal stage: `/v1/a2a/{agent_id}` and `/v1/a2a` (agent named
 * in the request) run the route pipeline like any data-plane route — limits, budgets, policies,
 * request metrics — and this stage relays the one JSON-RPC request (`message/send`,
 * `message/stream`, `tasks/get`, `tasks/cancel`, or their v1.0 names) to the registered agent: JSON
 * answers as they are, SSE event by event as it comes. Method names are not interpreted. The
 * endpoint taken from the agent's card passes the SSRF policy like the registered URL did (a card
 * is the agent's word, not the admin's).
 */
export function a2aRelayStage(registry: A2aAgentRegistry, ssrf: SsrfPolicy, http: SsrfFetch): AnyStageDefinition {
  return defineStage<AgentRelayConfig>({
    name: A2A_RELAY_STAGE,
    configSchemaId: A2A_RELAY_SCHEMA,
    terminal: true,
    create: (config) => ({
      handle: (x) => relay(x, config, registry, ssrf, http),
    }),
  });
}

async function relay(x: Exchange, config: AgentRelayConfig, registry: A2aAgentRegistry, ssrf: SsrfPolicy, http: SsrfFetch): Promise<void> {
  const fromPath = x.request.raw?.params['agent_id'];
  const { id: agentId, viaTenant } = fromPath === undefined ? agentIdInBody(x.request.body) : { id: fromPath, viaTenant: false };
  if (agentId === '') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', 'Name the A2A agent: POST /v1/a2a/{agent_id}, or `params.tenant` (A2A v1.0) or `params.metadata.agent_id` in the request (GET /.well-known/agent-card.json lists them).', { param: 'params.tenant' });
  }
  const agent = registry.get(agentId);
  if (agent === undefined) throw new GatewayError('GW_ERR_ROUTING_MODEL_NOT_FOUND', `No A2A agent "${agentId.slice(0, 64)}" is registered (GET /.well-known/agent-card.json lists them).`);
  if (agent.card === undefined) await registry.refreshCard(agent);
  const target = interfaceOf(agent);
  try {
    await ssrf.checkUrl(target.url);
  } catch (err) {
    if (err instanceof SsrfError) throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The agent's card names an endpoint the SSRF policy refuses (${err.message}).`);
    throw err;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const version = x.request.headers['a2a-version'];
  if (version !== undefined) headers['a2a-version'] = version;

  // Aborted when the client leaves, or when the answer is late (cleared once a stream has begun).
  const abort = new AbortController();
  const onClientGone = (): void => abort.abort(x.signal.reason);
  x.signal.addEventListener('abort', onClientGone, { once: true });
  const late = setTimeout(() => abort.abort(new Error('timeout')), config.timeout_ms);
  let answer: Response;
  try {
    answer = await http.fetch(target.url, { method: 'POST', headers, body: outgoingBody(x, viaTenant, target.tenant), signal: abort.signal });
  } catch (err) {
    clearTimeout(late);
    const why = abort.signal.aborted && !x.signal.aborted ? ` within ${config.timeout_ms} ms` : '';
    throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The A2A agent "${agentId}" could not be reached${why}.`, { cause: err });
  }
  x.servedWorker = `a2a:${agentId}`;
  const type = answer.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream') && answer.body !== null) {
    clearTimeout(late);
    x.markFirstByte(performance.now());
    // Relayed as it comes; the kernel closes it if the client leaves (which aborts the fetch).
    x.response = { kind: 'stream', status: answer.status, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }, body: Readable.fromWeb(answer.body) };
    return;
  }
  let text: string;
  try {
    text = answer.body === null ? '' : (await readBoundedBody(Readable.fromWeb(answer.body), config.max_response_bytes)).toString('utf8');
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The A2A agent "${agentId}" answered more than ${config.max_response_bytes} bytes (stages.a2a-relay.max_response_bytes).`);
    throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The A2A agent "${agentId}" stopped answering.`, { cause: err });
  } finally {
    clearTimeout(late);
    x.signal.removeEventListener('abort', onClientGone);
  }
  if (!type.startsWith('application/json')) throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The A2A agent "${agentId}" answered ${answer.status} with ${type || 'no content type'}, not JSON-RPC.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The A2A agent "${agentId}" answered JSON that does not parse.`);
  }
  x.response = { kind: 'json', status: answer.status, headers: {}, body: parsed };
}
