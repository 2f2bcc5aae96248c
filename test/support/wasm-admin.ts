import { bearer } from './auth-fixture.js';

export interface AddResult {
  readonly name: string;
  readonly add_result: { readonly Success?: string; readonly Error?: string };
}

/** POST /wasm over HTTP with an admin credential, as an operator would; the per-module results. */
export async function registerModules(gatewayUrl: string, adminKey: string, modules: readonly Record<string, unknown>[]): Promise<AddResult[]> {
  const res = await fetch(`${gatewayUrl}/wasm`, { method: 'POST', headers: { ...bearer(adminKey), 'content-type': 'application/json' }, body: JSON.stringify({ modules }) });
  if (res.status !== 200) throw new Error(`POST /wasm answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { modules: AddResult[] }).modules;
}

/** One module's registration; throws with the gateway's reason when it was refused. */
export async function registerModule(gatewayUrl: string, adminKey: string, module: Record<string, unknown>): Promise<string> {
  const [result] = await registerModules(gatewayUrl, adminKey, [module]);
  if (result?.add_result.Success === undefined) throw new Error(`registration refused: ${result?.add_result.Error ?? 'no result'}`);
  return result.add_result.Success;
}
