import { clock, get, post, session } from '../api.js';
import { $, el, idParam, loginLink, notice, setText } from '../dom.js';
import { STATUS_LABELS, dateTime, duration } from '../format.js';
import { messageFor } from '../messages.js';
import '../layout.js';

const box = $('#order-notice');
const id = idParam('id');
let order = null;
let waitingForExpiry = false;

function render() {
  setText('#order-id', `#${order.id}`);
  const status = $('#order-status');
  setText(status, STATUS_LABELS[order.status]);
  status.dataset.state = order.status;
  setText('#order-quantity', order.quantity);
  setText('#order-unit-price', order.unitPrice);
  setText('#order-total', order.total);
  setText('#order-created', dateTime(order.createdAt));
  setText('#order-pay-by', dateTime(order.payBy));
  const link = $('#order-item');
  link.href = `/items/${order.itemId}.html`;
  if (!link.textContent) link.textContent = `Item ${order.itemId}`;
  $('#order-actions').hidden = order.status !== 'UNPAID';
  $('#order').hidden = false;
  tick();
}

function tick() {
  if (!order) return;
  if (order.status !== 'UNPAID') {
    setText('#time-left', '');
    return;
  }
  const left = Date.parse(order.payBy) - clock.now();
  setText('#time-left', left > 0 ? `${duration(left)} left to pay` : 'Time to pay is up');
  if (left <= 0 && !waitingForExpiry) {
    // the server cancels it within seconds; show that when it has
    waitingForExpiry = true;
    $('#pay').disabled = true;
    setTimeout(load, 2000);
  }
}

async function load() {
  waitingForExpiry = false;
  try {
    order = await get(`/api/orders/${id}`);
    render();
    get(`/api/items/${order.itemId}`, { anonymous: true }).then((item) => setText('#order-item', item.title)).catch(() => {});
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem), ' ', problem.code === 'UNAUTHENTICATED' ? loginLink() : '');
  }
}

async function act(path, done) {
  $('#pay').disabled = true;
  $('#cancel').disabled = true;
  try {
    order = await post(`/api/orders/${id}/${path}`);
    notice(box, 'success', done, done === 'PAID' ? 'Paid. Thank you!' : 'Cancelled. The units went back on sale.');
    render();
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
    await load();
  } finally {
    $('#pay').disabled = false;
    $('#cancel').disabled = false;
  }
}

if (!id) {
  notice(box, 'error', 'NOT_FOUND', 'No order named here. See ', el('a', { href: '/orders.html' }, 'your orders'), '.');
} else if (!session.get()) {
  notice(box, 'info', 'UNAUTHENTICATED', loginLink(), ' to see this order.');
} else {
  $('#pay').addEventListener('click', () => act('payment', 'PAID'));
  $('#cancel').addEventListener('click', () => act('cancellation', 'CANCELLED'));
  load();
  setInterval(tick, 250);
}
