import { readFileSync } from 'node:fs';
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

/** The folder the committed page lives in (found from the package root: source and dist alike). */
export const STATIC_DIR = join(PACKAGE_ROOT, 'plugins', 'dashboard', 'static');

/**
 * The page, its one script module and its stylesheet as public routes: they hold no data (every
 * figure comes from control-plane calls made with the key the admin types in). Read once at setup.
 */
export function staticAssetRoutes(dir = STATIC_DIR): PluginRoute[] {
  return ASSETS.map((asset) => {
    const body = readFileSync(join(dir, asset.file));
    return {
      method: 'GET',
      path: asset.path,
      group: 'public',
      handle: () => ({ headers: { ...ASSET_HEADERS, 'content-type': asset.contentType }, body }),
    } satisfies PluginRoute;
  });
}
