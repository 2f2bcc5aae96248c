/**
 * SMG router flags beyond the core launch line (`--worker-urls`, `--policy`, `--host`, `--port` …,
 * which parse-launch-flags.ts declares itself). Each is either mapped onto a config setting, so an
 * SMG launch line keeps working, or refused with the reason and what to use instead — never
 * silently ignored: a flag that does nothing would be worse than an error.
 */

/** How a flag's value becomes the config's: as given, seconds turned into milliseconds, or a list of strings. */
export type SmgValueKind = 'int' | 'number' | 'seconds-to-ms' | 'switch' | 'list';

export interface MappedSmgFlag {
  readonly flag: string;
  /** Where the value lands in the config (object keys from the root). */
  readonly path: readonly string[];
  readonly kind: SmgValueKind;
  /** For `switch` flags: the value they set. */
  readonly switchValue?: number;
  readonly help: string;
}

export const MAPPED_SMG_FLAGS: readonly MappedSmgFlag[] = [
  { flag: '--cache-threshold', path: ['routing', 'cache_aware', 'cache_threshold'], kind: 'number', help: 'cache_aware: least share of the prompt a worker must already hold (0..1)' },
  { flag: '--balance-abs-threshold', path: ['routing', 'cache_aware', 'balance_abs_threshold'], kind: 'int', help: 'cache_aware: load is unbalanced past this max - min in flight' },
  { flag: '--balance-rel-threshold', path: ['routing', 'cache_aware', 'balance_rel_threshold'], kind: 'number', help: 'cache_aware: … and past max > min times this' },
  { flag: '--request-timeout-secs', path: ['stages', 'upstream', 'total_timeout_ms'], kind: 'seconds-to-ms', help: 'whole request to the workers, retries and stream included' },
  { flag: '--max-concurrent-requests', path: ['server', 'max_in_flight'], kind: 'int', help: 'requests in flight before new ones get 503' },
  { flag: '--queue-size', path: ['resilience', 'queue', 'max_waiting'], kind: 'int', help: 'requests waiting for a busy model\'s free worker' },
  { flag: '--queue-timeout-secs', path: ['resilience', 'queue', 'timeout_ms'], kind: 'seconds-to-ms', help: 'how long a request may wait in that queue' },
  { flag: '--retry-max-retries', path: ['resilience', 'retries', 'max_attempts'], kind: 'int', help: 'attempts in all, the first included (1..10)' },
  { flag: '--retry-initial-backoff-ms', path: ['resilience', 'retries', 'initial_backoff_ms'], kind: 'int', help: 'first retry backoff' },
  { flag: '--retry-max-backoff-ms', path: ['resilience', 'retries', 'max_backoff_ms'], kind: 'int', help: 'largest retry backoff' },
  { flag: '--disable-retries', path: ['resilience', 'retries', 'max_attempts'], kind: 'switch', switchValue: 1, help: 'one attempt per request' },
  { flag: '--cb-failure-threshold', path: ['resilience', 'circuit_breaker', 'failure_threshold'], kind: 'int', help: 'consecutive failures that open a worker\'s breaker' },
  { flag: '--cb-success-threshold', path: ['resilience', 'circuit_breaker', 'success_threshold'], kind: 'int', help: 'good probes that close it again' },
  { flag: '--cors-allowed-origins', path: ['cors', 'allowed_origins'], kind: 'list', help: 'origins browser apps may call /v1/... from (CORS is off without)' },
  { flag: '--cb-timeout-duration-secs', path: ['resilience', 'circuit_breaker', 'cooldown_ms'], kind: 'seconds-to-ms', help: 'how long a breaker stays open before a probe' },
];

/** SMG flags with no equivalent here: the refusal says why and what to do instead. */
export const UNSUPPORTED_SMG_FLAGS: Readonly<Record<string, string>> = {
  '--prometheus-port': '/metrics is served on the gateway\'s own --host and --port',
  '--prometheus-host': '/metrics is served on the gateway\'s own --host and --port',
  '--log-dir': 'logs are JSON lines on stdout; redirect them or let your process manager keep them',
  '--log-json': 'logs are always JSON lines on stdout',
  '--request-id-headers': 'the request id is read from x-request-id only',
  '--rate-limit-tokens-per-second': 'give keys limits instead (auth.api_keys[].limits, the rate-limit stage)',
  '--max-tree-size': 'set routing.cache_aware.max_tree_chars in a config file (counted in characters, not nodes)',
  '--eviction-interval-secs': 'the cache-aware tree evicts as it grows (routing.cache_aware.max_tree_chars)',
  '--retry-backoff-multiplier': 'backoff doubles each attempt, with jitter',
  '--retry-jitter-factor': 'backoff doubles each attempt, with jitter',
  '--cb-window-duration-secs': 'breakers count consecutive failures, not failures in a window',
  '--disable-circuit-breaker': 'set resilience.circuit_breaker.failure_threshold high in a config file',
  '--health-failure-threshold': 'set each worker\'s health section in a config file (workers[].health)',
  '--health-success-threshold': 'set each worker\'s health section in a config file (workers[].health)',
  '--health-check-timeout-secs': 'set each worker\'s health section in a config file (workers[].health)',
  '--health-check-interval-secs': 'set each worker\'s health section in a config file (workers[].health)',
  '--health-check-endpoint': 'set each worker\'s health section in a config file (workers[].health)',
  '--worker-startup-timeout-secs': 'workers are probed at registration and retried in the background',
  '--worker-startup-check-interval': 'workers are probed at registration and retried in the background',
  '--pd-disaggregation': 'declare prefill and decode workers in a config file (workers[].worker_type)',
  '--prefill': 'declare prefill workers in a config file (workers[].worker_type: prefill)',
  '--decode': 'declare decode workers in a config file (workers[].worker_type: decode)',
  '--prefill-policy': 'routing policies are per model (models.<id>.policy)',
  '--decode-policy': 'routing policies are per model (models.<id>.policy)',
  '--service-discovery': 'register workers with POST /workers or list them in a config file',
  '--selector': 'register workers with POST /workers or list them in a config file',
  '--service-discovery-port': 'register workers with POST /workers or list them in a config file',
  '--service-discovery-namespace': 'register workers with POST /workers or list them in a config file',
  '--dp-aware': 'data-parallel ranks are not addressed separately; register each rank as a worker',
  '--enable-igw': 'there is one mode: every worker is routed by model',
  '--model-path': 'the gateway relays to workers and loads no model or tokenizer of its own',
  '--tokenizer-path': 'the gateway relays to workers and loads no model or tokenizer of its own',
  '--chat-template': 'the gateway relays to workers and loads no model or tokenizer of its own',
  '--reasoning-parser': 'the gateway relays to workers and parses no model output',
  '--tool-call-parser': 'the gateway relays to workers and parses no model output',
  '--backend': 'workers are named by URL (http, https, grpc); there is no backend switch',
  '--history-backend': 'the gateway keeps no conversation history',
};

/** The message for an SMG flag Switchyard does not take. */
export function unsupportedSmgFlagMessage(flag: string): string | undefined {
  const reason = Object.hasOwn(UNSUPPORTED_SMG_FLAGS, flag) ? UNSUPPORTED_SMG_FLAGS[flag] : undefined;
  return reason === undefined ? undefined : `${flag} is an SMG flag Switchyard does not support: ${reason}`;
}
