// The Paystream console page: one snapshot per second over server-sent events,
// drawn without a framework. Aggregates only: the page never sees every record.
'use strict';

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat())
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};

/** The same plate always gets the same colour, so its notebook is easy to spot. */
function colourOf(key) {
  let h = 0;
  for (const ch of String(key)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 65% 42%)`;
}

// ---- admin token (kept for this tab only) ---------------------------------
const tokenInput = $('#token');
tokenInput.value = sessionStorage.getItem('paystream-admin-token') || '';
tokenInput.addEventListener('change', () =>
  sessionStorage.setItem('paystream-admin-token', tokenInput.value),
);

async function call(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', 'x-admin-token': tokenInput.value },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = text;
  }
  if (!res.ok)
    throw new Error(
      `${res.status}: ${typeof data === 'object' ? data.message || JSON.stringify(data) : data}`,
    );
  return data;
}

function showResult(text) {
  $('#control-result').textContent = `${new Date().toLocaleTimeString()} ${text}`;
}
async function control(label, method, url, body) {
  try {
    const out = await call(method, url, body);
    showResult(`${label}: ok ${JSON.stringify(out)}`);
  } catch (error) {
    showResult(`${label}: ${error.message}`);
  }
}

$('#gateway-down').onclick = () =>
  control('gateway down', 'POST', '/api/controls/gateway-faults', { down: true });
$('#gateway-up').onclick = () =>
  control('gateway up', 'POST', '/api/controls/gateway-faults', { down: false });
$('#gateway-apply').onclick = () =>
  control('gateway faults', 'POST', '/api/controls/gateway-faults', {
    latencyMs: Number($('#latency').value),
    hangRate: Number($('#hang-rate').value),
  });
$('#worker-add').onclick = () =>
  control('add worker', 'POST', '/api/controls/workers', { action: 'add' });
$('#worker-stop').onclick = () =>
  control('stop worker', 'POST', '/api/controls/workers', { action: 'stop' });
$('#broker-stop').onclick = () =>
  control('kill broker', 'POST', '/api/controls/brokers', {
    action: 'stop',
    nodeId: Number($('#broker-id').value),
  });
$('#broker-start').onclick = () =>
  control('start broker', 'POST', '/api/controls/brokers', {
    action: 'start',
    nodeId: Number($('#broker-id').value),
  });

// ---- notebooks --------------------------------------------------------------
const knownBrokers = new Set();
function drawNotebooks(s) {
  const brokers = $('#brokers');
  brokers.replaceChildren(
    ...s.brokers.map((b) =>
      el(
        'span',
        { class: 'pill ok', 'data-broker': String(b.nodeId) },
        `broker ${b.nodeId}${b.controller ? ' (controller)' : ''} ${b.address}`,
      ),
    ),
  );
  for (const b of s.brokers) knownBrokers.add(b.nodeId);
  const select = $('#broker-id');
  if (select.options.length !== knownBrokers.size) {
    select.replaceChildren(
      ...[...knownBrokers]
        .sort((a, b) => a - b)
        .map((id) => el('option', { value: String(id) }, `broker ${id}`)),
    );
  }
  const topic = s.chargesTopic;
  if (!topic) return;
  $('#topic-name').textContent = topic.name;
  const owners = new Map();
  for (const m of s.workerGroup?.members ?? []) for (const p of m.partitions) owners.set(p, m);
  const lagOf = new Map((s.workerGroup?.partitions ?? []).map((p) => [p.partition, p.lag]));
  $('#partitions').replaceChildren(
    ...topic.partitions.map((p) => {
      const member = owners.get(p.partition);
      const leaderColour = p.leader >= 0 ? `hsl(${(p.leader * 97) % 360} 40% 45%)` : 'var(--bad)';
      return el(
        'div',
        {
          class: 'notebook',
          'data-partition': String(p.partition),
          style: `border-left-color:${leaderColour}`,
        },
        el('h3', {}, `partition ${p.partition}`),
        el(
          'div',
          { class: 'meta', 'data-testid': 'leader' },
          `leader: broker ${p.leader} · ${p.highWatermark} records · lag ${lagOf.get(p.partition) ?? '?'}`,
        ),
        el(
          'div',
          { class: 'replicas' },
          p.replicas.map((r) =>
            el(
              'span',
              {
                class: `replica ${r === p.leader ? 'leader' : ''} ${p.isr.includes(r) ? '' : 'out'}`,
                'data-replica': String(r),
              },
              `b${r}`,
            ),
          ),
        ),
        el(
          'div',
          { class: 'records' },
          p.recent.map((r) =>
            el(
              'span',
              {
                class: 'record',
                style: `background:${colourOf(r.key)}`,
                title: `offset ${r.offset}`,
              },
              r.key ?? '∅',
            ),
          ),
        ),
        member
          ? el(
              'div',
              { class: 'member', 'data-member': member.clientId },
              `read by ${member.clientId}`,
            )
          : el('div', { class: 'member none' }, 'no member reads it'),
      );
    }),
  );
  const group = s.workerGroup;
  // During a rebalance every member briefly holds nothing: only a stable group shows who is idle.
  const stable = group?.state === 'Stable';
  const idle = stable ? group.members.filter((m) => m.idle) : [];
  $('#idle').replaceChildren(
    el(
      'span',
      { class: 'pill', 'data-testid': 'group-state' },
      `group ${group?.groupId ?? '?'}: ${group?.state ?? 'unknown'}, ${group?.members.length ?? 0} member(s)`,
    ),
    ' ',
    ...(idle.length
      ? [
          el('strong', {}, `Idle members (${idle.length}): `),
          ...idle.map((m) =>
            el(
              'span',
              { class: 'pill', 'data-idle-member': m.clientId },
              `${m.clientId} — no partition left`,
            ),
          ),
        ]
      : []),
  );
}

function drawStatus(s) {
  const pills = s.apps.map((a) =>
    el(
      'span',
      { class: `pill ${a.ready ? 'ok' : 'bad'}`, title: a.detail || '' },
      `${a.name} ${a.ready ? 'ready' : 'NOT READY'}`,
    ),
  );
  if (s.breaker)
    pills.push(
      el(
        'span',
        { class: `pill ${s.breaker === 'closed' ? 'ok' : 'warn'}`, 'data-testid': 'breaker' },
        `till breaker ${s.breaker}`,
      ),
    );
  if (s.gatewayFaults) {
    const f = s.gatewayFaults;
    pills.push(
      el(
        'span',
        { class: `pill ${f.down ? 'bad' : 'ok'}`, 'data-testid': 'gateway-state' },
        f.down ? 'gateway DOWN' : `gateway up, latency ${f.latencyMs} ms, hang ${f.hangRate}`,
      ),
    );
  }
  if (s.database) {
    pills.push(
      el(
        'span',
        { class: 'pill', 'data-testid': 'outbox-backlog' },
        `outbox backlog ${s.database.outboxBacklog}`,
      ),
    );
    pills.push(
      el(
        'span',
        { class: 'pill' },
        `toll ${
          Object.entries(s.database.tollCharges)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · ') || '-'
        }`,
      ),
    );
    pills.push(
      el(
        'span',
        { class: 'pill' },
        `till ${
          Object.entries(s.database.tillPayments)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · ') || '-'
        }`,
      ),
    );
  }
  if (s.queues.retries)
    pills.push(
      el(
        'span',
        { class: 'pill' },
        `retries: ${s.queues.retries.delayed} delayed, ${s.queues.retries.active} active, ${s.queues.retries.failed} failed`,
      ),
    );
  for (const [source, error] of Object.entries(s.errors))
    pills.push(el('span', { class: 'pill bad', title: error }, `${source}: ${error.slice(0, 60)}`));
  $('#status').replaceChildren(...pills);
  for (const c of document.querySelectorAll('.control.supervised'))
    c.classList.toggle('disabled', !s.supervised);
}

// ---- charts -------------------------------------------------------------------
const TILL_STATUSES = ['201', '402', '503', '504'];
const STATUS_COLOURS = { 201: '#1f9d55', 402: '#d98e04', 503: '#d64545', 504: '#7b3fbf' };
const history = [];
const charts = {};
function chart(id, series) {
  const target = $(id);
  const width = Math.max(320, target.clientWidth || 520);
  return new uPlot(
    {
      width,
      height: 200,
      series: [{}, ...series],
      axes: [{}, { size: 50 }],
      scales: { x: { time: true } },
    },
    [[]],
    target,
  );
}
function setupCharts() {
  charts.till = chart(
    '#chart-till',
    TILL_STATUSES.map((s) => ({ label: s, stroke: STATUS_COLOURS[s], width: 2 })),
  );
  charts.toll = chart('#chart-toll', [
    { label: '202/s', stroke: '#1f9d55', width: 2 },
    { label: 'settled/s', stroke: '#2b6cb0', width: 2 },
  ]);
  charts.latency = chart('#chart-latency', [
    { label: 'till p50', stroke: '#d64545', width: 1 },
    { label: 'till p99', stroke: '#d64545', width: 2, dash: [6, 4] },
    { label: 'toll p50', stroke: '#1f9d55', width: 1 },
    { label: 'toll p99', stroke: '#1f9d55', width: 2, dash: [6, 4] },
  ]);
  charts.partitions = [];
}
function redraw() {
  const xs = history.map((h) => h.at / 1000);
  charts.till.setData([
    xs,
    ...TILL_STATUSES.map((s) => history.map((h) => h.tillPerSecondByStatus[s] ?? 0)),
  ]);
  charts.toll.setData([
    xs,
    history.map((h) => h.tollPerSecond),
    history.map((h) => h.settledPerSecond),
  ]);
  charts.latency.setData([
    xs,
    history.map((h) => h.tillP50Ms),
    history.map((h) => h.tillP99Ms),
    history.map((h) => h.tollP50Ms),
    history.map((h) => h.tollP99Ms),
  ]);
  const partitions = [...new Set(history.flatMap((h) => Object.keys(h.lagByPartition)))].sort(
    (a, b) => a - b,
  );
  if (!charts.backlog || charts.backlogPartitions !== partitions.join(',')) {
    $('#chart-backlog').replaceChildren();
    charts.backlog = chart('#chart-backlog', [
      { label: 'outbox', stroke: '#1d2330', width: 2 },
      ...partitions.map((p) => ({
        label: `lag p${p}`,
        stroke: `hsl(${(p * 67) % 360} 60% 45%)`,
        width: 1,
      })),
    ]);
    charts.backlogPartitions = partitions.join(',');
  }
  charts.backlog.setData([
    xs,
    history.map((h) => h.outboxBacklog),
    ...partitions.map((p) => history.map((h) => h.lagByPartition[p] ?? null)),
  ]);
}
function toPoint(s) {
  const lagByPartition = {};
  for (const p of s.workerGroup?.partitions ?? []) lagByPartition[p.partition] = Number(p.lag);
  return {
    at: s.at,
    lagByPartition,
    outboxBacklog: s.database ? s.database.outboxBacklog : null,
    settledPerSecond: s.traffic.settledPerSecond,
    tillPerSecondByStatus: s.traffic.till.perSecondByStatus,
    tollPerSecond: Object.values(s.traffic.toll.perSecondByStatus).reduce((a, b) => a + b, 0),
    tillP50Ms: s.traffic.till.p50Ms,
    tillP99Ms: s.traffic.till.p99Ms,
    tollP50Ms: s.traffic.toll.p50Ms,
    tollP99Ms: s.traffic.toll.p99Ms,
  };
}

// ---- follow one charge -----------------------------------------------------------
$('#follow-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = $('#follow-q').value.trim();
  const target = $('#timelines');
  target.replaceChildren(el('p', {}, 'searching…'));
  try {
    const timelines = await call('GET', `/api/follow?q=${encodeURIComponent(q)}`);
    target.replaceChildren(
      ...(timelines.length
        ? timelines.map((t) =>
            el(
              'div',
              { class: 'timeline', 'data-timeline': t.kind },
              el(
                'h3',
                {},
                `${t.kind === 'toll' ? 'Toll charge' : 'Till payment'} ${t.id}: ${t.status}`,
              ),
              t.steps.map((step) =>
                el(
                  'div',
                  { class: 'step', 'data-where': step.where },
                  el(
                    'span',
                    { class: 'at' },
                    step.at ? step.at.replace('T', ' ').replace('Z', '') : '—',
                  ),
                  el('span', { class: 'where' }, step.where),
                  el('span', {}, step.what),
                ),
              ),
            ),
          )
        : [el('p', {}, 'nothing found')]),
    );
  } catch (error) {
    target.replaceChildren(el('p', {}, error.message));
  }
});

// ---- dead letters ----------------------------------------------------------------
let dlqTopic = 'charges';
async function loadDeadLetters() {
  const body = $('#dlq-table tbody');
  try {
    const letters = await call('GET', `/api/dead-letters/${dlqTopic}`);
    body.replaceChildren(
      ...letters.map((l) =>
        el(
          'tr',
          {},
          el('td', {}, l.at),
          el('td', {}, l.key ?? ''),
          el('td', {}, l.errorClass ?? ''),
          el('td', {}, l.reason ?? ''),
          el('td', {}, l.attempts ?? ''),
          el(
            'td',
            {},
            l.eventId
              ? Object.assign(el('button', {}, 'Re-drive'), {
                  onclick: () =>
                    control('re-drive', 'POST', `/api/dead-letters/${dlqTopic}/replay`, {
                      eventId: l.eventId,
                    }),
                })
              : '',
          ),
        ),
      ),
    );
    if (letters.length === 0)
      body.replaceChildren(el('tr', {}, el('td', { colSpan: 6 }, 'no dead letters')));
  } catch (error) {
    body.replaceChildren(el('tr', {}, el('td', { colSpan: 6 }, error.message)));
  }
}
for (const tab of document.querySelectorAll('[data-dlq]')) {
  tab.onclick = () => {
    dlqTopic = tab.dataset.dlq;
    for (const t of document.querySelectorAll('[data-dlq]'))
      t.classList.toggle('active', t === tab);
    void loadDeadLetters();
  };
}
$('#dlq-refresh').onclick = () => void loadDeadLetters();
$('#dlq-replay-all').onclick = async () => {
  await control('re-drive all', 'POST', `/api/dead-letters/${dlqTopic}/replay`, {});
  void loadDeadLetters();
};

// ---- the stream ------------------------------------------------------------------------
async function main() {
  setupCharts();
  history.push(...(await call('GET', '/api/history')));
  redraw();
  void loadDeadLetters();
  const source = new EventSource('/api/stream');
  source.onopen = () => {
    $('#connection').textContent = 'live';
    $('#connection').className = 'live';
  };
  source.onerror = () => {
    $('#connection').textContent = 'reconnecting…';
    $('#connection').className = 'lost';
  };
  source.onmessage = (event) => {
    const s = JSON.parse(event.data);
    drawStatus(s);
    drawNotebooks(s);
    if (!history.length || history[history.length - 1].at < s.at) history.push(toPoint(s));
    if (history.length > 600) history.shift();
    redraw();
    document.body.dataset.snapshotAt = String(s.at);
  };
}
void main();
