#!/usr/bin/env node
import { createApp } from '../core/app.js';
import { ConfigError, readConfigFile, resolveConfig } from '../core/config/load-config.js';
import { PipelineBuildError } from '../core/pipeline/build-pipelines.js';
import { createLogger } from '../core/logging/create-logger.js';
import { loadSchemaValidators } from '../core/schema/schema-validators.js';
import { exitOnSignals, startServer } from '../core/server.js';
import { loadBootConfig } from '../core/config/boot-config.js';
import { builtinPlugins } from '../plugins/builtin-plugins.js';
import { composeLaunchConfig } from './launch-config.js';
import { parseLaunchFlags, UsageError } from './parse-launch-flags.js';
import { runPolicy, scaffoldPolicy } from './wasm-commands.js';
import { dropWasiExperimentalWarning } from '../core/logging/quiet-wasi-warning.js';

const USAGE = `Usage:
  switchyard launch [--config FILE] [--worker-urls URL...] [--policy NAME] [--host H] [--port P]
                    [--state-dir DIR] [--log-level LEVEL] [--max-payload-size BYTES]
                    [--api-key KEY...] [--control-plane-api-keys id:name:role:key...]
                    [--jwt-issuer ISS --jwt-audience AUD --jwt-jwks-uri URL]
                    [--jwt-role-claim CLAIM] [--jwt-role-mapping idp_role=gateway_role...]
                    [--enable-wasm --wasm-module-root DIR...]
  switchyard config check FILE
  switchyard wasm run MODULE.wasm INPUT.json [--fn on_request]
  switchyard wasm new NAME --lang as|rust|rust-component
`;

async function launch(argv: readonly string[]): Promise<void> {
  const flags = parseLaunchFlags(argv);
  const validators = loadSchemaValidators();
  const { source } = composeLaunchConfig(flags);
  const plugins = builtinPlugins();
  // Re-read on /config/reload, SIGHUP and (config.watch) file changes: the file with the same flags over it.
  const configSource = { name: source, ...(flags.config === undefined ? {} : { file: flags.config }), read: () => composeLaunchConfig(flags).raw };
  const { config, state } = await loadBootConfig(configSource, validators, plugins);
  const logger = createLogger(config.log.level);
  const app = await createApp(config, { plugins, logger, validators, state, configSource });
  const running = await startServer(app, config.server.host, config.server.port);
  logger.info({ url: running.url, config: source, models: app.models.list().map((m): unknown => Reflect.get(m, 'id')) }, 'switchyard listening');
  exitOnSignals(running, config.server.drain_timeout_ms, (msg) => logger.info(msg), () => {
    app.reloadFromSources('SIGHUP').catch((err: unknown) => logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'SIGHUP reload refused; the running config stays'));
  });
}

async function checkConfig(file: string | undefined): Promise<number> {
  if (file === undefined) throw new UsageError('config check needs a FILE');
  const validators = loadSchemaValidators();
  const plugins = builtinPlugins();
  const config = resolveConfig(readConfigFile(file), validators, file, plugins);
  // Building the pipelines also validates every stage's config; nothing listens or calls out.
  const app = await createApp(config, { plugins, validators, logger: createLogger('silent'), checkOnly: true });
  await app.close();
  process.stdout.write(`${file}: OK\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'launch') {
    await launch(rest);
    return -1;
  }
  if (command === 'config' && rest[0] === 'check') return checkConfig(rest[1]);
  if (command === 'wasm' && rest[0] === 'run') return runPolicy(rest.slice(1));
  if (command === 'wasm' && rest[0] === 'new') return scaffoldPolicy(rest.slice(1));
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

dropWasiExperimentalWarning();
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof PipelineBuildError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`switchyard: ${err.message}\n\n${USAGE}`);
      process.exit(64);
    }
    process.stderr.write(`switchyard: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
