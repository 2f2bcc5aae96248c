import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { GatewayConfig } from './gateway-config.js';
import { composeSchemas } from './compose-schemas.js';
import { registerPluginSchemas, schemaExtensionsOf, type Plugin } from '../plugin-contract.js';
import { coerceSubstituted, substituteEnv } from './substitute-env.js';
import type { ConfigIssue, SchemaValidators } from '../schema/schema-validators.js';
import { deepFreeze } from '../util/deep-freeze.js';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${source} is invalid:\n${issues.map((i) => `  ${i.path || '/'}: ${i.message}`).join('\n')}${missingEnvHint(issues)}`);
    this.name = 'ConfigError';
  }
}

/** Examples keep secrets in `${NAME}`: say how to provide them rather than only that they are missing. */
function missingEnvHint(issues: readonly ConfigIssue[]): string {
  const names = [...new Set(issues.map((i) => /^environment variable (\w+) is not set$/.exec(i.message)?.[1]).filter((n) => n !== undefined))];
  if (names.length === 0) return '';
  return `\nSet ${names.length === 1 ? 'it' : 'them'} in the environment first (${names.map((n) => `${n}=…`).join(' ')} switchyard …), or give the file a default: \${NAME:-value}.`;
}

/** Reads YAML or JSON (YAML is a superset) into a plain value; syntax errors become a ConfigError. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '/', message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (err) {
    throw new ConfigError(file, [{ path: '/', message: `not valid YAML or JSON: ${(err as Error).message}` }]);
  }
}

/**
 * Turns a raw config value into a frozen GatewayConfig: environment references substituted, schema
 * defaults filled, every schema error reported at once.
 */
export function resolveConfig(raw: unknown, validators: SchemaValidators, source: string, plugins: readonly Plugin[] = [], env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const wholes: string[] = [];
  const substituted = substituteEnv(structuredClone(raw), env, issues, '', wholes);
  registerPluginSchemas(plugins, validators);
  const schemaId = composeSchemas(validators, schemaExtensionsOf(plugins)).config;
  let schemaIssues = validators.validateConfig(schemaId, substituted);
  if (schemaIssues.length > 0 && coerceSubstituted(substituted, schemaIssues, wholes)) schemaIssues = validators.validateConfig(schemaId, substituted);
  issues.push(...schemaIssues);
  if (issues.length > 0) throw new ConfigError(source, issues);
  if (!validators.guard<GatewayConfig>(schemaId)(substituted)) throw new ConfigError(source, [{ path: '/', message: 'is invalid' }]);
  return deepFreeze(substituted);
}
