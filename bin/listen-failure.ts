/**
 * One line for the ways listening fails that are the operator's to fix (a port in use, a port
 * that needs privileges, an address this machine does not have); undefined for anything else,
 * which is a bug and keeps its stack.
 */
export function listenFailure(err: unknown, host: string, port: number): string | undefined {
  const code = err instanceof Error && 'code' in err ? (err as NodeJS.ErrnoException).code : undefined;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is in use (another switchyard?). Stop it, or choose another port with --port N (0 picks a free one).`;
    case 'EACCES':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges). Choose another port with --port N.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: this machine has no such address. Choose another with --host (127.0.0.1, or 0.0.0.0 for every interface).`;
    default:
      return undefined;
  }
}
