#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../core/package-root.js';
import { CliFailure } from './cli-failure.js';
import { BuildFailed } from './build-failed.js';
import { launchCommand, launchFlagsFrom, precheckLaunchArgs, usageErrorFrom, UsageError } from './parse-launch-flags.js';
import { dropWasiExperimentalWarning } from '../core/logging/quiet-wasi-warning.js';

// What a command needs is imported when it runs, so --help, --version and usage errors answer at once.
const gateway = () => import('./run-gateway.js');
const wasmCommands = () => import('./wasm-commands.js');
const mcpCommands = () => import('./mcp-commands.js');

/** The whole command line; actions store their exit code (launch keeps running: -1). */
function program(setExit: (code: number) => void): Command {
  const root = new Command('switchyard')
    .description('An open LLM gateway: per-route pipelines of stages, OpenAI-compatible, WASM policies.')
    .version(PACKAGE_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help (every command has its own: switchyard launch --help)')
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(true);

  const launchCmd = launchCommand().action(async (_opts: unknown, command: Command) => {
    await (await gateway()).launch(launchFlagsFrom(command));
    setExit(-1);
  });
  root.addCommand(launchCmd);

  const config = new Command('config').description('work with config files').exitOverride().configureOutput({ outputError: () => undefined });
  config
    .command('check')
    .description('validate a config file and build its pipelines (every error, with its path); nothing listens')
    .argument('<file>', 'YAML or JSON config')
    .action(async (file: string) => setExit(await (await gateway()).checkConfig(file)));
  root.addCommand(config);

  const wasm = new Command('wasm').description('write, build and try WASM policies').exitOverride().configureOutput({ outputError: () => undefined });
  wasm
    .command('new')
    .description('scaffold a policy in ./NAME (or --dir DIR) that builds and loads as is')
    .argument('<name>', 'lowercase letters, digits and dashes')
    .requiredOption('--lang <lang>', 'as (AssemblyScript), rust, or rust-component')
    .option('--dir <dir>', 'where to create the policy folder (default: the working directory)')
    .action(async (name: string, opts: { lang: string; dir?: string }) => setExit((await wasmCommands()).scaffoldPolicy(name, opts.lang, opts.dir ?? process.cwd())));
  wasm
    .command('build')
    .description('build the policy in DIR (default: the working directory) into DIR/NAME.wasm')
    .argument('[dir]', 'a folder holding policy.ts or policy.rs')
    .option('--out <file>', 'where to write the module')
    .action(async (dir: string | undefined, opts: { out?: string }) => setExit((await wasmCommands()).buildPolicy(dir ?? process.cwd(), opts.out)));
  wasm
    .command('run')
    .description('run a policy against an input fixture with the gateway\'s own checks; exit 1 on a bad answer')
    .argument('<module>', 'MODULE.wasm')
    .argument('<input>', 'INPUT.json')
    .option('--fn <phase>', 'on_request, on_response, on_stream_chunk or on_error', 'on_request')
    .action(async (module: string, input: string, opts: { fn: string }) => setExit(await (await wasmCommands()).runPolicy(module, input, opts.fn)));
  root.addCommand(wasm);

  const mcp = new Command('mcp').description('MCP helpers').exitOverride().configureOutput({ outputError: () => undefined });
  mcp
    .command('demo-server')
    .description('serve harmless demo MCP tools (add, echo, get_time) over streamable HTTP at /mcp, for examples/tool-loop.yaml')
    .option('--port <port>', 'port to listen on (0: any free one)', '8931')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      await (await mcpCommands()).runMcpDemoServer(opts.port, opts.host);
      setExit(-1);
    });
  root.addCommand(mcp);
  return root;
}

/** The `--help` a usage error points to: the deepest command named on the line. */
function helpFor(argv: readonly string[]): string {
  const [first, second] = argv;
  if (first === 'launch') return 'switchyard launch --help';
  const grouped = first === 'config' || first === 'wasm' || first === 'mcp';
  if (grouped && second !== undefined && !second.startsWith('-')) return `switchyard ${first} ${second} --help`;
  if (grouped) return `switchyard ${first} --help`;
  return 'switchyard --help';
}

async function main(argv: readonly string[]): Promise<number> {
  let exit = 0;
  const root = program((code) => (exit = code));
  if (argv.length === 0) {
    process.stdout.write(root.helpInformation());
    return 0;
  }
  if (argv[0] === 'launch') precheckLaunchArgs(argv.slice(1));
  try {
    await root.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with 0; `switchyard wasm` (or `mcp`) alone shows its help and is a usage error.
      if (err.exitCode === 0) return 0;
      if (err.code === 'commander.help') return 64;
      throw usageErrorFrom(err, argv[0] === 'launch' ? argv.slice(1) : argv, helpFor(argv));
    }
    throw err;
  }
  return exit;
}

dropWasiExperimentalWarning();
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof BuildFailed) {
      process.stderr.write(`switchyard: ${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof CliFailure) {
      process.stderr.write(`${err.message}\n`);
      process.exit(err.code);
    }
    // By name: their modules load only with the command that throws them.
    if (err instanceof Error && (err.name === 'ConfigError' || err.name === 'PipelineBuildError')) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`switchyard: ${err.message}\n(${err.help} shows the usage)\n`);
      process.exit(64);
    }
    process.stderr.write(`switchyard: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
