import { startMcpDemoServer } from '../plugins/tool-loop/demo-server/mcp-demo-server.js';
import { CliFailure } from './cli-failure.js';

/**
 * `switchyard mcp demo-server`: serves the demo MCP tools until SIGINT/SIGTERM, printing the URL
 * to register (stdout, one line, so a script can read it).
 */
export async function runMcpDemoServer(portText: string, host: string): Promise<void> {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(`switchyard: --port must be an integer from 0 to 65535, not "${portText.slice(0, 32)}".`, 64);
  let server;
  try {
    server = await startMcpDemoServer({ port, host });
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (code === 'EADDRINUSE') throw new CliFailure(`switchyard: port ${port} is in use; pick another with --port.`, 1);
    throw err;
  }
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`demo MCP server (tools: add, echo, get_time) — register it with POST /mcp/servers {"server_id":"demo","name":"Demo","url":"${server.url}"}; Ctrl-C stops it\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
