import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { freePort } from './redis-server.js';

/**
 * A loopback port whose accept queue is full, so a new connection's SYN goes unanswered and the
 * connect hangs: the only way to exercise a connect timeout without leaving loopback. Node always
 * accepts, so a tiny Python listener that never calls accept() holds the port.
 */
export async function startUnacceptingListener(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-c', `import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',${port}))\ns.listen(0)\nprint('ready',flush=True)\ntime.sleep(120)`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  // Fill the accept queue (backlog 0 holds one, plus one in SYN-RECV on Linux).
  const fillers: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
  }
  await new Promise((r) => setTimeout(r, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      fillers.forEach((s) => s.destroy());
      child.kill('SIGKILL');
    },
  };
}
