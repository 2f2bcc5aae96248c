import { createApp } from '../core/app.js';
import { ConfigError, readConfigFile, resolveConfig } from '../core/config/load-config.js';
import { createLogger } from '../core/logging/create-logger.js';
import { PipelineBuildError } from '../core/pipeline/build-pipelines.js';
import { loadSchemaValidators } from '../core/schema/schema-validators.js';
import { exitOnSignals, startServer } from '../core/server.js';
import { loadBootConfig } from '../core/config/boot-config.js';
import { builtinPlugins } from '../plugins/builtin-plugins.js';
import { composeLaunchConfig } from './launch-config.js';
import { explainLaunchConfigError } from './explain-launch-error.js';
import { CliFailure } from './cli-failure.js';
import { listenFailure } from './listen-failure.js';
import { undeclaredWasmStages } from './undeclared-wasm.js';
import type { LaunchFlags } from './parse-launch-flags.js';

/** `switchyard launch`: boot the config the flags describe and listen until a signal. */
export async function launch(flags: LaunchFlags): Promise<void> {
  const validators = loadSchemaValidators();
  const composed = composeLaunchConfig(flags);
  const plugins = builtinPlugins();
  // Re-read on /config/reload, SIGHUP and (config.watch) file changes: the file with the same flags over it.
  const configSource = { name: composed.source, ...(flags.config === undefined ? {} : { file: flags.config }), read: () => composeLaunchConfig(flags).raw };
  let booted;
  try {
    booted = await loadBootConfig(configSource, validators, plugins);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(explainLaunchConfigError(err, composed.flagPaths), 2);
    throw err;
  }
  const { config, state } = booted;
  const logger = createLogger(config.log.level);
  let app;
  try {
    app = await createApp(config, { plugins, logger, validators, state, configSource });
  } catch (err) {
    if (err instanceof PipelineBuildError) throw new CliFailure(`${composed.source}: ${err.message}`, 2);
    throw err;
  }
  let running;
  try {
    running = await startServer(app, config.server.host, config.server.port);
  } catch (err) {
    const explained = listenFailure(err, config.server.host, config.server.port);
    if (explained === undefined) throw err;
    await app.close();
    throw new CliFailure(`switchyard: ${explained}`, 1);
  }
  logger.info({ url: running.url, config: composed.source, models: app.models.list().map((m): unknown => Reflect.get(m, 'id')) }, 'switchyard listening');
  exitOnSignals(running, config.server.drain_timeout_ms, (msg) => logger.info(msg), () => {
    app.reloadFromSources('SIGHUP').catch((err: unknown) => logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'SIGHUP reload refused; the running config stays'));
  });
}

/** `switchyard config check FILE`: validate and build, print OK; errors are thrown (exit 2). */
export async function checkConfig(file: string): Promise<number> {
  const validators = loadSchemaValidators();
  const plugins = builtinPlugins();
  const config = resolveConfig(readConfigFile(file), validators, file, plugins);
  // Building the pipelines also validates every stage's config; nothing listens or calls out.
  let app;
  try {
    app = await createApp(config, { plugins, validators, logger: createLogger('silent'), checkOnly: true });
  } catch (err) {
    if (err instanceof PipelineBuildError) throw new CliFailure(`${file}: ${err.message}`, 2);
    throw err;
  }
  await app.close();
  for (const warning of undeclaredWasmStages(config)) process.stderr.write(`${file}: warning: ${warning}\n`);
  process.stdout.write(`${file}: OK\n`);
  return 0;
}

