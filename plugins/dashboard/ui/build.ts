import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import preact from '@preact/preset-vite';
import { build } from 'vite';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { DASHBOARD_BUILD_DIR } from '../static-assets.js';

/** Exactly what the gateway serves (static-assets.ts): a build that emits anything else is refused. */
const EXPECTED = ['app.css', 'app.js', 'index.html'];

/**
 * Builds the page (Preact components in ui/src) with Vite into `outDir`. Fixed file names and one
 * chunk, so the gateway's public routes stay four known paths; no inline script or style is emitted
 * (the CSP forbids them), and nothing is fetched from another origin.
 */
export async function buildDashboardUi(outDir = DASHBOARD_BUILD_DIR): Promise<void> {
  await build({
    configFile: false,
    root: join(PACKAGE_ROOT, 'plugins', 'dashboard', 'ui', 'src'),
    base: '/dashboard/',
    logLevel: 'warn',
    // Prefresh and the prerender plugin are for a dev server and static sites: neither is used.
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false, prerender: { enabled: false } })],
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: '',
      // Vite would inline small assets as data: URLs and add a preload polyfill: neither is wanted.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      cssCodeSplit: false,
      sourcemap: false,
      rollupOptions: {
        output: { entryFileNames: 'app.js', chunkFileNames: 'app-[name].js', assetFileNames: 'app[extname]' },
      },
    },
  });
  const emitted = readdirSync(outDir).sort();
  if (JSON.stringify(emitted) !== JSON.stringify(EXPECTED)) {
    throw new Error(`dashboard build emitted ${emitted.join(', ')}; the gateway serves exactly ${EXPECTED.join(', ')} (see plugins/dashboard/static-assets.ts)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDashboardUi();
}
