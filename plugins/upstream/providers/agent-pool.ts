import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { Worker } from '../fleet/worker.js';
import { createPreciseConnector } from './precise-connector.js';

export interface AgentPool {
  /** The keep-alive Agent for this worker's connect timeout and DNS lookup (SSRF-checked or not). */
  agentFor(worker: Worker, connectMs: number): Dispatcher;
  close(): Promise<void>;
}

/**
 * Keep-alive undici Agents shared by a provider adapter's workers: one per (connect timeout, DNS
 * lookup, connection limit), so workers registered through the admin API connect only to addresses the SSRF
 * policy allows, and every connect honours its timeout on a native timer.
 */
export function createAgentPool(): AgentPool {
  const agents = new Map<string, Dispatcher>();
  const lookupIds = new WeakMap<object, number>();
  let nextLookupId = 1;
  const lookupIdOf = (lookup: object): number => {
    let id = lookupIds.get(lookup);
    if (id === undefined) {
      id = nextLookupId++;
      lookupIds.set(lookup, id);
    }
    return id;
  };
  return {
    agentFor(worker, connectMs) {
      const lookup = worker.connectLookup;
      const key = `${connectMs}|${lookup === undefined ? 0 : lookupIdOf(lookup)}|${worker.maxInFlight}`;
      let agent = agents.get(key);
      if (agent === undefined) {
        // As many connections as the worker may have requests at once: undici never queues one
        // (a queued request's wait would count against the worker's headers timeout).
        const options = { keepAliveTimeout: 30_000, connections: worker.maxInFlight, pipelining: 1, connect: createPreciseConnector(connectMs, lookup) };
        // The operator's own workers and providers (config, --worker-urls) go through HTTPS_PROXY /
        // HTTP_PROXY unless NO_PROXY names them, as corporate networks need. Workers registered
        // through the API always connect directly: the SSRF policy must see the address it connects to.
        agent = lookup === undefined && proxyConfigured() ? new EnvHttpProxyAgent(options) : new Agent(options);
        agents.set(key, agent);
      }
      return agent;
    },
    async close() {
      await Promise.allSettled([...agents.values()].map((a) => a.close()));
    },
  };
}

/** Any of the variables EnvHttpProxyAgent reads (both spellings, as curl and undici accept). */
function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => (env[name] ?? '') !== '');
}
