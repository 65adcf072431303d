// The live dashboard of mdi serve: polls /dashboard/data every second and draws with plain SVG, so that it needs
// nothing from the network. Counts in the data are cumulative (as Prometheus counters are): rates, shares and
// recent distributions are differences between this poll and the one about WINDOW_MS before it.
'use strict';

const POLL_MS = 1000;
const WINDOW_MS = 10000;
const HISTORY_MS = 120000;
const SVG = 'http://www.w3.org/2000/svg';

const history = [];
// a token from the address's fragment (#token=...): sent with each poll, never to the server in the address
const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');

function el(name, attrs, parent, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function fmt(value, digits) {
  if (value === null || value === undefined || !isFinite(value)) return '–';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

function figure(name, value, text) {
  const node = document.querySelector(`[data-figure="${name}"]`);
  node.dataset.value = String(value);
  node.textContent = text;
}

function sum(rows, keep) {
  return rows.filter(keep).reduce((total, row) => total + row.count, 0);
}

/** The snapshot about WINDOW_MS older than the newest, or the oldest there is. */
function windowStart(now) {
  let start = history[0];
  for (const snap of history) {
    if (now.time_ms - snap.time_ms >= WINDOW_MS) start = snap; else break;
  }
  return start === now ? null : start;
}

/** A histogram's counts per bucket (not cumulative) between two snapshots, or since the start without the older. */
function bucketsBetween(newer, older) {
  const out = [];
  let previous = 0;
  for (let i = 0; i < newer.le.length; i++) {
    const cumulative = newer.counts[i] - (older && older.counts.length ? older.counts[i] : 0);
    out.push({ le: newer.le[i], count: cumulative - previous });
    previous = cumulative;
  }
  const total = newer.count - (older ? older.count : 0);
  out.push({ le: Infinity, count: total - previous });
  return { buckets: out, count: total, sum: newer.sum - (older ? older.sum : 0) };
}

/** The last WINDOW_MS when it had observations, else since the start. */
function recent(newer, older) {
  const windowed = bucketsBetween(newer, older);
  return windowed.count > 0 ? windowed : bucketsBetween(newer, null);
}

function addHistograms(histograms) {
  const first = histograms.find(h => h.le.length);
  if (!first) return { count: 0, sum: 0, le: [], counts: [] };
  const out = { count: 0, sum: 0, le: first.le.slice(), counts: first.le.map(() => 0) };
  for (const h of histograms) {
    out.count += h.count;
    out.sum += h.sum;
    h.counts.forEach((c, i) => { out.counts[i] += c; });
  }
  return out;
}

// ---- charts -------------------------------------------------------------------------------------------------

function frame(id, width, height) {
  const holder = document.getElementById(id);
  holder.textContent = '';
  return el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' }, holder);
}

function empty(svg, width, height, text) {
  el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, svg, text);
}

function lineChart(id, series, options) {
  const width = options.width || 1200, height = options.height || 200, left = 48, right = 150, top = 10;
  const bottom = 24;
  const svg = frame(id, width, height);
  const points = series.flatMap(s => s.points);
  if (points.length < 2) return empty(svg, width, height, 'waiting for a second poll…');
  const t1 = Math.max(...points.map(p => p[0])), t0 = t1 - HISTORY_MS;
  const yMax = options.yMax !== undefined ? options.yMax : Math.max(1, ...points.map(p => p[1])) * 1.1;
  const x = t => left + (t - t0) / (t1 - t0) * (width - left - right);
  const y = v => height - bottom - v / yMax * (height - top - bottom);
  const grid = el('g', { class: 'grid' }, svg);
  for (let i = 0; i <= 4; i++) {
    const v = yMax * i / 4;
    el('line', { x1: left, x2: width - right, y1: y(v), y2: y(v) }, grid);
    el('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg, options.format ? options.format(v) : fmt(v));
  }
  for (let s = 0; s <= 120; s += 30) {
    el('text', { x: x(t1 - s * 1000), y: height - 6, 'text-anchor': 'middle' }, svg, s ? `-${s} s` : 'now');
  }
  series.forEach((s, i) => {
    if (!s.points.length) return;
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    el('path', { d, class: `series c${i % 6}` }, svg);
    const legend = el('g', { class: 'legend' }, svg);
    el('rect', { x: width - right + 10, y: top + i * 16, width: 10, height: 10, class: `c${i % 6}` }, legend);
    el('text', { x: width - right + 25, y: top + i * 16 + 9 }, legend, s.name);
  });
}

function barsChart(id, rows, format) {
  const width = 440, row = 22, left = 130, right = 60;
  const height = Math.max(row * rows.length + 10, 60);
  const svg = frame(id, width, height);
  if (!rows.length) return empty(svg, width, height, 'no zoo requests yet');
  const max = Math.max(...rows.map(r => r.value), 1e-9);
  rows.forEach((r, i) => {
    const yy = 5 + i * row;
    el('text', { x: left - 6, y: yy + 14, 'text-anchor': 'end' }, svg, r.name);
    el('rect', { x: left, y: yy + 3, height: row - 8, width: Math.max(1, r.value / max * (width - left - right)),
      class: `c${r.color % 6}` }, svg);
    el('text', { x: left + r.value / max * (width - left - right) + 4, y: yy + 14 }, svg, format(r.value));
  });
}

function histogramChart(id, histogram, unit) {
  const width = 440, height = 180, left = 40, right = 10, top = 10, bottom = 34;
  const svg = frame(id, width, height);
  const buckets = histogram.buckets;
  let first = buckets.findIndex(b => b.count > 0);
  let last = buckets.length - 1 - [...buckets].reverse().findIndex(b => b.count > 0);
  if (first < 0) return empty(svg, width, height, 'nothing observed yet');
  first = Math.max(0, first - 1);
  last = Math.min(buckets.length - 1, last + 1);
  const shown = buckets.slice(first, last + 1);
  const max = Math.max(...shown.map(b => b.count));
  const w = (width - left - right) / shown.length;
  shown.forEach((b, i) => {
    const h = b.count / max * (height - top - bottom);
    el('rect', { x: left + i * w + 1, y: height - bottom - h, width: Math.max(1, w - 2), height: h, class: 'c0' }, svg);
  });
  const step = Math.ceil(shown.length / 6);
  shown.forEach((b, i) => {
    if (i % step) return;
    el('text', { x: left + (i + 1) * w, y: height - bottom + 14, 'text-anchor': 'middle' }, svg,
      b.le === Infinity ? '∞' : `≤${fmt(b.le)}`);
  });
  el('text', { x: left, y: height - 4 }, svg,
    `${histogram.count} observed, mean ${fmt(histogram.sum / histogram.count)} ${unit}`);
  el('text', { x: left - 6, y: top + 8, 'text-anchor': 'end' }, svg, String(max));
}

function latencyChart(id, members) {
  const width = 440, row = 24, left = 130, right = 16, top = 8;
  const height = row * members.length + 52;
  const svg = frame(id, width, height);
  const values = members.flatMap(m => [m.profile.mean, m.live, m.observed]).filter(v => v > 0);
  const l0 = Math.min(...values) / 1.5, l1 = Math.max(...values) * 1.5;
  const x = v => left + Math.log(v / l0) / Math.log(l1 / l0) * (width - left - right);
  const grid = el('g', { class: 'grid' }, svg);
  for (let e = Math.ceil(Math.log10(l0)); e <= Math.floor(Math.log10(l1)); e++) {
    const v = Math.pow(10, e);
    el('line', { x1: x(v), x2: x(v), y1: top, y2: top + row * members.length }, grid);
    el('text', { x: x(v), y: top + row * members.length + 12, 'text-anchor': 'middle' }, svg, fmt(v));
  }
  members.forEach((m, i) => {
    const yy = top + i * row + row / 2;
    el('text', { x: left - 6, y: yy + 4, 'text-anchor': 'end' }, svg, m.name);
    el('line', { x1: x(Math.max(l0, m.profile.mean - m.profile.std)), x2: x(m.profile.mean + m.profile.std),
      y1: yy, y2: yy, class: 'c0', 'stroke-width': 2 }, svg);
    el('circle', { cx: x(m.profile.mean), cy: yy, r: 4, class: 'c0' }, svg);
    el('rect', { x: x(m.live) - 3, y: yy - 3, width: 6, height: 6, class: 'c2' }, svg);
    if (m.observed > 0) {
      el('path', { d: `M${x(m.observed)},${yy - 5}l5,5l-5,5l-5,-5z`, class: 'c1' }, svg);
    }
  });
  const legend = el('g', { class: 'legend' }, svg);
  [['profile ± std', 'c0'], ['live estimate', 'c2'], ['observed batch mean', 'c1']].forEach(([t, c], i) => {
    el('rect', { x: 10 + i * 130, y: height - 14, width: 10, height: 10, class: c }, legend);
    el('text', { x: 10 + i * 130 + 14, y: height - 5 }, legend, t);
  });
}

function frontierChart(id, members, shares) {
  const width = 440, height = 220, left = 44, right = 16, top = 12, bottom = 30;
  const svg = frame(id, width, height);
  const lat = members.map(m => m.profile_ms.mean), acc = members.map(m => m.accuracy);
  const l0 = Math.min(...lat) / 1.5, l1 = Math.max(...lat) * 1.5;
  const a0 = Math.min(...acc) - 0.02, a1 = Math.min(1, Math.max(...acc) + 0.02);
  const x = v => left + Math.log(v / l0) / Math.log(l1 / l0) * (width - left - right);
  const y = v => height - bottom - (v - a0) / (a1 - a0) * (height - top - bottom);
  const grid = el('g', { class: 'grid' }, svg);
  for (let i = 0; i <= 4; i++) {
    const v = a0 + (a1 - a0) * i / 4;
    el('line', { x1: left, x2: width - right, y1: y(v), y2: y(v) }, grid);
    el('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end' }, svg, (v * 100).toFixed(1) + '%');
  }
  el('text', { x: width - right, y: height - 6, 'text-anchor': 'end' }, svg, 'profiled latency, ms (log)');
  el('text', { x: left, y: height - 6 }, svg, fmt(l0));
  // the frontier: members no other is both quicker and more accurate than
  const sorted = members.slice().sort((p, q) => p.profile_ms.mean - q.profile_ms.mean);
  const frontier = [];
  for (const m of sorted) {
    if (!frontier.length || m.accuracy > frontier[frontier.length - 1].accuracy) frontier.push(m);
  }
  const d = frontier.map((m, k) => {
    const px = x(m.profile_ms.mean).toFixed(1), py = y(m.accuracy).toFixed(1);
    return k ? `H${px}V${py}` : `M${px},${py}`;
  }).join('');
  el('path', { d, class: 'frontier' }, svg);
  members.forEach((m, i) => {
    const share = shares[m.name] || 0;
    const cx = x(m.profile_ms.mean), cy = y(m.accuracy);
    el('circle', { cx, cy, r: 4 + 14 * Math.sqrt(share), class: `c${i % 6}`, 'fill-opacity': 0.6 }, svg);
    // labels for the members that matter, lest the crowd of quick ones overwrite each other
    if (share > 0 || frontier.includes(m)) {
      const end = cx > width * 0.65;
      el('text', { x: end ? cx - 8 : cx + 8, y: cy - 6, 'text-anchor': end ? 'end' : 'start' }, svg,
        `${m.name} ${Math.round(share * 100)}%`);
    }
  });
}

// ---- one poll -----------------------------------------------------------------------------------------------

function draw(now) {
  const zoo = now.zoo;
  document.getElementById('zoo-name').textContent = `zoo ${zoo}`;
  const older = windowStart(now);
  const seconds = older ? (now.time_ms - older.time_ms) / 1000 : NaN;
  const zooTotal = d => sum(d.requests, r => r.model === zoo);
  const allTotal = d => sum(d.requests, () => true);
  // SLA attainment: the share of zoo requests a model answered within their budget (a request rerouted after a
  // miss is one request, though decided twice)
  const decided = d => zooTotal(d);
  const attained = d => sum(d.requests, r => r.model === zoo && r.outcome === 'served')
    - (d.deadline_misses.actual || 0);

  const zooRps = older ? (zooTotal(now) - zooTotal(older)) / seconds : NaN;
  const allRps = older ? (allTotal(now) - allTotal(older)) / seconds : NaN;
  figure('zoo-rps', zooRps, fmt(zooRps));
  figure('all-rps', allRps, fmt(allRps));
  const windowDecided = older ? decided(now) - decided(older) : 0;
  const sla = windowDecided > 0 ? (attained(now) - attained(older)) / windowDecided : NaN;
  figure('sla', sla, isFinite(sla) ? (sla * 100).toFixed(1) + '%' : '–');
  figure('zoo-requests', zooTotal(now), String(zooTotal(now)));
  figure('misses-actual', now.deadline_misses.actual || 0, String(now.deadline_misses.actual || 0));
  figure('misses-predicted', now.deadline_misses.predicted || 0, String(now.deadline_misses.predicted || 0));

  // requests a second over time, each poll against the one before it: the zoo's by outcome, and the members' own
  const kinds = [
    ['zoo: served', r => r.model === zoo && r.outcome === 'served'],
    ['zoo: no model fits', r => r.model === zoo && r.outcome === 'no_model_fits'],
    ['zoo: refused or failed', r => r.model === zoo && r.outcome !== 'served' && r.outcome !== 'no_model_fits'],
    ['members, directly', r => r.model !== zoo]];
  const series = kinds.map(([name]) => ({ name, points: [] }));
  const slaSeries = [{ name: 'attained', points: [] }];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1], b = history[i], dt = (b.time_ms - a.time_ms) / 1000;
    kinds.forEach(([, keep], k) => {
      series[k].points.push([b.time_ms, Math.max(0, (sum(b.requests, keep) - sum(a.requests, keep)) / dt)]);
    });
    const start = windowStart(b);
    if (start) {
      const n = decided(b) - decided(start);
      if (n > 0) slaSeries[0].points.push([b.time_ms, (attained(b) - attained(start)) / n]);
    }
  }
  lineChart('chart-rps', series, {});
  lineChart('chart-sla', slaSeries, { yMax: 1, width: 440, height: 200, format: v => (v * 100).toFixed(0) + '%' });

  // shares of the zoo's choices
  const chosenBy = d => {
    const out = {};
    for (const c of d.chosen) out[c.model] = (out[c.model] || 0) + c.count;
    return out;
  };
  const nowChosen = chosenBy(now), oldChosen = older ? chosenBy(older) : {};
  let windowed = {};
  for (const [model, count] of Object.entries(nowChosen)) windowed[model] = count - (oldChosen[model] || 0);
  let total = Object.values(windowed).reduce((p, q) => p + q, 0);
  if (total === 0) {
    windowed = nowChosen;
    total = Object.values(windowed).reduce((p, q) => p + q, 0);
  }
  const shares = {};
  for (const [model, count] of Object.entries(windowed)) shares[model] = total ? count / total : 0;
  const shareRows = [...now.members.map(m => m.name), 'none'].filter(n => n in shares || n !== 'none')
    .map((name, i) => ({ name: name === 'none' ? 'no model fits' : name, value: shares[name] || 0, color: i }));
  barsChart('chart-share', total ? shareRows : [], v => (v * 100).toFixed(1) + '%');
  frontierChart('chart-frontier', now.members, shares);

  // distributions
  histogramChart('chart-budget', recent(now.budget_ms, older && older.budget_ms), 'ms');
  const waits = d => addHistograms(d.members.map(m => m.queue_wait_ms).filter(Boolean));
  histogramChart('chart-queue', recent(waits(now), older && waits(older)), 'ms');

  // members
  const previous = name => older && older.members.find(m => m.name === name);
  const observed = (m, key) => {
    const h = m[key], o = previous(m.name) && previous(m.name)[key];
    if (!h) return null;
    const r = o && h.count - o.count > 0 ? { count: h.count - o.count, sum: h.sum - o.sum } : h;
    return r.count > 0 ? r.sum / r.count : null;
  };
  latencyChart('chart-latency', now.members.map(m => ({ name: m.name, profile: m.profile_ms, live: m.live_ms.mean,
    observed: observed(m, 'inference_ms') })));
  const body = document.querySelector('#members tbody');
  body.textContent = '';
  for (const m of now.members) {
    const tr = document.createElement('tr');
    tr.dataset.member = m.name;
    const picked = sum(now.chosen, c => c.model === m.name);
    const direct = sum(now.requests, r => r.model === m.name);
    const cells = [m.name, m.available ? 'up' : `out${m.out_of_service ? ': ' + m.out_of_service : ''}`,
      m.remote ? 'remote' : 'here', (m.accuracy * 100).toFixed(2) + '%',
      `${fmt(m.profile_ms.mean)} ± ${fmt(m.profile_ms.std)}`, fmt(m.live_ms.mean), fmt(observed(m, 'inference_ms')),
      fmt(observed(m, 'batch_size')), String(m.queue_items), String(m.failures), String(picked), String(direct)];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 1) td.className = m.available ? 'up' : 'down';
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const reply = await fetch('/dashboard/data', {
      cache: 'no-store', headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (reply.status === 401 || reply.status === 403) {
      status.textContent = 'this server asks for a token for its metrics: open /dashboard#token=YOUR_TOKEN';
      status.className = 'down';
      return;
    }
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    const now = await reply.json();
    history.push(now);
    while (history.length && now.time_ms - history[0].time_ms > HISTORY_MS + WINDOW_MS) history.shift();
    draw(now);
    status.textContent = `updated ${new Date(now.time_ms).toLocaleTimeString()}`;
    status.className = 'muted';
    document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
  } catch (e) {
    status.textContent = `no answer from the server (${e.message}); retrying`;
    status.className = 'down';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
