import { get } from '../api.js';
import { requireAdmin } from '../admin-common.js';
import { $, el, notice, setText } from '../dom.js';
import { time } from '../format.js';
import { messageFor } from '../messages.js';
import '../layout.js';

const box = $('#consistency-notice');

async function check() {
  const button = $('#recheck');
  button.disabled = true;
  try {
    const report = await get('/api/admin/consistency');
    const verdict = $('#verdict');
    setText(verdict, report.consistent ? 'Consistent' : 'Problems found');
    verdict.dataset.state = report.consistent ? 'OK' : 'PROBLEM';
    $('#consistency').tBodies[0].replaceChildren(...report.items.map((item) => el('tr', { 'data-item-id': item.itemId },
      el('td', {}, el('a', { href: `/items/${item.itemId}.html` }, `#${item.itemId}`)),
      el('td', { class: 'num' }, item.initialStock ?? '–'),
      el('td', { class: 'num' }, item.counterStock ?? '–'),
      el('td', { class: 'num' }, item.dbStock ?? '–'),
      el('td', { class: 'num' }, item.liveOrderUnits ?? '–'),
      el('td', { class: 'num' }, item.pendingStockLogs ?? '–'),
      el('td', {}, item.problems.length ? el('ul', {}, ...item.problems.map((p) => el('li', {}, p))) : 'none'))));
    setText('#checked-at', time(new Date().toISOString()));
    notice(box, 'info', '');
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
  } finally {
    button.disabled = false;
  }
}

if (requireAdmin(box)) {
  $('#recheck').addEventListener('click', check);
  check();
  setInterval(check, 5000);
}
