// Argus trace viewer. Every value from the agent is written with textContent, never innerHTML: span data (URLs,
// headers, SQL, exception messages) is untrusted and must render as text.
'use strict';

const $ = (selector) => document.querySelector(selector);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function ms(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
  return response.json();
}

// ---- views ---------------------------------------------------------------------------------------------------

let currentView = 'traces';
let currentTrace = null;

function show(view) {
  currentView = view;
  for (const section of document.querySelectorAll('.view')) section.classList.add('hidden');
  $('#view-' + view).classList.remove('hidden');
  for (const tab of document.querySelectorAll('.tab')) {
    tab.classList.toggle('active', tab.dataset.view === view || (view === 'trace' && tab.dataset.view === 'traces'));
  }
  refresh();
}

// ---- recent traces -------------------------------------------------------------------------------------------

async function loadTraces() {
  const params = new URLSearchParams();
  const text = $('#filter-text').value.trim();
  if (text) params.set('q', text);
  if ($('#filter-errors').checked) params.set('error', 'true');
  const min = Number($('#filter-min-ms').value);
  if (min > 0) params.set('min_ms', String(min));
  params.set('sort', $('#filter-sort').value);
  const data = await getJson('/api/traces?' + params.toString());
  $('#traces-summary').textContent =
    data.traces.length + ' shown, ' + data.stored + ' stored, ' + data.evicted + ' evicted since start';
  const body = $('#traces-table tbody');
  body.replaceChildren();
  for (const trace of data.traces) {
    const row = el('tr', null, 'trace-row');
    row.dataset.traceId = trace.trace_id;
    row.append(
      el('td', new Date(trace.start_time_unix_nano / 1e6).toLocaleTimeString()),
      el('td', trace.service),
      el('td', trace.root_name),
      el('td', ms(trace.duration_ms) + ' ms'),
      el('td', trace.span_count),
      el('td', trace.error ? 'error' : 'ok', trace.error ? 'error' : 'ok'));
    row.addEventListener('click', () => openTrace(trace.trace_id));
    body.append(row);
  }
}

// ---- one trace: waterfall --------------------------------------------------------------------------------------

async function openTrace(traceId) {
  currentTrace = traceId;
  show('trace');
}

function depthOf(span, byId) {
  let depth = 0;
  let parent = byId.get(span.parent_span_id);
  while (parent && depth < 50) {
    depth++;
    parent = byId.get(parent.parent_span_id);
  }
  return depth;
}

function ordered(spans) {
  // Parents before children, siblings by start time: a depth-first walk from the roots.
  const byId = new Map(spans.map((s) => [s.span_id, s]));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    if (span.parent_span_id && byId.has(span.parent_span_id)) {
      if (!children.has(span.parent_span_id)) children.set(span.parent_span_id, []);
      children.get(span.parent_span_id).push(span);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a, b) => a.start_time_unix_nano - b.start_time_unix_nano;
  const result = [];
  const visit = (span) => {
    result.push(span);
    for (const child of (children.get(span.span_id) || []).sort(byStart)) visit(child);
  };
  roots.sort(byStart).forEach(visit);
  return { list: result, byId };
}

async function loadTrace() {
  const data = await getJson('/api/traces/' + encodeURIComponent(currentTrace));
  $('#trace-id').textContent = data.trace_id;
  const { list, byId } = ordered(data.spans);
  const start = Math.min(...list.map((s) => s.start_time_unix_nano));
  const end = Math.max(...list.map((s) => s.end_time_unix_nano));
  const total = Math.max(end - start, 1);
  const waterfall = $('#waterfall');
  waterfall.replaceChildren();
  for (const span of list) {
    const row = el('div', null, 'span-row');
    row.dataset.spanId = span.span_id;
    const name = el('div', null, 'span-name');
    name.style.paddingLeft = (0.4 + depthOf(span, byId) * 1.1) + 'rem';
    name.append(el('span', span.kind, 'span-kind'), el('span', span.name, 'span-label'));
    const track = el('div', null, 'span-track');
    const bar = el('div', null, 'span-bar' + (span.status === 'ERROR' ? ' error' : ''));
    bar.style.left = ((span.start_time_unix_nano - start) / total * 100) + '%';
    bar.style.width = ((span.end_time_unix_nano - span.start_time_unix_nano) / total * 100) + '%';
    track.append(bar);
    row.append(name, track, el('div', ms(span.duration_ms) + ' ms', 'span-duration'));
    row.addEventListener('click', () => showSpan(span));
    waterfall.append(row);
  }
}

function keyValueTable(object) {
  const table = el('table');
  for (const [key, value] of Object.entries(object || {})) {
    const row = el('tr');
    row.append(el('td', key), el('td', typeof value === 'object' ? JSON.stringify(value) : value));
    table.append(row);
  }
  return table;
}

function showSpan(span) {
  const detail = $('#span-detail');
  detail.classList.remove('hidden');
  detail.replaceChildren(
    el('h3', span.kind + ' ' + span.name),
    keyValueTable({
      span_id: span.span_id,
      parent_span_id: span.parent_span_id || '(root)',
      status: span.status + (span.status_message ? ': ' + span.status_message : ''),
      duration: ms(span.duration_ms) + ' ms',
    }),
    el('h3', 'Attributes'),
    keyValueTable(span.attributes));
  for (const event of span.events) {
    detail.append(el('h3', 'Event: ' + event.name));
    const attributes = Object.assign({}, event.attributes);
    const stack = attributes['exception.stacktrace'];
    delete attributes['exception.stacktrace'];
    detail.append(keyValueTable(attributes));
    if (stack) detail.append(el('pre', stack, 'stack'));
  }
}

// ---- routes and status -----------------------------------------------------------------------------------------

async function loadRoutes() {
  const data = await getJson('/api/routes');
  const body = $('#routes-table tbody');
  body.replaceChildren();
  for (const route of data.routes) {
    const row = el('tr');
    row.append(
      el('td', route.metric), el('td', route.name), el('td', route.count), el('td', route.rate_per_second.toFixed(2)),
      el('td', route.error_percent.toFixed(1), route.error_percent > 0 ? 'error' : ''),
      el('td', ms(route.p50_ms)), el('td', ms(route.p95_ms)), el('td', ms(route.p99_ms)));
    body.append(row);
  }
}

async function loadStatus() {
  const data = await getJson('/status');
  const container = $('#status');
  container.replaceChildren();
  for (const [section, value] of Object.entries(data)) {
    container.append(el('h3', section));
    if (Array.isArray(value)) {
      for (const item of value) container.append(keyValueTable(item));
    } else {
      container.append(keyValueTable(value));
    }
  }
}

// ---- wiring --------------------------------------------------------------------------------------------------

async function refresh() {
  try {
    if (currentView === 'traces') await loadTraces();
    else if (currentView === 'trace') await loadTrace();
    else if (currentView === 'routes') await loadRoutes();
    else if (currentView === 'status') await loadStatus();
  } catch (error) {
    console.warn('argus viewer:', error);
  }
}

for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view));
$('#back').addEventListener('click', () => show('traces'));
$('#copy-trace-id').addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(currentTrace));
for (const input of document.querySelectorAll('#filters input, #filters select')) {
  input.addEventListener('input', refresh);
}
$('#filters').addEventListener('submit', (event) => event.preventDefault());
setInterval(() => {
  if ($('#auto-refresh').checked && currentView !== 'trace') refresh();
}, 5000);
refresh();
