import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { buildDashboardUi } from '../../../plugins/dashboard/ui/build.js';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';
import { registerModule } from '../../support/wasm-admin.js';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'sk-dashboard-admin-0001';
const AUDITOR = 'sk-dashboard-readonly-0001';
const DATA_KEY = 'sk-dashboard-data-0001';
const JWT_SECRET = 'a-dashboard-test-secret-of-32-bytes-or-more';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
/** Screenshots of each panel land here (not committed); DASHBOARD_SCREENSHOTS overrides. */
const SCREENSHOTS = process.env['DASHBOARD_SCREENSHOTS'] ?? join(tmpdir(), 'switchyard-dashboard-screenshots');
/** A key name that would run script if the page ever put data into the DOM as HTML. */
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';

interface ListedWorker {
  readonly id: string;
  readonly status: { readonly draining: boolean };
}

describe('dashboard in a real browser (Debian chromium via playwright-core)', function () {
  // A safety net against a hang only: a browser and WASM policy workers start slowly on a loaded machine.
  this.timeout(120_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let browser: Browser;
  let page: Page;
  /** What POST /config/reload re-reads (the test changes it). */
  let config: Record<string, unknown>;
  /** Every secret the test used or was shown, for the log check at the end. */
  const secrets: string[] = [ADMIN, AUDITOR, DATA_KEY, JWT_SECRET];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  const control = (path: string, key = ADMIN): Promise<Response> => fetch(`${gateway.url}${path}`, { headers: bearer(key) });
  const workers = async (): Promise<ListedWorker[]> => ((await (await control('/workers')).json()) as { workers: ListedWorker[] }).workers;
  const chat = (): Promise<Response> => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'mail jane@example.com' }] }, bearer(DATA_KEY));
  const shoot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const signIn = async (key: string): Promise<void> => {
    await page.locator('#admin-key').fill(key);
    await page.locator('#login-form button[type=submit]').click();
  };

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does).`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // `npm test` does not run `npm run build`: the page is built from its sources here, before the
    // gateway reads it at setup, so the test always drives the page the sources make now.
    await buildDashboardUi();
    upstream = await new FakeUpstream().start();
    config = {
      auth: {
        api_keys: [{ id: 'app', key: DATA_KEY, budget: 5, team: 'web' }],
        control_plane_api_keys: [
          { id: 'ops', key: ADMIN },
          { id: 'auditor', key: AUDITOR, role: 'read-only' },
        ],
        jwt: { issuer: 'https://idp.example', audience: 'switchyard', hs256_secret: JWT_SECRET, role_claim: 'groups', role_mapping: { 'gateway-admins': 'admin' } },
      },
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      limits: { teams: { web: { budget: 20 } } },
      wasm: { enabled: true, module_roots: [ROOT] },
      // The second fake worker the test adds through the page listens on loopback too.
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      stages: { 'rate-limit': { window_ms: 60_000 } },
      routes: { '/v1/chat/completions': { pipeline: ['rate-limit', 'wasm:guard', 'upstream'] } },
    };
    gateway = await startGateway(config, { configSource: { name: 'dashboard test', read: () => config } });
    // A limit of seconds: a loaded machine must not turn a slow policy call into a failure.
    await registerModule(gateway.url, ADMIN, { name: 'guard', file_path: join(ROOT, 'examples/pii-masker/pii-masker.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.stop();
  });

  it('serves the page publicly with a strict CSP; its data routes are control-plane only', async () => {
    const res = await fetch(`${gateway.url}/dashboard`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const part of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) expect(csp).to.contain(part);
    expect(csp).to.not.contain('unsafe');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    const html = await res.text();
    expect(html, 'no inline script or style, nothing from another origin').to.not.match(/<script>|<style|\sstyle=|\son[a-z]+=|(src|href)="(https?:)?\/\//);
    for (const asset of ['/dashboard/app.js', '/dashboard/app.css']) expect((await fetch(`${gateway.url}${asset}`)).status, asset).to.equal(200);
    expect(await (await fetch(`${gateway.url}/dashboard/`)).text(), '/dashboard/ is the page too').to.equal(html);

    expect(await (await control('/dashboard/api/session', AUDITOR)).json()).to.deep.equal({ id: 'auditor', kind: 'api_key', role: 'read-only', can_write: false });
    for (const path of ['/dashboard/api/session', '/dashboard/api/pipelines', '/dashboard/api/traffic']) {
      expect((await fetch(`${gateway.url}${path}`)).status, `${path} without a key`).to.equal(401);
      expect((await control(path, DATA_KEY)).status, `${path} with a data-plane key`).to.equal(401);
      expect((await control(path, AUDITOR)).status, `${path} with a read-only control key`).to.equal(200);
    }
    const view = (await (await control('/dashboard/api/pipelines')).json()) as { routes: { path: string; stages: { name: string; kind: string }[] }[] };
    const chatRoute = view.routes.find((r) => r.path === '/v1/chat/completions');
    expect(chatRoute?.stages.map((s) => `${s.name}:${s.kind}`)).to.deep.equal(['wasm-attached:implicit', 'rate-limit:built-in', 'wasm:guard:wasm', 'upstream:built-in']);
  });

  it('signs in with the admin key (never in the URL), shows who it is, draws each route\'s stages in order and lists the worker and the policy', async () => {
    await page.goto(`${gateway.url}/dashboard`);
    await signIn('sk-not-a-key');
    await page.locator('#login-error', { hasText: 'does not accept this key' }).waitFor();
    await signIn(DATA_KEY);
    await page.locator('#login-error', { hasText: 'does not accept this key' }).waitFor();

    await signIn(ADMIN);
    await page.locator('#panels').waitFor({ state: 'visible' });
    expect(page.url()).to.not.contain(ADMIN);
    expect(await page.locator('#whoami').textContent()).to.equal('ops · admin');
    const chain = page.locator('article:has([data-path="/v1/chat/completions"]) .stage');
    await chain.first().waitFor();
    expect(await chain.locator('.stage-name').allTextContents()).to.deep.equal(['wasm-attached', 'rate-limit', 'wasm:guard', 'upstream']);
    expect(await page.locator('article:has([data-path="/v1/chat/completions"]) .stage-wasm .stage-name').allTextContents()).to.deep.equal(['wasm:guard']);
    expect(await page.locator('article:has([data-path="/v1/completions"]) .stage-name').allTextContents(), 'other routes run the default pipeline').to.deep.equal(['wasm-attached', 'upstream']);
    await chain.filter({ hasText: 'rate-limit' }).locator('summary').click();
    expect(await chain.filter({ hasText: 'rate-limit' }).locator('.stage-config').textContent(), "a stage's config").to.contain('"window_ms": 60000');

    const [worker] = await workers();
    const row = page.locator(`[data-worker="${worker!.id}"]`);
    await row.locator('[data-state="healthy"]').waitFor();
    expect(await row.textContent()).to.contain('fake-model');
    await page.locator('[data-module="guard"]', { hasText: 'OnRequest' }).waitFor();
    await shoot('routes-workers-wasm');
  });

  it('the overview\'s request counter moves while traffic flows (polling every 2 s)', async () => {
    const total = page.locator('[data-metric="requests-total"] .card-value');
    const before = Number(await total.textContent());
    for (let i = 0; i < 3; i += 1) expect((await chat()).status).to.equal(200);
    expect((upstream.chatBodies().at(-1)!['messages'] as { content: string }[])[0]!.content, 'the policy ran').to.equal('mail [email]');
    await waitFor('the overview to count the requests', async () => Number(await total.textContent()) >= before + 3, 15_000, 100);
    await waitFor('a rate to show', async () => (await page.locator('[data-metric="rps"] .card-value').textContent()) !== '–', 15_000, 100);
    expect(await page.locator('#overview-models').textContent()).to.contain('fake-model');
    await shoot('overview');
    expect(await page.locator('#overview-models th', { hasText: 'Cost/min' }).count(), 'cost per minute per model').to.equal(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-1280x800.png') });
  });

  it("each stage of a route's chain shows its own counters, and the request counter moves with traffic", async () => {
    const chain = page.locator('article:has([data-path="/v1/chat/completions"])');
    const counter = (stage: string, name: string) => chain.locator(`[data-stage="${stage}"] [data-counter="${name}"] .counter-value`);
    const seen = Number(await counter('rate-limit', 'seen').textContent());
    const upstreamSeen = Number(await counter('upstream', 'seen').textContent());
    for (let i = 0; i < 2; i += 1) expect((await chat()).status).to.equal(200);
    await waitFor('the rate-limit stage to count the requests', async () => Number(await counter('rate-limit', 'seen').textContent()) >= seen + 2, 15_000, 100);
    await waitFor('the upstream stage to count them too', async () => Number(await counter('upstream', 'seen').textContent()) >= upstreamSeen + 2, 15_000, 100);
    expect(Number(await counter('wasm:guard', 'seen').textContent()), 'the WASM stage saw them').to.be.at.least(2);
    for (const name of ['seen', 'rejected', 'answered', 'rewritten', 'self_ms']) expect(await counter('upstream', name).count(), name).to.equal(1);
    await shoot('routes-counters');
  });

  it('drains the worker from the UI: the gateway\'s /workers shows it draining and it takes no new requests', async () => {
    const [worker] = await workers();
    const row = page.locator(`[data-worker="${worker!.id}"]`);
    await row.locator('[data-action="drain"]').click();
    await waitFor('the gateway to report the worker draining', async () => (await workers())[0]?.status.draining === true, 10_000, 50);
    await row.locator('[data-state="draining"]').waitFor();
    await page.locator('#workers-message', { hasText: 'is draining' }).waitFor();
    expect((await chat()).status, 'no worker takes the request').to.equal(503);
    await shoot('workers-draining');
    await row.locator('[data-action="resume"]').click();
    await waitFor('the worker to take requests again', async () => (await workers())[0]?.status.draining === false, 10_000, 50);
    await row.locator('[data-state="healthy"]').waitFor();
  });

  it('adds a worker from the UI with the API\'s checks, then removes it (two clicks)', async () => {
    const second = await new FakeUpstream().start();
    const existing = (await workers()).map((w) => w.id);
    try {
      await page.locator('#worker-url').fill('http://169.254.169.254');
      await page.locator('#worker-models').fill('other-model');
      await page.locator('#worker-add button[type=submit]').click();
      await page.locator('#workers-message.error').waitFor();
      expect(await page.locator('#workers-message').textContent(), 'the SSRF policy refused it').to.not.equal('');
      expect(await workers()).to.have.length(1);

      await page.locator('#worker-url').fill(second.url);
      await page.locator('#worker-models').fill('other-model');
      await page.locator('#worker-add button[type=submit]').click();
      await page.locator('#workers-message', { hasText: 'Added' }).waitFor();
      const added = (await workers()).find((w) => !existing.includes(w.id));
      expect(added, 'the gateway lists the new worker').to.not.equal(undefined);
      const row = page.locator(`[data-worker="${added!.id}"]`);
      await row.locator('[data-state="healthy"]').waitFor();
      expect(await row.textContent()).to.contain('other-model').and.contain('api');

      await row.locator('[data-action="remove"]').click();
      await row.locator('[data-action="remove"]', { hasText: 'Confirm remove' }).click();
      await row.waitFor({ state: 'detached' });
      expect((await workers()).map((w) => w.id), 'removed on the gateway').to.not.include(added!.id);
    } finally {
      await second.stop();
    }
  });

  it('registers a WASM module from the UI: the next request runs it; off, on, a new version, and deleting it from the UI', async () => {
    const denied = (): Promise<Response> => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'please DROP TABLE users' }] }, bearer(DATA_KEY));
    expect((await denied()).status, 'before: nothing denies it').to.equal(200);
    await page.locator('#wasm-name').fill('deny');
    await page.locator('#wasm-path').fill(join(ROOT, 'examples/deny-list/deny-list.wasm'));
    await page.locator('#wasm-attach').selectOption('OnRequest');
    // A limit of seconds: a loaded machine must not turn a slow policy call into a failure.
    await page.locator('#wasm-timeout').fill('10000');
    await page.locator('#wasm-add button[type=submit]').click();
    await page.locator('#wasm-message', { hasText: 'Registered deny.' }).waitFor();
    await page.locator('[data-module="deny"]').waitFor();
    expect((await denied()).status, 'the next request runs the new policy (attached to every route)').to.equal(400);
    expect((await chat()).status, 'other requests pass').to.equal(200);
    await shoot('wasm-registered');

    const row = page.locator('[data-module="deny"]');
    await row.locator('[data-action="disable"]').click();
    await row.locator('[data-state="off"]').waitFor();
    expect((await denied()).status, 'switched off from the page: it no longer runs').to.equal(200);
    await row.locator('[data-action="enable"]').click();
    await row.locator('[data-state="active"]').waitFor();
    expect((await denied()).status, 'switched on again: it refuses').to.equal(400);
    await row.locator('[data-action="re-register"]').click();
    await page.locator('#wasm-message', { hasText: 'Registered deny again.' }).waitFor();
    await row.locator('td', { hasText: /^2$/ }).waitFor();
    expect((await denied()).status, 'the new version runs').to.equal(400);

    await page.locator('[data-module="deny"] [data-action="delete"]').click();
    await page.locator('[data-module="deny"]').waitFor({ state: 'detached' });
    expect((await denied()).status, 'deleted: it no longer runs').to.equal(200);
  });

  it('creates a key and shows its secret once; data from the gateway is only ever text', async () => {
    await page.locator('#key-id').fill('made-in-ui');
    await page.locator('#key-name').fill(HOSTILE_NAME);
    await page.locator('#key-create button[type=submit]').click();
    const secret = page.locator('#key-secret-value');
    await secret.waitFor({ state: 'visible' });
    const value = (await secret.textContent()) ?? '';
    expect(value).to.have.length.greaterThan(20);
    secrets.push(value);
    expect((await fetch(`${gateway.url}/v1/keys/self`, { headers: bearer(value) })).status, 'the shown secret is the key').to.equal(200);

    const row = page.locator('[data-key="made-in-ui"]');
    await row.waitFor();
    expect(await row.textContent(), 'the hostile name shows as text').to.contain(HOSTILE_NAME);
    expect(await page.locator('[data-key="app"] [data-spend]').textContent(), 'spend against budget (GET /limits/spend)').to.match(/^0\.0000 \/ 5 USD/);
    expect(await page.locator('[data-key="app"] [data-team]').textContent(), 'team spend against its budget').to.equal('web 0.0000 / 20 USD');
    expect(await page.locator('[data-key="made-in-ui"] [data-team]').textContent()).to.equal('–');
    expect(await page.evaluate('typeof window.__pwned')).to.equal('undefined');
    expect(await page.locator('#keys img').count(), 'no element was made from data').to.equal(0);
    await shoot('keys-secret-once');

    await page.locator('#key-secret-dismiss').click();
    await secret.waitFor({ state: 'hidden' });
    expect(await page.content(), 'the secret is gone from the page').to.not.contain(value);
    await page.reload();
    // The admin key lived in the page's memory only: a reload asks for it again, and no storage holds anything.
    await page.locator('#login').waitFor({ state: 'visible' });
    expect(await page.evaluate('sessionStorage.length + localStorage.length'), 'nothing kept in web storage').to.equal(0);
    expect(await page.context().cookies(), 'and no cookie').to.deep.equal([]);
    await signIn(ADMIN);
    await page.locator('#panels').waitFor({ state: 'visible' });
    await page.locator('[data-key="made-in-ui"]').waitFor();
    expect(await page.content(), 'the list never shows a secret').to.not.contain(value);

    const keyIds = async (): Promise<(string | null)[]> => Promise.all((await page.locator('[data-table="keys"] tbody tr').all()).map((row) => row.getAttribute('data-key')));
    const heading = page.locator('[data-table="keys"] th button', { hasText: /^Id$/ });
    await heading.click();
    expect(await keyIds(), 'sorted by id').to.deep.equal(['app', 'auditor', 'made-in-ui', 'ops']);
    await heading.click();
    expect(await keyIds(), 'the other way').to.deep.equal(['ops', 'made-in-ui', 'auditor', 'app']);

    await page.locator('[data-key="made-in-ui"] [data-action="revoke"]').click();
    await page.locator('[data-key="made-in-ui"]').waitFor({ state: 'detached' });
    expect((await fetch(`${gateway.url}/v1/keys/self`, { headers: bearer(value) })).status, 'revoked').to.equal(401);
  });

  it('config: shows the active version; reload applies a changed config and shows its answer', async () => {
    const version = async (): Promise<string> => ((await (await control('/router/info')).json()) as { config_version: string }).config_version;
    const before = await version();
    await page.locator('#config-info', { hasText: before }).waitFor();
    config = { ...config, stages: { 'rate-limit': { window_ms: 30_000 } } };
    await page.locator('#config-reload').click();
    await page.locator('#config-message', { hasText: 'Reloaded' }).waitFor();
    const after = await version();
    expect(after).to.not.equal(before);
    await page.locator('#config-result', { hasText: after }).waitFor();
    await page.locator('#config-info', { hasText: after }).waitFor();
    const rateLimit = page.locator('article:has([data-path="/v1/chat/completions"]) .stage', { hasText: 'rate-limit' });
    await rateLimit.locator('.stage-config', { hasText: '"window_ms": 30000' }).waitFor({ state: 'attached' });

    config = { ...config, stages: { 'rate-limit': { window_ms: 'soon' } } };
    await page.locator('#config-reload').click();
    await page.locator('#config-result', { hasText: 'Refused (400)' }).waitFor();
    expect(await page.locator('#config-result').textContent(), 'the reload\'s errors are shown').to.contain('window_ms');
    expect(await version(), 'a refused config changes nothing').to.equal(after);
    // No HA backend in this gateway: GET /ha/status names backend "none" and the panel says so.
    await page.locator('#replicas', { hasText: 'Single process' }).waitFor();
    await shoot('config');
  });

  it('lists MCP servers and tools, A2A agents, the plugins\' /health sections and PII detections (read-only)', async () => {
    for (const id of ['#mcp-servers', '#mcp-tools', '#a2a-agents', '#pii-detections', '#health-sections']) await page.locator(id).waitFor();
    await page.locator('#mcp-servers', { hasText: /No MCP servers registered|disabled|not/ }).waitFor();
    await page.locator('#a2a-agents', { hasText: /No A2A agents registered|disabled|not/ }).waitFor();
    await page.locator('#pii-detections', { hasText: 'None found yet' }).waitFor();
    expect(await page.locator('#integrations button.write').count(), 'nothing to press: read-only').to.equal(0);
    await page.locator('#integrations').scrollIntoViewIfNeeded();
    await shoot('integrations');
  });

  it('signs in with an admin JWT pasted in the same field', async () => {
    const jwt = await new SignJWT({ groups: ['gateway-admins'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.example')
      .setAudience('switchyard')
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    secrets.push(jwt);
    await page.locator('#sign-out').click();
    await signIn(jwt);
    await page.locator('#whoami', { hasText: 'alice · admin' }).waitFor();
    // An admin token may act: its write buttons are enabled.
    await page.locator('[data-table="workers"] [data-action="drain"]:enabled').waitFor();
  });

  it('a read-only control key sees everything and its writes are refused by the gateway; it fits a phone', async () => {
    await page.locator('#sign-out').click();
    await page.locator('#login').waitFor({ state: 'visible' });
    await page.locator('#whoami').waitFor({ state: 'hidden' });
    await signIn(AUDITOR);
    await page.locator('#whoami', { hasText: 'auditor · read-only' }).waitFor();
    const [worker] = await workers();
    const row = page.locator(`[data-worker="${worker!.id}"]`);
    await row.locator('[data-state="healthy"]').waitFor();
    await page.locator('[data-module="guard"]').waitFor();
    expect(await page.locator('button.write').count()).to.be.greaterThan(5);
    expect(await page.locator('button.write:enabled').count(), 'every write button is disabled').to.equal(0);
    // A forged write from the page (the buttons bypassed) is refused by the gateway itself.
    const forged = await page.evaluate(`fetch('/workers/${worker!.id}', { method: 'PATCH', headers: { authorization: 'Bearer ${AUDITOR}', 'content-type': 'application/json' }, body: '{"draining":true}' }).then((r) => r.status)`);
    expect(forged).to.equal(403);
    expect((await workers())[0]?.status.draining).to.equal(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('article:has([data-path="/v1/chat/completions"]) .stage').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth'), 'nothing wider than a phone').to.be.at.most(390);
    await shoot('phone-width');
    const logged = gateway.logLines.join('');
    for (const secret of secrets) expect(logged, 'no secret in the gateway\'s logs').to.not.contain(secret);
    expect(pageErrors, 'no script error').to.deep.equal([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e)), 'nothing broke the CSP').to.deep.equal([]);
  });
});
