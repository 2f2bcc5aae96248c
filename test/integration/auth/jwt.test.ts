import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ISSUER = 'https://idp.example';
const AUDIENCE = 'switchyard';
const HS_SECRET = 'a-shared-secret-of-at-least-32-bytes!!';

interface Signer {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function rsaSigner(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function token(claims: Record<string, unknown>, options: { exp?: string | false; iss?: string; aud?: string } = {}): SignJWT {
  const jwt = new SignJWT(claims).setIssuedAt().setIssuer(options.iss ?? ISSUER).setAudience(options.aud ?? AUDIENCE).setSubject('alice');
  if (options.exp !== false) jwt.setExpirationTime(options.exp ?? '5m');
  return jwt;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function status(gateway: TestGateway, method: string, path: string, jwt: string): Promise<number> {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify({ id: `k-${Math.random().toString(36).slice(2)}` }) }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('control-plane JWT', () => {
  let upstream: FakeUpstream;
  let signer: Signer;
  let gateway: TestGateway;

  before(async () => {
    upstream = await new FakeUpstream().start();
    signer = await rsaSigner('k1');
    const jwksFile = join(mkdtempSync(join(tmpdir(), 'sy-jwks-')), 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [signer.jwk] }));
    gateway = await gatewayFor([upstream.url], {
      auth: {
        jwt: {
          issuer: ISSUER,
          audience: AUDIENCE,
          jwks_file: jwksFile,
          hs256_secret: HS_SECRET,
          role_claim: 'realm.roles',
          role_mapping: { 'idp-admins': 'admin', 'idp-viewers': 'read-only', 'idp-devs': 'user' },
        },
      },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const sign = (claims: Record<string, unknown>, options?: Parameters<typeof token>[1]) =>
    token(claims, options).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(signer.privateKey);

  it('accepts a valid token and maps the identity provider role (highest wins; unknown → least privilege)', async () => {
    expect(await status(gateway, 'POST', '/keys', await sign({ realm: { roles: ['idp-devs', 'idp-admins'] } }))).to.equal(201);
    expect(await status(gateway, 'GET', '/keys', await sign({ realm: { roles: ['idp-viewers'] } }))).to.equal(200);
    expect(await status(gateway, 'POST', '/keys', await sign({ realm: { roles: ['idp-viewers'] } }))).to.equal(403);
    const unknownRole = await sign({ realm: { roles: ['something-else'] } });
    expect(await status(gateway, 'GET', '/keys', unknownRole)).to.equal(200);
    expect(await status(gateway, 'DELETE', '/keys/x', unknownRole)).to.equal(403);
    expect(await status(gateway, 'POST', '/keys', await sign({ role: 'admin' })), 'role is read from the configured claim only').to.equal(403);
    expect(await status(gateway, 'POST', '/v1/chat/completions', await sign({ realm: { roles: ['idp-devs'] } }))).to.equal(400);
  });

  it('accepts HS256 only with the configured secret', async () => {
    const hs = await token({ realm: { roles: ['idp-admins'] } }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(HS_SECRET));
    expect(await status(gateway, 'GET', '/keys', hs)).to.equal(200);
  });

  it('refuses every attack with 401', async () => {
    const admin = { realm: { roles: ['idp-admins'] } };
    const now = Math.floor(Date.now() / 1000);
    const attacker = await rsaSigner('k1');
    const pem = await exportSPKI((await generateKeyPair('RS256', { extractable: true })).publicKey);
    const attacks: Record<string, string> = {
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...admin, iss: ISSUER, aud: AUDIENCE, exp: now + 300 })}.`,
      'HS/RS confusion (public key as HMAC secret)': await token(admin).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JSON.stringify(signer.jwk))),
      'HS256 with the PEM as secret': await token(admin).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(pem)),
      'wrong key, same kid': await token(admin).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(attacker.privateKey),
      'key in the token header (jwk)': await token(admin).setProtectedHeader({ alg: 'RS256', jwk: attacker.jwk }).sign(attacker.privateKey),
      'key URL in the token header (jku)': await token(admin).setProtectedHeader({ alg: 'RS256', kid: 'zz', jku: 'http://127.0.0.1:1/jwks' }).sign(attacker.privateKey),
      expired: await sign(admin, { exp: '-10m' }),
      'no exp': await sign(admin, { exp: false }),
      'wrong audience': await sign(admin, { aud: 'someone-else' }),
      'wrong issuer': await sign(admin, { iss: 'https://evil.example' }),
      'tampered payload': (await sign({ realm: { roles: ['idp-viewers'] } })).replace(/\.[^.]+\./, `.${b64url({ ...admin, iss: ISSUER, aud: AUDIENCE, exp: now + 300 })}.`),
      'HS256 signed with a hand-rolled HMAC of a wrong secret': (() => {
        const head = `${b64url({ alg: 'HS256' })}.${b64url({ ...admin, iss: ISSUER, aud: AUDIENCE, exp: now + 300 })}`;
        return `${head}.${createHmac('sha256', 'wrong').update(head).digest('base64url')}`;
      })(),
    };
    for (const [name, jwt] of Object.entries(attacks)) {
      expect(await status(gateway, 'GET', '/keys', jwt), name).to.equal(401);
    }
  });

  it('fetches keys from a JWKS URL, refreshes on an unknown kid, and rate-limits refreshes', async () => {
    const first = await rsaSigner('a');
    const second = await rsaSigner('b');
    const junk = await rsaSigner('junk');
    let served: JWK[] = [first.jwk];
    let fetches = 0;
    const jwksServer: Server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
    const gw = await gatewayFor([upstream.url], { auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks_uri: jwksUri, jwks_cooldown_ms: 3000, role_mapping: { ops: 'admin' } } } });
    try {
      const signWith = (s: Signer) => token({ role: 'ops' }).setProtectedHeader({ alg: 'RS256', kid: s.jwk.kid! }).sign(s.privateKey);
      expect(await status(gw, 'GET', '/keys', await signWith(first))).to.equal(200);
      served = [first.jwk, second.jwk];
      const rotated = await signWith(second);
      // Within the cool-down the unknown kid does not trigger a fetch.
      expect(await status(gw, 'GET', '/keys', rotated)).to.equal(401);
      for (let i = 0; i < 10; i++) await status(gw, 'GET', '/keys', await signWith({ ...junk, jwk: { ...junk.jwk, kid: `junk-${i}` } }));
      expect(fetches).to.equal(1);
      // After the cool-down (jose's own clock) the unknown kid is fetched once more.
      await waitFor('a refresh after the cool-down', async () => (await status(gw, 'GET', '/keys', rotated)) === 200);
      expect(fetches).to.equal(2);
    } finally {
      await gw.close();
      jwksServer.close();
    }
  });
});
