// The Switchyard dashboard: one vanilla module, no framework, no build step, nothing from a CDN.
// Every figure comes from the gateway's control-plane JSON API, called with the admin key the user
// pasted (kept in sessionStorage for this tab, sent only in the Authorization header). Every string
// from the gateway reaches the DOM as a text node or an attribute value: never as HTML.

const KEY_STORAGE = 'switchyard.dashboard.adminKey';
const POLL_MS = 2000;
const CHART_POINTS = 60;

const byId = (id) => {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`dashboard: #${id} is missing from the page`);
  return node;
};

/** False for a read-only key: every write button is disabled (the gateway would refuse it anyway). */
let canWrite = false;

/** Builds an element; children that are not nodes become text nodes (escaped by construction). */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (tag === 'button' && String(props?.class ?? '').split(' ').includes('write') && !canWrite) node.disabled = true;
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attributes) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function adminKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

function parseJson(text) {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** One control-plane call; the gateway's own error message (OpenAI shape) when it refuses. */
async function api(method, path, body) {
  const key = adminKey();
  if (key === null) throw new ApiError(401, 'Not signed in.');
  const headers = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const message = data?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return data;
}

function show(node, visible) {
  node.hidden = !visible;
}

function say(id, text, isError = false) {
  const node = byId(id);
  node.textContent = text;
  node.classList.toggle('error', isError);
}

function failed(id, err) {
  if (err instanceof ApiError && err.status === 401) {
    signOut('The gateway no longer accepts this key.');
    return;
  }
  say(id, err instanceof Error ? err.message : String(err), true);
}

/** Per table: the column it is sorted by (kept across the 2-second re-renders). */
const sortState = new Map();

function sortKey(row, column) {
  return row.children[column]?.textContent ?? '';
}

function sortRows(rows, state) {
  if (state === undefined) return rows;
  return [...rows].sort((a, b) => {
    const x = sortKey(a, state.column);
    const y = sortKey(b, state.column);
    const [nx, ny] = [Number.parseFloat(x), Number.parseFloat(y)];
    const order = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    return state.descending ? -order : order;
  });
}

/** A table whose headings sort it (click again: the other way). */
function table(name, headings, rows, empty) {
  if (rows.length === 0) return el('p', { class: 'muted' }, empty);
  const state = sortState.get(name);
  const tbody = el('tbody', {}, sortRows(rows, state));
  const heads = headings.map((heading, column) => {
    if (heading === '') return el('th', { scope: 'col' });
    const sorted = state?.column === column ? (state.descending ? 'descending' : 'ascending') : undefined;
    const resort = () => {
      const previous = sortState.get(name);
      const next = { column, descending: previous?.column === column ? !previous.descending : false };
      sortState.set(name, next);
      tbody.replaceChildren(...sortRows([...tbody.children], next));
      heads.forEach((th, i) => (i === column ? th.setAttribute('aria-sort', next.descending ? 'descending' : 'ascending') : th.removeAttribute('aria-sort')));
    };
    return el('th', { scope: 'col', 'aria-sort': sorted }, el('button', { type: 'button', class: 'sort', on: { click: resort } }, heading));
  });
  return el('table', { 'data-table': name }, el('thead', {}, el('tr', {}, heads)), tbody);
}

function fmt(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

function ms(seconds) {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}

// ---- Overview -------------------------------------------------------------------------------

let previousTraffic = null;
const rateHistory = [];

/** The q-quantile's bucket bound from the change of a cumulative histogram between two reads. */
function quantileOf(before, after, q) {
  const earlier = new Map(before.buckets);
  const deltas = after.buckets.map(([le, count]) => [le, count - (earlier.get(le) ?? 0)]);
  const total = deltas.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const found = deltas.find(([, count]) => count >= q * total);
  if (found === undefined || found[0] === '+Inf') return Infinity;
  return Number(found[0]);
}

function card(label, value, id) {
  return el('div', { class: 'card', 'data-metric': id }, el('span', { class: 'card-label' }, label), el('span', { class: 'card-value' }, value));
}

function renderChart() {
  const width = 600;
  const height = 80;
  const max = Math.max(1, ...rateHistory);
  const step = width / (CHART_POINTS - 1);
  // One reading is drawn as a short flat line: a polyline needs two points to show at all.
  const series = rateHistory.length === 1 ? [rateHistory[0], rateHistory[0]] : rateHistory;
  const offset = CHART_POINTS - series.length;
  const points = series.map((rate, i) => `${((offset + i) * step).toFixed(1)},${(height - (rate / max) * (height - 4) - 2).toFixed(1)}`).join(' ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  chart.append(svg('polyline', { points, class: 'chart-line' }));
  const label = el('span', { class: 'chart-label' }, `requests/s, last ${CHART_POINTS * (POLL_MS / 1000)} s (max ${fmt(max)})`);
  byId('overview-chart').replaceChildren(chart, label);
}

function renderTraffic(now) {
  const before = previousTraffic;
  previousTraffic = now;
  const seconds = before === null ? 0 : (now.at - before.at) / 1000;
  const rate = (field) => (before === null || seconds <= 0 ? null : (now[field] - before[field]) / seconds);
  const requestRate = rate('requests');
  const errorRate = rate('errors');
  const windowRequests = before === null ? 0 : now.requests - before.requests;
  const windowErrors = before === null ? 0 : now.errors - before.errors;
  const tokens = (snapshot) => Object.values(snapshot.by_model).reduce((sum, m) => sum + m.input_tokens + m.output_tokens, 0);
  const tokensPerMinute = before === null || seconds <= 0 ? null : ((tokens(now) - tokens(before)) / seconds) * 60;
  if (requestRate !== null) {
    rateHistory.push(requestRate);
    if (rateHistory.length > CHART_POINTS) rateHistory.shift();
    renderChart();
  }
  byId('overview-cards').replaceChildren(
    card('Requests/s', fmt(requestRate), 'rps'),
    card('Errors/s', fmt(errorRate), 'eps'),
    card('Error rate', windowRequests > 0 ? `${fmt((windowErrors / windowRequests) * 100)} %` : '–', 'error-rate'),
    card('In flight', String(now.in_flight), 'in-flight'),
    card('p50 latency', before === null ? '–' : ms(quantileOf(before.latency, now.latency, 0.5)), 'p50'),
    card('p99 latency', before === null ? '–' : ms(quantileOf(before.latency, now.latency, 0.99)), 'p99'),
    card('p50 first token', before === null ? '–' : ms(quantileOf(before.time_to_first_token, now.time_to_first_token, 0.5)), 'ttft'),
    card('Tokens/min', fmt(tokensPerMinute, 0), 'tpm'),
    card('Requests (total)', String(now.requests), 'requests-total'),
    card('Errors (total)', String(now.errors), 'errors-total'),
  );
  const rows = Object.entries(now.by_model)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, m]) => {
      const prior = before?.by_model[model];
      const modelRate = prior === undefined || seconds <= 0 ? null : (m.requests - prior.requests) / seconds;
      return el('tr', {}, el('td', {}, model), el('td', { class: 'num' }, fmt(modelRate)), el('td', { class: 'num' }, String(m.requests)), el('td', { class: 'num' }, String(m.errors)), el('td', { class: 'num' }, String(m.input_tokens)), el('td', { class: 'num' }, String(m.output_tokens)));
    });
  byId('overview-models').replaceChildren(table('models', ['Model', 'Req/s', 'Requests', 'Errors', 'Tokens in', 'Tokens out'], rows, 'No traffic yet.'));
  say('overview-updated', `Updated ${new Date(now.at).toLocaleTimeString()} · every ${POLL_MS / 1000} s`);
}

// ---- Routes ---------------------------------------------------------------------------------

const STAGE_KINDS = new Set(['built-in', 'wasm', 'implicit']);

function stageItem(stage) {
  return el(
    'li',
    { class: `stage stage-${STAGE_KINDS.has(stage.kind) ? stage.kind : 'built-in'}`, 'data-stage': stage.name },
    el(
      'details',
      {},
      el('summary', {}, el('span', { class: 'stage-name' }, stage.name), el('span', { class: 'stage-kind' }, stage.kind)),
      el('pre', { class: 'stage-config' }, Object.keys(stage.config).length === 0 ? '(no config: defaults)' : JSON.stringify(stage.config, null, 2)),
    ),
  );
}

/** Routes with the same chain (stages and configs) are drawn once: most share the default pipeline. */
function renderRoutes(view) {
  const groups = new Map();
  for (const route of view.routes) {
    const signature = JSON.stringify([route.overridden, route.stages]);
    const group = groups.get(signature) ?? { overridden: route.overridden, stages: route.stages, paths: [] };
    group.paths.push(route.path);
    groups.set(signature, group);
  }
  const ordered = [...groups.values()].sort((a, b) => Number(b.overridden) - Number(a.overridden) || a.paths[0].localeCompare(b.paths[0]));
  const articles = ordered.map((group) => {
    const single = group.paths.length === 1;
    const title = single ? el('code', { 'data-path': group.paths[0] }, group.paths[0]) : `${group.paths.length} routes`;
    const paths = single
      ? null
      : el('details', { class: 'paths' }, el('summary', {}, 'which routes'), el('ul', {}, group.paths.map((path) => el('li', {}, el('code', { 'data-path': path }, path)))));
    return el(
      'article',
      { class: 'route' },
      el('h3', {}, title, el('span', { class: 'badge' }, group.overridden ? 'own pipeline' : 'default pipeline')),
      paths,
      el('ol', { class: 'chain', 'aria-label': single ? `stages of ${group.paths[0]}` : 'stages' }, group.stages.map(stageItem)),
    );
  });
  byId('routes-list').replaceChildren(el('p', { class: 'muted' }, `Config version ${view.config_version}`), ...articles);
}

// ---- Workers --------------------------------------------------------------------------------

const armedRemovals = new Set();

async function workerAction(method, id, body, done) {
  try {
    await api(method, `/workers/${encodeURIComponent(id)}`, body);
    say('workers-message', done);
    await refreshWorkers();
  } catch (err) {
    failed('workers-message', err);
  }
}

function renderWorkers(list) {
  const rows = list.workers.map((w) => {
    const status = w.status ?? {};
    const state = status.draining ? 'draining' : status.healthy ? 'healthy' : 'unhealthy';
    const drain = el(
      'button',
      { type: 'button', class: 'write', 'data-action': status.draining ? 'resume' : 'drain', on: { click: () => void workerAction('PATCH', w.id, { draining: !status.draining }, status.draining ? `${w.id} takes requests again.` : `${w.id} is draining.`) } },
      status.draining ? 'Resume' : 'Drain',
    );
    const armed = armedRemovals.has(w.id);
    const remove = el(
      'button',
      {
        type: 'button',
        class: armed ? 'write danger' : 'write',
        'data-action': 'remove',
        disabled: w.source === 'config',
        title: w.source === 'config' ? 'A config worker is removed by changing the config.' : undefined,
        on: {
          click: () => {
            if (!armedRemovals.has(w.id)) {
              armedRemovals.add(w.id);
              renderWorkers(list);
              return;
            }
            armedRemovals.delete(w.id);
            void workerAction('DELETE', w.id, undefined, `${w.id} removed (its in-flight requests finish).`);
          },
        },
      },
      armed ? 'Confirm remove' : 'Remove',
    );
    return el(
      'tr',
      { 'data-worker': w.id },
      el('td', {}, w.id),
      el('td', {}, el('code', {}, w.url)),
      el('td', {}, (w.models ?? []).map((m) => m.id).join(', ')),
      el('td', {}, el('span', { class: `pill pill-${state}`, 'data-state': state }, state)),
      el('td', {}, String(status.circuit ?? '–')),
      el('td', { class: 'num' }, `${status.in_flight ?? 0}/${status.max_in_flight ?? '–'}`),
      el('td', { class: 'num' }, String(w.priority)),
      el('td', { class: 'num' }, String(w.cost)),
      el('td', {}, w.source),
      el('td', { class: 'actions' }, drain, remove),
    );
  });
  byId('workers-list').replaceChildren(table('workers', ['Id', 'URL', 'Models', 'State', 'Circuit', 'In flight', 'Priority', 'Cost', 'Source', ''], rows, 'No workers.'));
}

async function refreshWorkers() {
  renderWorkers(await api('GET', '/workers'));
}

async function addWorker(event) {
  event.preventDefault();
  const url = byId('worker-url').value.trim();
  const models = byId('worker-models').value.split(',').map((m) => m.trim()).filter((m) => m !== '');
  try {
    const created = await api('POST', '/workers', models.length === 0 ? { url } : { url, models: models.map((id) => ({ id })) });
    say('workers-message', `Added ${created.id}.`);
    byId('worker-add').reset();
    await refreshWorkers();
  } catch (err) {
    failed('workers-message', err);
  }
}

// ---- WASM policies --------------------------------------------------------------------------

function renderWasm(list) {
  const rows = list.modules.map((m) =>
    el(
      'tr',
      { 'data-module': m.name },
      el('td', {}, m.name),
      el('td', { class: 'num' }, String(m.version)),
      el('td', {}, m.transport),
      el('td', {}, (m.attach_points ?? []).map((a) => a.Middleware).join(', ')),
      el('td', {}, m.on_error ?? '–'),
      el('td', { class: 'num' }, String(m.access_count ?? 0)),
      el('td', {}, m.disabled ? 'disabled' : 'active'),
      el('td', {}, el('code', { class: 'small' }, m.uuid)),
      el(
        'td',
        { class: 'actions' },
        el('button', { type: 'button', class: 'write', 'data-action': 'delete', on: { click: () => void deleteModule(m) } }, 'Delete'),
      ),
    ),
  );
  const totals = list.metrics === undefined ? null : el('p', { class: 'muted' }, `${list.metrics.total_executions} calls, ${list.metrics.failed_executions} failed, ${list.metrics.total_time_ms} ms in all`);
  byId('wasm-list').replaceChildren(table('wasm', ['Name', 'Version', 'Transport', 'Attach points', 'On error', 'Calls', 'State', 'UUID', ''], rows, 'No modules registered.'), ...(totals === null ? [] : [totals]));
}

async function refreshWasm() {
  try {
    renderWasm(await api('GET', '/wasm'));
    show(byId('wasm-add'), true);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      byId('wasm-list').replaceChildren(el('p', { class: 'muted' }, err.message));
      show(byId('wasm-add'), false);
      return;
    }
    throw err;
  }
}

async function deleteModule(module) {
  try {
    await api('DELETE', `/wasm/${encodeURIComponent(module.uuid)}`);
    say('wasm-message', `Deleted ${module.name} v${module.version}.`);
    await Promise.all([refreshWasm(), refreshRoutes()]);
  } catch (err) {
    failed('wasm-message', err);
  }
}

async function registerModule(event) {
  event.preventDefault();
  const spec = { name: byId('wasm-name').value.trim(), file_path: byId('wasm-path').value.trim(), attach_points: [{ Middleware: byId('wasm-attach').value }] };
  const timeout = byId('wasm-timeout').value.trim();
  if (timeout !== '') spec.timeout_ms = Number(timeout);
  try {
    const answer = await api('POST', '/wasm', { modules: [spec] });
    const outcome = answer?.modules?.[0]?.add_result;
    if (outcome?.Error !== undefined) throw new Error(`Not registered: ${outcome.Error}`);
    say('wasm-message', `Registered ${spec.name}.`);
    byId('wasm-add').reset();
    await Promise.all([refreshWasm(), refreshRoutes()]);
  } catch (err) {
    failed('wasm-message', err);
  }
}

// ---- Keys -----------------------------------------------------------------------------------

function renderKeys(list) {
  const rows = list.data.map((k) =>
    el(
      'tr',
      { 'data-key': k.id },
      el('td', {}, k.id),
      el('td', {}, k.name ?? ''),
      el('td', {}, k.role),
      el('td', {}, k.controlPlane ? 'control' : 'data'),
      el('td', {}, k.source),
      el('td', {}, k.enabled ? 'enabled' : 'disabled'),
      el('td', {}, k.created_at ?? '–'),
      el('td', {}, k.expires_at ?? '–'),
      el(
        'td',
        { class: 'actions' },
        el(
          'button',
          { type: 'button', class: 'write', 'data-action': 'revoke', disabled: k.source === 'config', title: k.source === 'config' ? 'A config key is revoked by changing the config.' : undefined, on: { click: () => void revokeKey(k.id) } },
          'Revoke',
        ),
      ),
    ),
  );
  byId('keys-list').replaceChildren(table('keys', ['Id', 'Name', 'Role', 'Plane', 'Source', 'State', 'Created', 'Expires', ''], rows, 'No keys.'));
}

async function refreshKeys() {
  renderKeys(await api('GET', '/keys'));
}

async function revokeKey(id) {
  try {
    await api('DELETE', `/keys/${encodeURIComponent(id)}`);
    say('keys-message', `Revoked ${id}.`);
    await refreshKeys();
  } catch (err) {
    failed('keys-message', err);
  }
}

function hideSecret() {
  byId('key-secret-value').textContent = '';
  show(byId('key-secret'), false);
}

async function createKey(event) {
  event.preventDefault();
  const body = { role: byId('key-role').value };
  const id = byId('key-id').value.trim();
  const name = byId('key-name').value.trim();
  if (id !== '') body.id = id;
  if (name !== '') body.name = name;
  try {
    const created = await api('POST', '/keys', body);
    // Shown once, from this answer only: it is kept nowhere and the list never has it.
    byId('key-secret-value').textContent = created.key;
    show(byId('key-secret'), true);
    byId('key-create').reset();
    say('keys-message', `Created ${created.id}.`);
    await refreshKeys();
  } catch (err) {
    failed('keys-message', err);
  }
}

// ---- Config ---------------------------------------------------------------------------------

function fact(term, value) {
  return [el('dt', {}, term), el('dd', {}, value === null || value === undefined ? '–' : String(value))];
}

async function refreshConfig() {
  const [info, sync] = await Promise.all([api('GET', '/router/info'), api('GET', '/config/sync/status')]);
  byId('config-info').replaceChildren(
    ...fact('Active version', info.config_version),
    ...fact('Reloads', sync.reload_count),
    ...fact('Last sync', sync.last_sync_time),
    ...fact('Hot reload', sync.hot_reload_enabled ? 'on' : 'off'),
    ...fact('Source', sync.source),
    ...fact('Routing', (info.strategies ?? []).map((s) => `${s.model}: ${s.strategy} (${s.available_workers}/${s.workers})`).join('; ')),
  );
}

async function reloadConfig() {
  const result = byId('config-result');
  try {
    const answer = await api('POST', '/config/reload');
    say('config-message', `Reloaded at ${new Date().toLocaleTimeString()}.`);
    result.textContent = JSON.stringify(answer, null, 2);
  } catch (err) {
    failed('config-message', err);
    result.textContent = `Refused (${err instanceof ApiError ? err.status : 'error'}) at ${new Date().toLocaleTimeString()}: ${err instanceof Error ? err.message : String(err)}`;
  }
  show(result, true);
  await Promise.all([refreshConfig(), refreshRoutes()]).catch((err) => failed('config-message', err));
}

// ---- Polling and sign-in --------------------------------------------------------------------

async function refreshRoutes() {
  renderRoutes(await api('GET', '/dashboard/api/pipelines'));
}

let pollTimer = null;
/** Bumped at sign-out: a poll still in flight from an earlier sign-in does not start another loop. */
let signIns = 0;

async function poll() {
  const mine = signIns;
  pollTimer = null;
  try {
    const [traffic] = await Promise.all([api('GET', '/dashboard/api/traffic'), refreshWorkers()]);
    renderTraffic(traffic);
  } catch (err) {
    failed('overview-updated', err);
  }
  // The next poll is scheduled after this one finished: a slow gateway never gets calls piled up.
  if (adminKey() !== null && mine === signIns && pollTimer === null) pollTimer = setTimeout(() => void poll(), POLL_MS);
}

function signOut(reason) {
  signIns += 1;
  sessionStorage.removeItem(KEY_STORAGE);
  if (pollTimer !== null) clearTimeout(pollTimer);
  pollTimer = null;
  previousTraffic = null;
  rateHistory.length = 0;
  hideSecret();
  for (const id of ['overview-cards', 'overview-chart', 'overview-models', 'routes-list', 'workers-list', 'wasm-list', 'keys-list', 'config-info']) byId(id).replaceChildren();
  show(byId('panels'), false);
  show(byId('nav'), false);
  show(byId('sign-out'), false);
  show(byId('whoami'), false);
  canWrite = false;
  show(byId('login'), true);
  say('login-error', reason ?? '');
}

function applyRole(session) {
  canWrite = session.can_write === true;
  for (const button of document.querySelectorAll('button.write')) button.disabled = !canWrite;
  byId('whoami').textContent = `${session.id} · ${session.role}${canWrite ? '' : ' (read-only: changes are disabled)'}`;
  show(byId('whoami'), true);
}

async function start() {
  // Who the key is, first: a wrong key is told at once, before any panel shows.
  applyRole(await api('GET', '/dashboard/api/session'));
  show(byId('login'), false);
  show(byId('panels'), true);
  show(byId('nav'), true);
  show(byId('sign-out'), true);
  say('login-error', '');
  const results = await Promise.allSettled([refreshRoutes(), refreshWasm(), refreshKeys(), refreshConfig()]);
  const refused = results.find((r) => r.status === 'rejected');
  if (refused !== undefined) failed('overview-updated', refused.reason);
  await poll();
}

async function signIn(event) {
  event.preventDefault();
  const input = byId('admin-key');
  const key = input.value.trim();
  input.value = '';
  if (key === '') return;
  sessionStorage.setItem(KEY_STORAGE, key);
  try {
    await start();
  } catch (err) {
    signOut(err instanceof ApiError && err.status === 401 ? 'The gateway does not accept this key (a control-plane key is needed).' : err instanceof Error ? err.message : String(err));
  }
}

function wire() {
  byId('login-form').addEventListener('submit', (event) => void signIn(event));
  byId('sign-out').addEventListener('click', () => signOut());
  byId('worker-add').addEventListener('submit', (event) => void addWorker(event));
  byId('wasm-add').addEventListener('submit', (event) => void registerModule(event));
  byId('key-create').addEventListener('submit', (event) => void createKey(event));
  byId('key-secret-dismiss').addEventListener('click', hideSecret);
  byId('config-reload').addEventListener('click', () => void reloadConfig());
  if (adminKey() !== null) start().catch((err) => signOut(err instanceof Error ? err.message : String(err)));
}

wire();
