import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { PACKAGE_ROOT } from '../package-root.js';

export interface ConfigIssue {
  /** Dotted/JSON-pointer-ish location, e.g. `workers[0].url` or `/timeout_ms`. */
  readonly path: string;
  readonly message: string;
}

export type IngressCheck = (value: unknown) => ConfigIssue | undefined;

/**
 * Every schema in schemas/, compiled at boot. Two Ajv instances over the same files because Ajv's
 * `allErrors` is per instance: config and admin bodies report every error at once; untrusted
 * request bodies stop at the first (allErrors on attacker input is a known DoS lever).
 * strictRequired is off so `oneOf: [{required: [a]}, {required: [b]}]` can say "a or b".
 */
export class SchemaValidators {
  readonly #config: Ajv;
  readonly #ingress: Ajv;
  readonly #compiledConfig = new Map<string, ValidateFunction>();
  readonly #compiledIngress = new Map<string, ValidateFunction>();
  readonly #sources = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(schemas: readonly object[]) {
    this.#config = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true });
    this.#ingress = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });
    const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.#config);
    addFormats(this.#ingress);
    for (const schema of schemas) {
      this.#config.addSchema(schema);
      this.#ingress.addSchema(schema);
      const id: unknown = Reflect.get(schema, '$id');
      if (typeof id === 'string') this.#sources.set(id, Object.freeze(Object.fromEntries(Object.entries(structuredClone(schema)))));
    }
  }

  /** A loaded schema as written (a copy-safe frozen object), for composing it with others. */
  source(schemaId: string): Readonly<Record<string, unknown>> {
    const schema = this.#sources.get(schemaId);
    if (schema === undefined) throw new Error(`No schema with $id "${schemaId}" in schemas/.`);
    return schema;
  }

  /** Adds a schema from outside schemas/ (a plugin's own); the same `$id` twice is a no-op. */
  register(schema: object): void {
    const id: unknown = Reflect.get(schema, '$id');
    if (typeof id !== 'string') throw new Error('a plugin schema needs an $id');
    if (this.#sources.has(id)) return;
    this.#config.addSchema(schema);
    this.#ingress.addSchema(schema);
    this.#sources.set(id, Object.freeze(Object.fromEntries(Object.entries(structuredClone(schema)))));
  }

  /**
   * Registers a schema built at boot from others (the config schema with each plugin's sections)
   * under its own `$id`, once, and validates like `validateConfig` (all errors, defaults filled).
   * The same `$id` always names the same composition, so a second call reuses the first.
   */
  registerComposed(schema: Readonly<Record<string, unknown>> & { readonly $id: string }): void {
    if (this.#config.getSchema(schema.$id) !== undefined) return;
    this.#config.addSchema(schema);
    this.#ingress.addSchema(schema);
  }

  /** Validates (and fills defaults into) a config object; returns every issue. */
  validateConfig(schemaId: string, value: unknown): ConfigIssue[] {
    const validate = this.#compile(this.#config, this.#compiledConfig, schemaId);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(formatIssue);
  }

  /**
   * Compiles a schema that came from outside (a module's config schema) into an all-errors check.
   * Its `$id` is dropped so it cannot shadow one of the gateway's own schemas.
   */
  compileForeign(schema: unknown): (value: unknown) => ConfigIssue[] {
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('a config schema must be a JSON object');
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    const validate = this.#config.compile(rest);
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map(formatIssue));
  }

  /**
   * A type guard for a schema's type, for narrowing a value that was already validated (and had
   * its defaults filled) by `validateConfig`: checks without filling or changing anything.
   */
  guard<T>(schemaId: string): (value: unknown) => value is T {
    const validate = this.#ingress.getSchema<T>(schemaId);
    if (validate === undefined) throw new Error(`No schema with $id "${schemaId}" in schemas/.`);
    return (value: unknown): value is T => validate(value) === true;
  }

  /** A fail-fast check for untrusted input, compiled once. */
  ingressCheck(schemaId: string): IngressCheck {
    const validate = this.#compile(this.#ingress, this.#compiledIngress, schemaId);
    return (value) => {
      if (validate(value)) return undefined;
      const first = validate.errors?.[0];
      return first ? formatIssue(first) : { path: '', message: 'is invalid' };
    };
  }

  #compile(ajv: Ajv, cache: Map<string, ValidateFunction>, schemaId: string): ValidateFunction {
    let validate = cache.get(schemaId);
    if (validate === undefined) {
      validate = ajv.getSchema(schemaId);
      if (validate === undefined) throw new Error(`No schema with $id "${schemaId}" in schemas/.`);
      cache.set(schemaId, validate);
    }
    return validate;
  }
}

function formatIssue(error: ErrorObject): ConfigIssue {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    path = `${path}/${params['additionalProperty']}`;
    message = 'is not a known property';
  } else if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    path = `${path}/${params['missingProperty']}`;
    message = 'is required';
  } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    message = `must be one of: ${params['allowedValues'].map(String).join(', ')}`;
  }
  return { path, message };
}

function listSchemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listSchemaFiles(full);
    return entry.name.endsWith('.schema.json') ? [full] : [];
  });
}

/** Reads every *.schema.json under schemas/ once. */
export function loadSchemaValidators(root = join(PACKAGE_ROOT, 'schemas')): SchemaValidators {
  const schemas = listSchemaFiles(root).map((file) => JSON.parse(readFileSync(file, 'utf8')) as object);
  return new SchemaValidators(schemas);
}
