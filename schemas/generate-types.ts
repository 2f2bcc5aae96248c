/**
 * Writes TypeScript types from the JSON Schemas, so that config types cannot drift from what the
 * validator accepts (`npm run schemas:types`; a test fails when a generated file is stale).
 *
 * Types describe values *after* validation: Ajv fills defaults, so a property with a `default` is
 * required in the type. Every type is readonly: config is frozen.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const SCHEMAS = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(SCHEMAS);
const BASE = 'https://switchyard.dev/schemas/';

/** Which schema becomes which type in which file. */
export const TARGETS: readonly { readonly schema: string; readonly type: string; readonly out: string }[] = [
  { schema: 'config.schema.json', type: 'KernelConfig', out: 'core/config/kernel-config.generated.ts' },
  { schema: 'config/workers.schema.json', type: 'WorkersConfig', out: 'plugins/upstream/config/workers-config.generated.ts' },
  { schema: 'config/providers.schema.json', type: 'ProvidersConfig', out: 'plugins/upstream/config/providers-config.generated.ts' },
  { schema: 'config/routing.schema.json', type: 'RoutingConfig', out: 'plugins/upstream/config/routing-config.generated.ts' },
  { schema: 'config/models.schema.json', type: 'ModelsConfig', out: 'plugins/upstream/config/models-config.generated.ts' },
  { schema: 'config/model-config.schema.json', type: 'SeedModelConfig', out: 'plugins/upstream/config/model-config.generated.ts' },
  { schema: 'config/resilience.schema.json', type: 'ResilienceConfig', out: 'plugins/upstream/config/resilience-config.generated.ts' },
  { schema: 'config/security.schema.json', type: 'SecurityConfig', out: 'plugins/upstream/config/security-config.generated.ts' },
  { schema: 'config/passthrough.schema.json', type: 'PassthroughConfig', out: 'plugins/upstream/config/passthrough-config.generated.ts' },
  { schema: 'stages/upstream.schema.json', type: 'UpstreamStageConfig', out: 'plugins/upstream/config/upstream-stage-config.generated.ts' },
  { schema: 'config/limits.schema.json', type: 'LimitsConfig', out: 'plugins/limits/limits-config.generated.ts' },
  { schema: 'config/extproc.schema.json', type: 'ExtProcConfig', out: 'plugins/extproc/extproc-config.generated.ts' },
  { schema: 'grants/limits.schema.json', type: 'KeyLimits', out: 'plugins/rate-limit/key-limits.generated.ts' },
  { schema: 'stages/rate-limit.schema.json', type: 'RateLimitConfig', out: 'plugins/rate-limit/rate-limit-config.generated.ts' },
  { schema: 'stages/budget.schema.json', type: 'BudgetConfig', out: 'plugins/budget/budget-config.generated.ts' },
  { schema: 'config/wasm.schema.json', type: 'WasmConfig', out: 'plugins/wasm-policies/config/wasm-config.generated.ts' },
  { schema: 'stages/wasm.schema.json', type: 'WasmStageConfig', out: 'plugins/wasm-policies/config/wasm-stage-config.generated.ts' },
  { schema: 'stages/wasm-attached.schema.json', type: 'WasmAttachedConfig', out: 'plugins/wasm-policies/config/wasm-attached-config.generated.ts' },
  { schema: 'stages/pii-redaction.schema.json', type: 'PiiRedactionStageConfig', out: 'plugins/pii-redaction/pii-redaction-config.generated.ts' },
  { schema: 'config/debug.schema.json', type: 'DebugConfig', out: 'plugins/profiling/debug-config.generated.ts' },
  { schema: 'config/tracing.schema.json', type: 'TracingConfig', out: 'plugins/tracing/tracing-config.generated.ts' },
  { schema: 'config/tokenizers.schema.json', type: 'TokenizersSection', out: 'plugins/tokenizers/tokenizers-section.generated.ts' },
  { schema: 'requests/parse-function-call.schema.json', type: 'ParseFunctionCallBody', out: 'plugins/parsers/parse-function-call-body.generated.ts' },
  { schema: 'requests/parse-reasoning.schema.json', type: 'ParseReasoningBody', out: 'plugins/parsers/parse-reasoning-body.generated.ts' },
  { schema: 'stages/parse-output.schema.json', type: 'ParseOutputConfig', out: 'plugins/parsers/parse-output-config.generated.ts' },
  { schema: 'config/classify.schema.json', type: 'ClassifySectionConfig', out: 'plugins/classify/config/classify-section-config.generated.ts' },
  { schema: 'stages/classify.schema.json', type: 'ClassifyStageConfig', out: 'plugins/classify/config/classify-stage-config.generated.ts' },
  { schema: 'stages/semantic-route.schema.json', type: 'SemanticRouteConfig', out: 'plugins/classify/config/semantic-route-config.generated.ts' },
  { schema: 'stages/prompt-guard.schema.json', type: 'PromptGuardConfig', out: 'plugins/classify/config/prompt-guard-config.generated.ts' },
  { schema: 'stages/reasoning-mode.schema.json', type: 'ReasoningModeConfig', out: 'plugins/classify/config/reasoning-mode-config.generated.ts' },
  { schema: 'stages/semantic-cache.schema.json', type: 'SemanticCacheConfig', out: 'plugins/classify/config/semantic-cache-config.generated.ts' },
  { schema: 'requests/classify-text.schema.json', type: 'ClassifyTextRequest', out: 'plugins/classify/config/classify-text-request.generated.ts' },
  { schema: 'requests/classify-combined.schema.json', type: 'ClassifyCombinedRequest', out: 'plugins/classify/config/classify-combined-request.generated.ts' },
  { schema: 'requests/classify-batch.schema.json', type: 'ClassifyBatchRequest', out: 'plugins/classify/config/classify-batch-request.generated.ts' },
  { schema: 'config/tool-loop.schema.json', type: 'ToolLoopSection', out: 'plugins/tool-loop/tool-loop-section.generated.ts' },
  { schema: 'stages/tool-loop.schema.json', type: 'ToolLoopConfig', out: 'plugins/tool-loop/tool-loop-config.generated.ts' },
  { schema: 'admin/mcp-server-register.schema.json', type: 'McpServerRegistration', out: 'plugins/tool-loop/mcp/mcp-server-registration.generated.ts' },
  { schema: 'stages/a2a-relay.schema.json', type: 'AgentRelayConfig', out: 'plugins/a2a/a2a-relay-config.generated.ts' },
  { schema: 'admin/a2a-agent-register.schema.json', type: 'AgentRegistration', out: 'plugins/a2a/a2a-agent-registration.generated.ts' },
  { schema: 'config/ha.schema.json', type: 'HaConfig', out: 'plugins/ha/ha-config.generated.ts' },
  { schema: 'admin/ha-rate-limit.schema.json', type: 'SharedRateLimits', out: 'plugins/limits/shared-rate-limits.generated.ts' },
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every schema file by `$id`. */
function loadAll(dir: string, into = new Map<string, Json>()): Map<string, Json> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) loadAll(full, into);
    else if (entry.name.endsWith('.schema.json')) {
      const schema: unknown = JSON.parse(readFileSync(full, 'utf8'));
      if (isObject(schema) && typeof schema['$id'] === 'string') into.set(schema['$id'], schema);
    }
  }
  return into;
}

/**
 * The schema as the generator should see it: defaults make properties required; titles (long
 * sentences here) become descriptions so they do not name types; `$ref`s to other files are
 * inlined (relative `#/…` ones are resolved against the file they come from).
 */
function prepare(node: unknown, file: Json, all: Map<string, Json>, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => prepare(item, file, all, seen));
  if (!isObject(node)) return node;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const [id, pointer = ''] = ref.split('#');
    const target = id === '' || id === undefined ? file : all.get(id);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    if (seen.includes(ref)) throw new Error(`recursive $ref ${ref}`);
    const resolved = pointer.split('/').filter(Boolean).reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), target);
    const { $ref: _ref, ...siblings } = node;
    return prepare({ ...(isObject(resolved) ? resolved : {}), ...siblings }, target, all, [...seen, ref]);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema' || key === 'definitions') continue;
    if (key === 'title') continue;
    // `oneOf: [{required: [a]}, {required: [b]}]` says "a or b": a validation rule, not a type.
    if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value) && value.every((v) => isObject(v) && Object.keys(v).every((k) => k === 'required'))) continue;
    out[key] = key === 'properties' && isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(v, file, all, seen)])) : prepare(value, file, all, seen);
  }
  // An object schema that names no properties is open (a stage's free-form `config`).
  if (out['type'] === 'object' && out['properties'] === undefined && out['additionalProperties'] === undefined && out['patternProperties'] === undefined) {
    out['additionalProperties'] = true;
  }
  if (isObject(out['properties'])) {
    const withDefaults = Object.entries(out['properties']).filter(([, v]) => isObject(v) && 'default' in v).map(([k]) => k);
    const required = Array.isArray(out['required']) ? out['required'].filter((r): r is string => typeof r === 'string') : [];
    if (withDefaults.length > 0) out['required'] = [...new Set([...required, ...withDefaults])];
  }
  return out;
}

export async function generate(target: (typeof TARGETS)[number], all = loadAll(SCHEMAS)): Promise<string> {
  const file = all.get(`${BASE}${target.schema}`);
  if (file === undefined) throw new Error(`no schema ${target.schema}`);
  const prepared = prepare(file, file, all);
  if (!isObject(prepared)) throw new Error(`schema ${target.schema} is not an object`);
  const body = await compile(prepared, `${target.type}Document`, {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    format: true,
    declareExternallyReferenced: true,
  });
  const util = relative(dirname(join(ROOT, target.out)), join(ROOT, 'core/util/deep-readonly.js'));
  return [
    `// Generated from schemas/${target.schema} by schemas/generate-types.ts (npm run schemas:types). Do not edit.`,
    `import type { DeepReadonly } from '${util.startsWith('.') ? util : `./${util}`}';`,
    '',
    body.replace(/^export interface /gm, 'interface ').replace(/^export type /gm, 'type ').replace(/unknown \| undefined/g, 'unknown'),
    `/** schemas/${target.schema} after validation (defaults filled), frozen. */`,
    `export type ${target.type} = DeepReadonly<${target.type}Document>;`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const all = loadAll(SCHEMAS);
  for (const target of TARGETS) {
    const out = join(ROOT, target.out);
    writeFileSync(out, await generate(target, all));
    process.stdout.write(`${relative(ROOT, out)}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
