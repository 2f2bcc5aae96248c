/**
 * @extism/extism imports node:wasi (for plugins that ask for WASI), and Node then warns that "WASI
 * is an experimental feature" — in every thread that loads it — although no policy here is given
 * WASI. An operator reading that would think otherwise, so exactly that warning is dropped; every
 * other warning is still printed by Node's own listener. Call before Extism is first loaded.
 */
export function dropWasiExperimentalWarning(): void {
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && warning.message.startsWith('WASI is an experimental feature')) return;
    for (const print of printers) print(warning);
  });
}
