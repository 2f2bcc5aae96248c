import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, startGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';

/** A forward proxy that tunnels CONNECT, as a corporate egress proxy does, and records each target. */
async function startTunnelProxy(): Promise<{ url: string; targets: string[]; server: Server }> {
  const targets: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets, server };
}

describe('egress through HTTP(S)_PROXY', function () {
  this.timeout(30_000);
  const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], NO_PROXY: process.env['NO_PROXY'] };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('the operator\'s workers go through the proxy; NO_PROXY names exceptions', async () => {
    const upstream = await new FakeUpstream().start();
    const proxy = await startTunnelProxy();
    const chat = (url: string) =>
      fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }) });
    try {
      process.env['HTTP_PROXY'] = proxy.url;
      delete process.env['NO_PROXY'];
      const proxied = await gatewayFor([upstream.url]);
      try {
        const res = await chat(proxied.url);
        expect(res.status).to.equal(200);
        await res.text();
        expect(proxy.targets, 'tunnelled to the worker').to.include(new URL(upstream.url).host);
      } finally {
        await proxied.close();
      }
      proxy.targets.length = 0;
      process.env['NO_PROXY'] = '127.0.0.1';
      const direct = await gatewayFor([upstream.url]);
      try {
        const res = await chat(direct.url);
        expect(res.status).to.equal(200);
        await res.text();
        expect(proxy.targets, 'NO_PROXY: straight to the worker').to.deep.equal([]);
      } finally {
        await direct.close();
      }
    } finally {
      proxy.server.close();
      await upstream.stop();
    }
  });

  it('a worker registered through POST /workers connects directly: the SSRF policy must see the address', async () => {
    const upstream = await new FakeUpstream().start();
    const proxy = await startTunnelProxy();
    process.env['HTTP_PROXY'] = proxy.url;
    delete process.env['NO_PROXY'];
    const admin = 'sk-proxy-admin-0001';
    const gateway = await startGateway({ auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: admin }] }, security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } } });
    try {
      const registered = await fetch(`${gateway.url}/workers`, { method: 'POST', headers: { ...bearer(admin), 'content-type': 'application/json' }, body: JSON.stringify({ url: upstream.url, models: [{ id: 'fake-model' }] }) });
      expect(registered.status, await registered.text()).to.be.oneOf([200, 201, 202]);
      const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }) });
      expect(res.status).to.equal(200);
      await res.text();
      expect(proxy.targets).to.deep.equal([]);
    } finally {
      await gateway.close();
      proxy.server.close();
      await upstream.stop();
    }
  });
});
