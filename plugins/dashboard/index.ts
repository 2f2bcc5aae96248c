import type { Plugin } from '../../core/plugin-contract.js';
import { pipelinesView } from './pipelines-view.js';
import { sessionView } from './session-view.js';
import { staticAssetRoutes } from './static-assets.js';
import { trafficSnapshot } from './traffic-view.js';

/**
 * The admin dashboard: a static page under /dashboard (public: it holds no data) whose script calls
 * the control-plane JSON API with the admin key the user types in. It adds only what that API
 * lacked: who the key is, each route's stages in order, and request totals as JSON for live rates.
 */
export function createDashboardPlugin(): Plugin {
  return {
    name: 'dashboard',
    setup(context) {
      return {
        routes: [
          ...staticAssetRoutes(),
          {
            // Who the pasted key is: the page greys out writes for a read-only key (the gateway refuses them anyway).
            method: 'GET',
            path: '/dashboard/api/session',
            group: 'control',
            handle: (request) => ({ body: sessionView(request.principal) }),
          },
          {
            method: 'GET',
            path: '/dashboard/api/pipelines',
            group: 'control',
            handle: () => ({ body: { config_version: context.configVersion(), routes: pipelinesView(context.routeStages(), context.pipelines()) } }),
          },
          {
            method: 'GET',
            path: '/dashboard/api/traffic',
            group: 'control',
            handle: async () => ({ body: await trafficSnapshot(context.metrics, new Set(context.routeStages().map((r) => r.path))) }),
          },
        ],
      };
    },
  };
}
