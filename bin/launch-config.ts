import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { readConfigFile } from '../core/config/load-config.js';
import { UsageError, type LaunchFlags } from './parse-launch-flags.js';

/** The config `npm start` and a bare `switchyard launch` run: one in-process demo worker. */
export const EMBEDDED_DEFAULT_CONFIG = join(PACKAGE_ROOT, 'examples', 'default.yaml');

/**
 * The raw (unvalidated) config a launch line describes: the file, or the embedded default when
 * neither a file nor workers were given, with flags laid over it. `--worker-urls` replaces the
 * file's workers; their models are discovered from each worker's /v1/models.
 */
export function composeLaunchConfig(flags: LaunchFlags): { raw: Record<string, unknown>; source: string } {
  const source = flags.config ?? (flags.workerUrls ? 'command line' : EMBEDDED_DEFAULT_CONFIG);
  const loaded = flags.config ? readConfigFile(flags.config) : flags.workerUrls ? {} : readConfigFile(EMBEDDED_DEFAULT_CONFIG);
  const raw: Record<string, unknown> = isRecord(loaded) ? { ...loaded } : { '': loaded };
  const section = (name: string): Record<string, unknown> => {
    const current = raw[name];
    const copy = isRecord(current) ? { ...current } : {};
    raw[name] = copy;
    return copy;
  };
  if (flags.host !== undefined) section('server')['host'] = flags.host;
  if (flags.port !== undefined) section('server')['port'] = flags.port;
  if (flags.stateDir !== undefined) section('server')['state_dir'] = flags.stateDir;
  if (flags.maxPayloadSize !== undefined) section('server')['body_limit_bytes'] = flags.maxPayloadSize;
  if (flags.logLevel !== undefined) section('log')['level'] = flags.logLevel;
  if (flags.policy !== undefined) section('routing')['policy'] = flags.policy;
  if (flags.workerUrls !== undefined) raw['workers'] = flags.workerUrls.map((url) => ({ url }));
  applyAuthFlags(flags, section);
  if (flags.enableWasm === true) section('wasm')['enabled'] = true;
  if (flags.wasmModuleRoots !== undefined) section('wasm')['module_roots'] = flags.wasmModuleRoots;
  return { raw, source };
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
