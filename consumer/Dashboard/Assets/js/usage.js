// The three window gauges and the 30-day chart per key.
import { el } from './dom.js';
import * as format from './format.js';

const updated = document.getElementById('usage-updated');
const customLimits = document.getElementById('custom-limits');
const overage = document.getElementById('overage');
const canvas = document.getElementById('history-chart');
const empty = document.getElementById('history-empty');
const details = document.getElementById('history-details');
const table = document.getElementById('history-table');
const palette = ['#1f5fbf', '#e07b00', '#1f8a4c', '#8e44ad', '#c0392b', '#16a2b8', '#7f8c8d', '#b8860b'];
let chart = null;

/** Updates every gauge from GET /dashboard/api/usage. */
export function renderUsage(usage) {
  for (const window of usage.windows) {
    const gauge = document.getElementById(`gauge-${window.window}`);
    if (!gauge) {
      continue;
    }
    const pct = Math.min(100, window.percentage);
    const ring = gauge.querySelector('.ring');
    ring.style.setProperty('--pct', String(pct));
    ring.setAttribute('aria-valuemax', String(window.limit));
    ring.setAttribute('aria-valuenow', String(window.used));
    ring.setAttribute('aria-valuetext', `${format.count(window.used)} of ${format.count(window.limit)} requests (${pct}%)`);
    setText(gauge.querySelector('.percent'), `${pct}%`);
    // Only changed text is rewritten, so the polite live region speaks only when a number moves.
    setText(gauge.querySelector('.used'), format.count(window.used));
    setText(gauge.querySelector('.limit'), format.count(window.limit));
    setText(gauge.querySelector('.reset'), resetText(window));
    if (window.window === 'month') {
      // Which month the tier counts: any 30 days, or the billing period from its anchor.
      setText(gauge.querySelector('.window-title'), window.kind === 'billing_period' ? 'This billing period' : 'Last 30 days');
    }
    gauge.classList.toggle('warn', pct >= 80 && pct < 100);
    gauge.classList.toggle('full', pct >= 100);
  }
  updated.textContent = `Updated ${format.time(usage.as_of)} · refreshes every 5 s`;
  renderCustomLimits(usage.custom_limits);
  renderOverage(usage.overage);
}

/** Says that the account has limits of its own (agreed outside the plans) and until when; the gauges already use them. */
function renderCustomLimits(custom) {
  customLimits.hidden = !custom;
  if (!custom) {
    return;
  }
  const until = custom.expires_at ? `until ${format.date(custom.expires_at)} (then your plan's apply again)` : 'with no end date';
  setText(customLimits, `Your account has custom limits, ${until}.`);
}

/** Requests past the monthly allowance this billing period, at the plan's overage price (null: the plan blocks instead). */
function renderOverage(billed) {
  overage.hidden = !billed;
  if (!billed) {
    return;
  }
  setText(overage, `Overage this billing period (since ${format.date(billed.period_start)}): ${format.count(billed.units)} requests ` +
    `at $${billed.unit_price_per_1000} per 1,000 = $${Number(billed.amount).toFixed(2)} so far, billed with your next invoice.`);
}

function resetText(window) {
  if (window.kind === 'billing_period') {
    // A fixed period: the whole count starts again at zero at its end.
    const when = `${format.utcMoment(window.resets_at)} (in ${format.duration(window.reset_seconds)})`;
    return window.remaining === 0
      ? `Limit reached for this billing period. It resets ${when}.`
      : `${format.count(window.remaining)} left this billing period. It resets ${when}.`;
  }
  if (window.used === 0) {
    return 'Nothing counted: the whole allowance is free.';
  }
  const when = `${format.duration(window.reset_seconds)} (${format.moment(window.resets_at)})`;
  return window.remaining === 0
    ? `Limit reached. Requests are admitted again in ${when}.`
    : `${format.count(window.remaining)} left. The oldest counted requests leave the window in ${when}.`;
}

function setText(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

/** Draws the per-day, per-key chart and its table from GET /dashboard/api/usage-history. */
export function renderHistory(history) {
  const used = history.keys.filter((key) => history.history.some((day) => (day.by_key[key.key_id] ?? 0) > 0));
  const labels = history.history.map((day) => format.utcDay(day.date));
  const datasets = used.map((key, i) => ({
    label: `${key.name} (${key.prefix}…)${key.status === 'active' ? '' : ` – ${key.status}`}`,
    data: history.history.map((day) => day.by_key[key.key_id] ?? 0),
    backgroundColor: palette[i % palette.length],
    stack: 'keys',
    borderRadius: 3,
  }));
  empty.hidden = used.length > 0;
  renderTable(history, used);

  if (typeof window.Chart !== 'function') {
    // Chart.js did not load: the numbers are still there.
    canvas.parentElement.hidden = true;
    details.open = true;
    return;
  }
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update('none');
    return;
  }
  chart = new window.Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'requests per UTC day' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function renderTable(history, keys) {
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Day (UTC)' }),
    keys.map((key) => el('th', { scope: 'col', class: 'num', text: key.name })),
    el('th', { scope: 'col', class: 'num', text: 'Total' }));
  table.tHead.replaceChildren(head);
  const rows = history.history
    .filter((day) => day.total > 0)
    .reverse()
    .map((day) => el('tr', {}, el('th', { scope: 'row', text: format.utcDay(day.date) }),
      keys.map((key) => el('td', { class: 'num', text: format.count(day.by_key[key.key_id] ?? 0) })),
      el('td', { class: 'num', text: format.count(day.total) })));
  table.tBodies[0].replaceChildren(...(rows.length
    ? rows
    : [el('tr', {}, el('td', { colspan: keys.length + 2, text: 'No requests in these days.' }))]));
}
