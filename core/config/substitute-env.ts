import type { ConfigIssue } from '../schema/schema-validators.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed config, so secrets live in
 * the environment rather than the file. A missing variable without a default is an issue; the
 * value itself is never echoed.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, issues: ConfigIssue[], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      issues.push({ path: path || '/', message: `environment variable ${name} is not set` });
      return whole;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => substituteEnv(item, env, issues, `${path}/${index}`));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = substituteEnv(child, env, issues, `${path}/${key}`);
    }
    return out;
  }
  return value;
}
