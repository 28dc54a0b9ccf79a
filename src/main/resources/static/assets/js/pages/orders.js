import { get, session } from '../api.js';
import { $, el, loginLink, notice } from '../dom.js';
import { STATUS_LABELS, dateTime } from '../format.js';
import { messageFor } from '../messages.js';
import '../layout.js';

const box = $('#orders-notice');
const table = $('#orders');

async function load() {
  if (!session.get()) {
    notice(box, 'info', 'UNAUTHENTICATED', loginLink(), ' to see your orders.');
    return;
  }
  try {
    const [orders, items] = await Promise.all([get('/api/orders'), get('/api/items', { anonymous: true })]);
    const titles = new Map(items.map((item) => [item.id, item.title]));
    if (orders.length === 0) {
      notice(box, 'info', '', 'No orders yet. ', el('a', { href: '/' }, 'See the sales'), '.');
      return;
    }
    table.tBodies[0].replaceChildren(...orders.map((order) => el('tr', { 'data-order-id': order.id },
      el('td', {}, el('a', { href: `/order.html?id=${order.id}` }, `#${order.id}`)),
      el('td', {}, titles.get(order.itemId) || `Item ${order.itemId}`),
      el('td', { class: 'num' }, order.quantity),
      el('td', { class: 'num' }, order.total),
      el('td', {}, el('span', { class: 'badge', 'data-state': order.status }, STATUS_LABELS[order.status])),
      el('td', {}, dateTime(order.createdAt)))));
    table.hidden = false;
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem), problem.code === 'UNAUTHENTICATED' ? loginLink() : '');
  }
}

load();
