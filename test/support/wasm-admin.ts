import { bearer } from './auth-fixture.js';

export interface AddResult {
  readonly name: string;
  readonly add_result: { readonly Success?: string; readonly Error?: string };
}

/**
 * POST /wasm over HTTP with an admin credential, as an operator would; the per-module results.
 * The status must match them: 200 all registered, 207 some, 400 none (with an error beside them).
 */
export async function registerModules(gatewayUrl: string, adminKey: string, modules: readonly Record<string, unknown>[]): Promise<AddResult[]> {
  const res = await fetch(`${gatewayUrl}/wasm`, { method: 'POST', headers: { ...bearer(adminKey), 'content-type': 'application/json' }, body: JSON.stringify({ modules }) });
  const text = await res.text();
  const parsed = JSON.parse(text) as { modules?: AddResult[] };
  if (!Array.isArray(parsed.modules)) throw new Error(`POST /wasm answered ${res.status}: ${text}`);
  const ok = parsed.modules.filter((m) => m.add_result.Success !== undefined).length;
  const expected = ok === parsed.modules.length ? 200 : ok === 0 ? 400 : 207;
  if (res.status !== expected) throw new Error(`POST /wasm answered ${res.status} for ${ok} of ${parsed.modules.length} registered (expected ${expected}): ${text}`);
  return parsed.modules;
}

/** One module's registration; throws with the gateway's reason when it was refused. */
export async function registerModule(gatewayUrl: string, adminKey: string, module: Record<string, unknown>): Promise<string> {
  const [result] = await registerModules(gatewayUrl, adminKey, [module]);
  if (result?.add_result.Success === undefined) throw new Error(`registration refused: ${result?.add_result.Error ?? 'no result'}`);
  return result.add_result.Success;
}
