import { Command, CommanderError, Option } from 'commander';
import { MAPPED_SMG_FLAGS, UNSUPPORTED_SMG_FLAGS, unsupportedSmgFlagMessage, type MappedSmgFlag } from './smg-flags.js';

/** One SMG flag mapped onto a config setting (smg-flags.ts), with the value as the config takes it. */
export interface MappedSetting {
  readonly flag: string;
  readonly path: readonly string[];
  readonly value: number | readonly string[];
}

/** `switchyard launch` flags. Names follow SMG's router so its users' launch lines keep working. */
export interface LaunchFlags {
  config?: string;
  workerUrls?: string[];
  policy?: string;
  host?: string;
  port?: number;
  stateDir?: string;
  haRedisUrl?: string;
  logLevel?: string;
  maxPayloadSize?: number;
  apiKeys?: string[];
  controlPlaneApiKeys?: string[];
  jwtIssuer?: string;
  jwtAudience?: string;
  jwtJwksUri?: string;
  jwtRoleClaim?: string;
  jwtRoleMapping?: string[];
  enableWasm?: boolean;
  wasmModuleRoots?: string[];
  /** Envoy ext_proc gRPC port (the extproc plugin). */
  extprocPort?: number;
  /** SMG flags mapped onto config settings, in the order given. */
  settings?: MappedSetting[];
}

/** A command line the CLI cannot run; `help` names the command whose --help explains it. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly help = 'switchyard --help',
  ) {
    super(message);
  }
}

const wholeNumber =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}"`, 'switchyard launch --help');
    return Number(value);
  };

const decimalNumber =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`${flag} must be a number, got "${value}"`, 'switchyard launch --help');
    return Number(value);
  };

function smgOption(spec: MappedSmgFlag): Option {
  const attribute = spec.flag.slice(2);
  if (spec.kind === 'switch') return new Option(spec.flag, spec.help).helpGroup('SMG router flags (mapped onto the config):');
  if (spec.kind === 'list') return new Option(`${spec.flag} <value...>`, spec.help).helpGroup('SMG router flags (mapped onto the config):');
  const parse = spec.kind === 'number' ? decimalNumber(spec.flag) : wholeNumber(spec.flag);
  const toConfig = spec.kind === 'seconds-to-ms' ? (value: string): number => parse(value) * 1000 : parse;
  return new Option(`${spec.flag} <${attribute.endsWith('secs') ? 'secs' : 'n'}>`, spec.help).argParser(toConfig).helpGroup('SMG router flags (mapped onto the config):');
}

/** Flags that take no value, so `--flag=value` is refused by name rather than as an unknown option. */
const SWITCHES = ['--enable-wasm', ...MAPPED_SMG_FLAGS.filter((f) => f.kind === 'switch').map((f) => f.flag)];

/** Declares every launch flag on `command` (the CLI's `launch`, or a bare command for parsing alone). */
export function defineLaunchOptions(command: Command): Command {
  const port = wholeNumber('--port');
  return command
    .option('--config <file>', 'config file (YAML or JSON); without it and without --worker-urls, the embedded demo config')
    .option('--worker-urls <url...>', 'workers (models discovered from each /v1/models); replaces the file\'s workers')
    .option('--policy <name>', 'default routing policy (round_robin, random, least_load, power_of_two, cache_aware, consistent_hash, priority, cost)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 30000; 0 picks a free one)', port)
    .option('--state-dir <dir>', 'where registered workers, keys and spend are kept')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--max-payload-size <bytes>', 'largest request body', wholeNumber('--max-payload-size'))
    .addOption(new Option('--api-key <key...>', 'data-plane API keys (role user)').helpGroup('Access:'))
    .addOption(new Option('--control-plane-api-keys <id:name:role:key...>', 'control-plane keys (role admin or read-only)').helpGroup('Access:'))
    .addOption(new Option('--jwt-issuer <iss>', 'JWT issuer for admins').helpGroup('Access:'))
    .addOption(new Option('--jwt-audience <aud>', 'JWT audience').helpGroup('Access:'))
    .addOption(new Option('--jwt-jwks-uri <url>', 'JWKS URL or file').helpGroup('Access:'))
    .addOption(new Option('--jwt-role-claim <claim>', 'claim holding the role').helpGroup('Access:'))
    .addOption(new Option('--jwt-role-mapping <idp_role=gateway_role...>', 'IdP role to gateway role').helpGroup('Access:'))
    .addOption(new Option('--enable-wasm', 'accept WASM policies (needs --wasm-module-root)').helpGroup('WASM policies:'))
    .addOption(new Option('--wasm-module-root <dir...>', 'directories policies may be loaded from').helpGroup('WASM policies:'))
    .addOption(new Option('--extproc-port <port>', 'also serve Envoy\'s ext_proc v3 (gRPC) on this port (0 picks a free one); see plugins/extproc').argParser(wholeNumber('--extproc-port')).helpGroup('Envoy ExtProc:'))
    .addOption(new Option('--ha-redis-url <url>', 'run as one of several replicas sharing state on this Redis (needs --state-dir)').helpGroup('Replicas:'))
    .addOption(new Option('--worker-url <url...>').hideHelp()) // a common slip for --worker-urls; caught below
    .addHelpText('after', unsupportedHelp());
}

function unsupportedHelp(): string {
  return `\nSMG router flags that are refused (with the reason and what to use instead):\n  ${wrap(Object.keys(UNSUPPORTED_SMG_FLAGS), 76).join('\n  ')}\n\nFlags override the config file. Every error is reported at once; \`switchyard config check FILE\` checks a file alone.\n`;
}

function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Adds the mapped SMG flags to the launch command. */
export function defineSmgOptions(command: Command): Command {
  for (const spec of MAPPED_SMG_FLAGS) command.addOption(smgOption(spec));
  return command;
}

/**
 * Refuses what commander would misreport: SMG flags Switchyard does not take (with the reason) and
 * a value given to a flag that takes none.
 */
export function precheckLaunchArgs(argv: readonly string[]): void {
  for (const token of argv) {
    if (!token.startsWith('--')) continue;
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const unsupported = unsupportedSmgFlagMessage(name);
    if (unsupported !== undefined) throw new UsageError(unsupported, 'switchyard launch --help');
    if (eq !== -1 && SWITCHES.includes(name)) throw new UsageError(`${name} takes no value`, 'switchyard launch --help');
  }
}

/** The launch flags from commander's parsed options (their names are the flags in camelCase). */
export function launchFlagsFrom(command: Command): LaunchFlags {
  const opts = command.opts<Record<string, unknown>>();
  if (opts['workerUrl'] !== undefined) throw new UsageError('unknown option "--worker-url" (did you mean --worker-urls?)', 'switchyard launch --help');
  const flags: LaunchFlags = {};
  const text = (key: keyof LaunchFlags): void => {
    const value = opts[key];
    if (typeof value === 'string') Object.assign(flags, { [key]: value });
  };
  const list = (key: keyof LaunchFlags, from: string = key): void => {
    const value = opts[from];
    if (Array.isArray(value)) Object.assign(flags, { [key]: value.map(String) });
  };
  const int = (key: keyof LaunchFlags): void => {
    const value = opts[key];
    if (typeof value === 'number') Object.assign(flags, { [key]: value });
  };
  text('config');
  list('workerUrls');
  text('policy');
  text('host');
  int('port');
  text('stateDir');
  text('haRedisUrl');
  text('logLevel');
  int('maxPayloadSize');
  list('apiKeys', 'apiKey');
  list('controlPlaneApiKeys');
  text('jwtIssuer');
  text('jwtAudience');
  text('jwtJwksUri');
  text('jwtRoleClaim');
  list('jwtRoleMapping');
  if (opts['enableWasm'] === true) flags.enableWasm = true;
  list('wasmModuleRoots', 'wasmModuleRoot');
  int('extprocPort');
  const settings: MappedSetting[] = [];
  for (const spec of MAPPED_SMG_FLAGS) {
    const value = opts[new Option(spec.flag).attributeName()];
    if (spec.kind === 'switch' && value === true && spec.switchValue !== undefined) settings.push({ flag: spec.flag, path: spec.path, value: spec.switchValue });
    else if (typeof value === 'number') settings.push({ flag: spec.flag, path: spec.path, value });
    else if (spec.kind === 'list' && Array.isArray(value)) settings.push({ flag: spec.flag, path: spec.path, value: value.map(String) });
  }
  if (settings.length > 0) flags.settings = settings;
  return flags;
}

/**
 * Commander's own error text ("error: option '--port <port>' argument missing") rewritten to name
 * the flag plainly and say what it wants; `help` is the command whose --help lists the flags.
 */
export function usageErrorFrom(err: CommanderError, argv: readonly string[], help: string): UsageError {
  const message = err.message.replace(/^error: /, '');
  const flag = /option '(-[\w-]+)/.exec(message)?.[1];
  switch (err.code) {
    case 'commander.unknownOption': {
      const name = /unknown option '([^']+)'/.exec(message)?.[1] ?? '?';
      const suggestion = /\(Did you mean ([^)]+)\?\)/.exec(message)?.[1];
      return new UsageError(`unknown option "${name}"${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`, help);
    }
    case 'commander.optionMissingArgument':
      return new UsageError(`${flag ?? 'an option'} needs a value`, help);
    case 'commander.excessArguments': {
      const i = argv.findIndex((token, j) => !token.startsWith('-') && (j === 0 || !argv[j - 1]!.startsWith('-') || argv[j - 1]!.includes('=')));
      const before = i > 0 ? previousFlag(argv, i) : undefined;
      if (i === -1) return new UsageError(message, help);
      return new UsageError(before === undefined ? `unexpected argument "${argv[i]}" (flags start with --)` : `${before} takes one value; "${argv[i]}" is left over`, help);
    }
    default:
      return new UsageError(message, help);
  }
}

function previousFlag(argv: readonly string[], i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (argv[j]!.startsWith('--')) return argv[j]!.split('=')[0];
  return undefined;
}

/** A launch command on its own, throwing instead of exiting (the CLI's `launch`, and tests). */
export function launchCommand(): Command {
  const command = new Command('launch')
    .description('run the gateway: the embedded demo config, a config file, or workers from the command line')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  defineLaunchOptions(command);
  defineSmgOptions(command);
  return command;
}

/**
 * Parses `--flag value`, `--flag=value` and SMG's multi-value flags (`--worker-urls A B C`,
 * `--api-key K1 K2`: values run until the next flag; the flag may also repeat).
 */
export function parseLaunchFlags(argv: readonly string[]): LaunchFlags {
  precheckLaunchArgs(argv);
  const command = launchCommand();
  try {
    command.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) throw usageErrorFrom(err, argv, 'switchyard launch --help');
    throw err;
  }
  return launchFlagsFrom(command);
}
