import { clock, get } from '../api.js';
import { requireAdmin } from '../admin-common.js';
import { $, el, idParam, notice, setText } from '../dom.js';
import { STATUS_LABELS, duration, phase, time } from '../format.js';
import { messageFor } from '../messages.js';
import { SaleCharts } from '../charts.js';
import '../layout.js';

const box = $('#dashboard-notice');
const promoId = idParam('promo');
let promo = null;
let remaining = null;
let charts = null;

async function pickPromo() {
  const picker = $('#promo-picker');
  const promos = await get('/api/admin/promos');
  $('#pick-promo').replaceChildren(...promos.map((p) => el('option', { value: p.id }, `#${p.id} ${p.title}`)));
  picker.hidden = false;
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(`/admin/dashboard.html?promo=${$('#pick-promo').value}`);
  });
}

function render(stats) {
  remaining = stats.remaining;
  setText('#stat-remaining', stats.remaining);
  setText('#stat-sold', stats.sold);
  setText('#stat-initial', stats.initialStock);
  setText('#stat-tokens', stats.tokensIssued);
  setText('#stat-unpaid', stats.ordersUnpaid);
  setText('#stat-paid', stats.ordersPaid);
  setText('#stat-cancelled', stats.ordersCancelled);
  const bar = $('#sold-bar');
  bar.max = Math.max(1, stats.initialStock);
  bar.value = stats.sold;
  setText('#sold-percent', stats.initialStock ? `${Math.round((100 * stats.sold) / stats.initialStock)} %` : '');
  $('#stat-remaining').closest('.tile').dataset.zero = stats.remaining === 0 ? 'true' : 'false';
  const codes = Object.entries(stats.rejected).sort((a, b) => b[1] - a[1]);
  $('#rejections').tBodies[0].replaceChildren(...(codes.length
    ? codes.map(([code, count]) => el('tr', { 'data-code': code }, el('th', { scope: 'row' }, code), el('td', { class: 'num' }, count)))
    : [el('tr', {}, el('td', { colspan: 2, class: 'muted' }, 'None yet'))]));
  setText('#dash-updated', time(new Date(clock.now()).toISOString()));
  charts ??= new SaleCharts($('#charts'));
  charts.add(stats, clock.now());
}

function tick() {
  if (!promo) return;
  const now = clock.now();
  const state = promo.published ? phase(promo, now) : 'DRAFT';
  const soldOut = state === 'ACTIVE' && remaining === 0;
  const badge = $('#dash-state');
  setText(badge, promo.published ? STATUS_LABELS[soldOut ? 'SOLD_OUT' : state] : 'Draft (not published)');
  badge.dataset.state = soldOut ? 'SOLD_OUT' : state;
  setText('#dash-countdown', state === 'UPCOMING' ? `opens in ${duration(Date.parse(promo.startAt) - now)}`
    : state === 'ACTIVE' ? `closes in ${duration(Date.parse(promo.endAt) - now)}` : '');
}

async function refresh() {
  try {
    render(await get(`/api/admin/promos/${promoId}/stats`));
    notice(box, 'info', '');
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
  }
}

/** Every second, one request at a time: a slow answer delays the next instead of piling up. */
async function every(ms, work) {
  const started = Date.now();
  await work();
  setTimeout(() => every(ms, work), Math.max(0, ms - (Date.now() - started)));
}

if (requireAdmin(box)) {
  if (!promoId) {
    pickPromo().catch((problem) => notice(box, 'error', problem.code, messageFor(problem)));
  } else {
    setText('#dash-promo-id', `#${promoId}`);
    $('#dashboard').hidden = false;
    get('/api/admin/promos').then((promos) => {
      promo = promos.find((p) => String(p.id) === promoId) || null;
      if (promo) setText('#dash-title', promo.title);
      else notice(box, 'error', 'NOT_FOUND', messageFor({ code: 'NOT_FOUND', body: {} }));
    }).catch(() => {});
    every(1000, refresh);
    setInterval(tick, 250);
  }
}
