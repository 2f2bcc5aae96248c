import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { readConfigFile } from '../core/config/load-config.js';
import { UsageError, type LaunchFlags } from './parse-launch-flags.js';

/** The config `npm start` and a bare `switchyard launch` run: one in-process demo worker. */
export const EMBEDDED_DEFAULT_CONFIG = join(PACKAGE_ROOT, 'examples', 'default.yaml');

export interface LaunchConfig {
  raw: Record<string, unknown>;
  /** The file the config came from, the embedded default's path, or "command line". */
  source: string;
  /** Which flag set which config path (a JSON pointer), so a schema error there names the flag. */
  flagPaths: readonly FlagPath[];
}

export interface FlagPath {
  readonly pointer: string;
  readonly flag: string;
}

/**
 * The raw (unvalidated) config a launch line describes: the file, or the embedded default when
 * neither a file nor workers were given, with flags laid over it. `--worker-urls` replaces the
 * file's workers; their models are discovered from each worker's /v1/models.
 */
export function composeLaunchConfig(flags: LaunchFlags): LaunchConfig {
  const source = flags.config ?? (flags.workerUrls ? 'command line' : EMBEDDED_DEFAULT_CONFIG);
  const loaded = flags.config ? readConfigFile(flags.config) : flags.workerUrls ? {} : readConfigFile(EMBEDDED_DEFAULT_CONFIG);
  const raw: Record<string, unknown> = isRecord(loaded) ? { ...loaded } : { '': loaded };
  const section = (name: string): Record<string, unknown> => {
    const current = raw[name];
    const copy = isRecord(current) ? { ...current } : {};
    raw[name] = copy;
    return copy;
  };
  const flagPaths: FlagPath[] = [];
  const set = (path: readonly string[], value: unknown, flag: string): void => {
    let node = raw;
    for (const key of path.slice(0, -1)) {
      const current = node[key];
      const copy = isRecord(current) ? { ...current } : {};
      node[key] = copy;
      node = copy;
    }
    node[path[path.length - 1]!] = value;
    flagPaths.push({ pointer: `/${path.join('/')}`, flag });
  };
  if (flags.host !== undefined) set(['server', 'host'], flags.host, '--host');
  if (flags.port !== undefined) set(['server', 'port'], flags.port, '--port');
  if (flags.stateDir !== undefined) set(['server', 'state_dir'], flags.stateDir, '--state-dir');
  if (flags.haRedisUrl !== undefined) {
    set(['ha', 'backend'], 'redis', '--ha-redis-url');
    set(['ha', 'redis', 'url'], flags.haRedisUrl, '--ha-redis-url');
  }
  if (flags.maxPayloadSize !== undefined) set(['server', 'body_limit_bytes'], flags.maxPayloadSize, '--max-payload-size');
  if (flags.logLevel !== undefined) set(['log', 'level'], flags.logLevel, '--log-level');
  if (flags.policy !== undefined) set(['routing', 'policy'], flags.policy, '--policy');
  if (flags.workerUrls !== undefined) set(['workers'], flags.workerUrls.map((url) => ({ url })), '--worker-urls');
  for (const setting of flags.settings ?? []) set(setting.path, setting.value, setting.flag);
  applyAuthFlags(flags, section);
  if (flags.apiKeys !== undefined) flagPaths.push({ pointer: '/auth/api_keys', flag: '--api-key' });
  if (flags.controlPlaneApiKeys !== undefined) flagPaths.push({ pointer: '/auth/control_plane_api_keys', flag: '--control-plane-api-keys' });
  if (flags.jwtIssuer !== undefined || flags.jwtAudience !== undefined || flags.jwtJwksUri !== undefined) flagPaths.push({ pointer: '/auth/jwt', flag: '--jwt-issuer, --jwt-audience and --jwt-jwks-uri' });
  if (flags.enableWasm === true) set(['wasm', 'enabled'], true, '--enable-wasm');
  if (flags.wasmModuleRoots !== undefined) set(['wasm', 'module_roots'], flags.wasmModuleRoots, '--wasm-module-root');
  if (flags.extprocPort !== undefined) set(['extproc', 'port'], flags.extprocPort, '--extproc-port');
  const wasm = raw['wasm'];
  if (flags.enableWasm === true && !(isRecord(wasm) && Array.isArray(wasm['module_roots']))) {
    throw new UsageError('--enable-wasm needs --wasm-module-root DIR: the directory (or directories) policies may be loaded from, e.g. --enable-wasm --wasm-module-root ./policies', 'switchyard launch --help');
  }
  return { raw, source, flagPaths };
}

/** SMG's auth flags, added to whatever the file's `auth:` section holds. */
function applyAuthFlags(flags: LaunchFlags, section: (name: string) => Record<string, unknown>): void {
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? [...(value as unknown[])] : []);
  if (flags.apiKeys !== undefined) {
    const auth = section('auth');
    auth['api_keys'] = [...listOf(auth['api_keys']), ...flags.apiKeys.map((key, i) => ({ id: `cli-key-${i + 1}`, key }))];
  }
  if (flags.controlPlaneApiKeys !== undefined) {
    const auth = section('auth');
    auth['control_plane_api_keys'] = [...listOf(auth['control_plane_api_keys']), ...flags.controlPlaneApiKeys.map(parseControlPlaneKey)];
  }
  const jwtFlags = {
    issuer: flags.jwtIssuer,
    audience: flags.jwtAudience,
    jwks_uri: flags.jwtJwksUri,
    role_claim: flags.jwtRoleClaim,
    role_mapping: flags.jwtRoleMapping === undefined ? undefined : Object.fromEntries(flags.jwtRoleMapping.map(parseRoleMapping)),
  };
  const given = Object.entries(jwtFlags).filter(([, v]) => v !== undefined);
  if (given.length > 0) {
    const auth = section('auth');
    const current = auth['jwt'];
    auth['jwt'] = { ...(isRecord(current) ? current : {}), ...Object.fromEntries(given) };
  }
}

/** `id:name:role:key`; the key is everything after the third colon (keys may contain colons). */
function parseControlPlaneKey(spec: string): Record<string, string> {
  const parts = spec.split(':');
  if (parts.length < 4 || parts.slice(0, 3).some((p) => p === '')) {
    throw new UsageError('--control-plane-api-keys takes id:name:role:key');
  }
  const [id, name, role] = parts as [string, string, string];
  return { id, name, role, key: parts.slice(3).join(':') };
}

function parseRoleMapping(spec: string): [string, string] {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError('--jwt-role-mapping takes idp_role=gateway_role');
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
