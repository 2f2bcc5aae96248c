import { GatewayError } from '../../core/errors/gateway-error.js';
import type { SharedSettings } from './shared-settings.js';

/** The shared setting that puts every replica in maintenance (`POST /ha/config`). */
export const MAINTENANCE_SETTING = 'maintenance';

/**
 * While the shared setting `maintenance` is `true`, data-plane requests are refused and readiness
 * is 503, on every replica (the setting replicates like a registry); the control plane stays up so
 * an operator can end it. Any other value, or none, means serving.
 */
export function maintenanceHold(settings: SharedSettings): () => GatewayError | undefined {
  return () => {
    if (settings.get(MAINTENANCE_SETTING) !== true) return undefined;
    return new GatewayError(
      'GW_ERR_GATEWAY_MAINTENANCE',
      'The gateway is in maintenance and takes no requests; retry later. An operator ends it with POST /ha/config {"key":"maintenance","value":false}.',
      { headers: { 'retry-after': '5' } },
    );
  };
}
