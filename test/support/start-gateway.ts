import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';
import { createApp, type GatewayApp } from '../../core/app.js';
import { resolveConfig } from '../../core/config/load-config.js';
import { loadSchemaValidators, type SchemaValidators } from '../../core/schema/schema-validators.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { StateDirectory } from '../../core/state/state-directory.js';
import { builtinPlugins } from '../../plugins/builtin-plugins.js';
import type { GatewayConfig } from '../../core/config/gateway-config.js';
import type { Plugin } from '../../core/plugin-contract.js';
import type { ConfigSource } from '../../core/config/config-reloader.js';

let validators: SchemaValidators | undefined;
export function testValidators(): SchemaValidators {
  validators ??= loadSchemaValidators();
  return validators;
}

/** A raw config (as a file would hold it) validated as the built-in plugins compose it. */
export function resolveTestConfig(raw: unknown, env: NodeJS.ProcessEnv = {}, source = 'test config', plugins: readonly Plugin[] = builtinPlugins()): GatewayConfig {
  return resolveConfig(raw, testValidators(), source, plugins, env);
}

export interface TestGateway {
  readonly url: string;
  readonly app: GatewayApp;
  readonly server: RunningServer;
  /** Every line the gateway logged, for canary-secret checks. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** A logger that keeps its lines in memory. */
export function captureLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

/** The real app from a raw config (as a file would hold it), listening on a loopback port. */
export async function startGateway(raw: Record<string, unknown>, options: { stateDir?: string; plugins?: readonly Plugin[]; configSource?: ConfigSource } = {}): Promise<TestGateway> {
  const plugins = options.plugins ?? builtinPlugins();
  // A test that says nothing about auth gets an open data plane, as the demo config has it.
  const config = resolveTestConfig(raw['auth'] === undefined ? { ...raw, auth: { anonymous: true } } : raw, {}, 'test config', plugins);
  const logLines: string[] = [];
  const state = options.stateDir === undefined ? undefined : await StateDirectory.open(options.stateDir);
  const app = await createApp(config, {
    plugins,
    validators: testValidators(),
    logger: captureLogger(logLines),
    ...(state ? { state } : {}),
    ...(options.configSource === undefined ? {} : { configSource: options.configSource }),
  });
  const server = await startServer(app, '127.0.0.1', 0);
  let closed = false;
  return {
    url: server.url,
    app,
    server,
    logLines,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.drain(2000);
    },
  };
}

/** Shorthand for a gateway in front of one or more fake workers that serve `fake-model`. */
export function gatewayFor(workerUrls: readonly string[], extra: Record<string, unknown> = {}, options: { stateDir?: string } = {}): Promise<TestGateway> {
  return startGateway({ workers: workerUrls.map((url) => ({ url, models: ['fake-model'] })), ...extra }, options);
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
