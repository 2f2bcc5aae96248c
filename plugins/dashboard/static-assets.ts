import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import type { PluginRoute } from '../../core/plugin-contract.js';

/**
 * Nothing but this origin's own files may run or load, no inline script or style, no framing, no
 * form posts: the page's data calls go to the gateway's JSON API with the admin key in a header.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

interface Asset {
  readonly path: string;
  readonly file: string;
  readonly contentType: string;
}

const ASSETS: readonly Asset[] = [
  { path: '/dashboard', file: 'index.html', contentType: 'text/html; charset=utf-8' },
  // The router is slash-strict and `/dashboard/` is what people type; the page's links are absolute.
  { path: '/dashboard/', file: 'index.html', contentType: 'text/html; charset=utf-8' },
  { path: '/dashboard/app.js', file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  { path: '/dashboard/app.css', file: 'app.css', contentType: 'text/css; charset=utf-8' },
];

/**
 * Where `npm run build` puts the page built from ui/src (plugins/dashboard/ui/build.ts): found from
 * the package root, so the source checkout (tsx) and the compiled gateway (dist/) serve the same files.
 */
export const DASHBOARD_BUILD_DIR = join(PACKAGE_ROOT, 'dist', 'dashboard');

const NOT_BUILT = 'The dashboard is not built: run `npm run build` (it builds plugins/dashboard/ui with Vite into dist/dashboard), then restart the gateway.\n';

/**
 * The page, its one script module and its stylesheet as public routes: they hold no data (every
 * figure comes from control-plane calls made with the key the admin types in). Read once at setup.
 * A checkout that was never built still starts (the gateway does not need its page): each of these
 * routes then answers 503 saying how to build it.
 */
export function staticAssetRoutes(dir = DASHBOARD_BUILD_DIR): PluginRoute[] {
  return ASSETS.map((asset) => {
    const file = join(dir, asset.file);
    const body = existsSync(file) ? readFileSync(file) : undefined;
    return {
      method: 'GET',
      path: asset.path,
      group: 'public',
      handle: () =>
        body === undefined
          ? { status: 503, headers: { ...ASSET_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body: NOT_BUILT }
          : { headers: { ...ASSET_HEADERS, 'content-type': asset.contentType }, body },
    } satisfies PluginRoute;
  });
}
