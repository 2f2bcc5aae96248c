/** `switchyard launch` flags. Names follow SMG's router so its users' launch lines keep working. */
export interface LaunchFlags {
  config?: string;
  workerUrls?: string[];
  policy?: string;
  host?: string;
  port?: number;
  stateDir?: string;
  logLevel?: string;
  maxPayloadSize?: number;
  apiKeys?: string[];
  controlPlaneApiKeys?: string[];
  jwtIssuer?: string;
  jwtAudience?: string;
  jwtJwksUri?: string;
  jwtRoleClaim?: string;
  jwtRoleMapping?: string[];
  enableWasm?: boolean;
  wasmModuleRoots?: string[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

type ListKey = 'workerUrls' | 'apiKeys' | 'controlPlaneApiKeys' | 'jwtRoleMapping' | 'wasmModuleRoots';
type FlagSpec = { key: keyof LaunchFlags; kind: 'string' | 'int' } | { key: ListKey; kind: 'list' } | { key: 'enableWasm'; kind: 'bool' };

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--config': { key: 'config', kind: 'string' },
  '--worker-urls': { key: 'workerUrls', kind: 'list' },
  '--policy': { key: 'policy', kind: 'string' },
  '--host': { key: 'host', kind: 'string' },
  '--port': { key: 'port', kind: 'int' },
  '--state-dir': { key: 'stateDir', kind: 'string' },
  '--log-level': { key: 'logLevel', kind: 'string' },
  '--max-payload-size': { key: 'maxPayloadSize', kind: 'int' },
  '--api-key': { key: 'apiKeys', kind: 'list' },
  '--control-plane-api-keys': { key: 'controlPlaneApiKeys', kind: 'list' },
  '--jwt-issuer': { key: 'jwtIssuer', kind: 'string' },
  '--jwt-audience': { key: 'jwtAudience', kind: 'string' },
  '--jwt-jwks-uri': { key: 'jwtJwksUri', kind: 'string' },
  '--jwt-role-claim': { key: 'jwtRoleClaim', kind: 'string' },
  '--jwt-role-mapping': { key: 'jwtRoleMapping', kind: 'list' },
  '--enable-wasm': { key: 'enableWasm', kind: 'bool' },
  '--wasm-module-root': { key: 'wasmModuleRoots', kind: 'list' },
};

/**
 * Parses `--flag value`, `--flag=value` and SMG's multi-value flags (`--worker-urls A B C`,
 * `--api-key K1 K2`: values run until the next flag; the flag may also repeat).
 */
export function parseLaunchFlags(argv: readonly string[]): LaunchFlags {
  const flags: LaunchFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const spec = FLAGS[name];
    if (spec === undefined) throw new UsageError(`unknown option "${name}" (known: ${Object.keys(FLAGS).join(', ')})`);
    if (spec.kind === 'bool') {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      flags[spec.key] = true;
      continue;
    }
    const values: string[] = [];
    if (eq !== -1) values.push(token.slice(eq + 1));
    else {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) values.push(argv[++i]!);
    }
    if (values.length === 0) throw new UsageError(`${name} needs a value`);
    if (spec.kind === 'list') {
      flags[spec.key] = [...(flags[spec.key] ?? []), ...values];
      continue;
    }
    if (values.length > 1) throw new UsageError(`${name} takes one value, got ${values.length}`);
    const value = values[0]!;
    if (spec.kind === 'int') {
      if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got "${value}"`);
      (flags as Record<string, unknown>)[spec.key] = Number(value);
    } else {
      (flags as Record<string, unknown>)[spec.key] = value;
    }
  }
  return flags;
}
