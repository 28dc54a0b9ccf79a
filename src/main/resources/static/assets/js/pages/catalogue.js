import { clock, get } from '../api.js';
import { $, el, notice, setText } from '../dom.js';
import { STATUS_LABELS, duration, phase } from '../format.js';
import { messageFor } from '../messages.js';
import '../layout.js';

const list = $('#items');
const box = $('#catalogue-notice');
let items = [];

function card(item) {
  const promo = item.promo;
  return el('li', { class: 'card', 'data-item-id': item.id },
    el('h2', {}, el('a', { href: `/items/${item.id}.html` }, item.title)),
    promo
      ? el('p', { class: 'promo-line' },
        el('span', { class: 'badge', 'data-role': 'status' }), ' ',
        el('span', { class: 'num countdown', 'data-role': 'countdown' }))
      : el('p', { class: 'muted' }, 'No flash sale planned'),
    el('p', {},
      promo ? el('span', { class: 'flash' }, promo.promoPrice) : '', promo ? ' ' : '',
      el('span', { class: promo ? 'was' : 'price' }, item.price)),
    el('p', { class: 'muted' }, 'Units left: ', el('strong', { class: 'num', 'data-role': 'stock' }, item.stock)));
}

function tick() {
  const now = clock.now();
  for (const item of items) {
    if (!item.promo) continue;
    const row = list.querySelector(`[data-item-id="${item.id}"]`);
    const state = phase(item.promo, now);
    const status = row.querySelector('[data-role=status]');
    const soldOut = item.stock === 0 && state === 'ACTIVE';
    setText(status, soldOut ? STATUS_LABELS.SOLD_OUT : STATUS_LABELS[state]);
    status.dataset.state = soldOut ? 'SOLD_OUT' : state;
    setText(row.querySelector('[data-role=countdown]'),
      state === 'UPCOMING' ? `starts in ${duration(Date.parse(item.promo.startAt) - now)}`
        : state === 'ACTIVE' ? `ends in ${duration(Date.parse(item.promo.endAt) - now)}` : '');
  }
}

async function refresh() {
  try {
    // anonymous, so that a web server in front may answer from its short cache
    const fresh = await get('/api/items', { anonymous: true });
    const sameItems = fresh.length === items.length && fresh.every((item, i) => item.id === items[i].id
      && JSON.stringify(item.promo) === JSON.stringify(items[i].promo) && item.title === items[i].title);
    items = fresh;
    if (sameItems) {
      for (const item of items) setText(list.querySelector(`[data-item-id="${item.id}"] [data-role=stock]`), item.stock);
    } else {
      list.replaceChildren(...items.map(card));
      if (items.length === 0) list.append(el('li', { class: 'muted' }, 'Nothing for sale yet.'));
    }
    list.setAttribute('aria-busy', 'false');
    notice(box, 'info', '');
    tick();
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
  }
}

refresh();
setInterval(refresh, 5000);
setInterval(tick, 250);
