import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { readConfigFile } from '../config/load-config.js';
import type { LaunchFlags } from './parse-launch-flags.js';

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
  return { raw, source };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
