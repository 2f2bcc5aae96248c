import type { ToolSpec } from './parser-types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `tools` of a request body (untrusted) as ToolSpecs. Accepts OpenAI's shape
 * (`{"type": "function", "function": {"name", "parameters"}}`) and the flat one SMG's
 * `/parse/function_call` examples use (`{"name", "parameters"}`); entries of any other shape are
 * skipped, since a tool list only narrows which calls are kept.
 */
export function toolSpecsFromRequest(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  const specs: ToolSpec[] = [];
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    const fn = isRecord(tool['function']) ? tool['function'] : tool;
    const name = fn['name'];
    if (typeof name !== 'string' || name === '') continue;
    specs.push(fn['parameters'] === undefined ? { name } : { name, parameters: fn['parameters'] });
  }
  return specs;
}
