import type { ConfigIssue } from '../schema/schema-validators.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/** A JSON pointer segment (RFC 6901), as schema errors spell paths: `/v1/models` → `~1v1~1models`. */
const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed config, so secrets live in
 * the environment rather than the file. A missing variable without a default is an issue; the
 * value itself is never echoed. `wholes` collects the JSON pointers of strings that were one
 * reference and nothing else (`port: ${PORT}`): coerceSubstituted may turn those into the type the
 * schema wants.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, issues: ConfigIssue[], path = '', wholes: string[] = []): unknown {
  if (typeof value === 'string') {
    if (WHOLE_REFERENCE.test(value)) wholes.push(path);
    return value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      issues.push({ path: path || '/', message: `environment variable ${name} is not set` });
      return whole;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => substituteEnv(item, env, issues, `${path}/${index}`, wholes));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = substituteEnv(child, env, issues, `${path}/${escapeSegment(key)}`, wholes);
    }
    return out;
  }
  return value;
}

const TYPE_ISSUE = /^must be (integer|number|boolean)$/;

/**
 * Environment variables are strings, so `port: ${PORT}` would never fit an integer field. Where the
 * schema refused such a whole-reference value for its type, the value is converted when it reads as
 * that type (`8080`, `0.5`, `true`); anything else is left for the schema to report. True when a
 * value changed (the config must then be validated again).
 */
export function coerceSubstituted(config: unknown, issues: readonly ConfigIssue[], wholes: readonly string[]): boolean {
  let changed = false;
  for (const issue of issues) {
    const wanted = TYPE_ISSUE.exec(issue.message)?.[1];
    if (wanted === undefined || !wholes.includes(issue.path)) continue;
    const segments = issue.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = segments.pop();
    let parent: unknown = config;
    for (const segment of segments) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[segment] : undefined;
    if (key === undefined || parent === null || typeof parent !== 'object') continue;
    const holder = parent as Record<string, unknown>;
    const text = holder[key];
    if (typeof text !== 'string') continue;
    const coerced = coerce(text, wanted);
    if (coerced === undefined) continue;
    holder[key] = coerced;
    changed = true;
  }
  return changed;
}

function coerce(text: string, type: string): number | boolean | undefined {
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  const pattern = type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  return pattern.test(text.trim()) ? Number(text.trim()) : undefined;
}
