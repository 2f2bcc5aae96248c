import type { Plugin } from '../plugin-contract.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { StateDirectory } from '../state/state-directory.js';
import { ConfigReloader, type ConfigSource } from './config-reloader.js';
import type { GatewayConfig } from './gateway-config.js';
import { resolveConfig } from './load-config.js';
import { mergeConfig } from './merge-config.js';

/**
 * The config a gateway starts with: the source (file and flags), with the overlay a previous run
 * kept from `/admin/config/update` laid over it — so a restart keeps what an admin changed.
 */
export async function loadBootConfig(source: ConfigSource, validators: SchemaValidators, plugins: readonly Plugin[]): Promise<{ config: GatewayConfig; state: StateDirectory }> {
  const base = source.read();
  const first = resolveConfig(base, validators, source.name, plugins);
  const state = await StateDirectory.open(first.server.state_dir);
  const overlay = await ConfigReloader.savedOverlay(state);
  if (overlay === undefined) return { config: first, state };
  return { config: resolveConfig(mergeConfig(base, overlay), validators, `${source.name} with the saved /admin/config/update overlay`, plugins), state };
}
