import { clock, get, post } from '../api.js';
import { requireAdmin, toInstant, toLocalInput } from '../admin-common.js';
import { $, el, notice } from '../dom.js';
import { STATUS_LABELS, dateTime, phase } from '../format.js';
import { messageFor } from '../messages.js';
import '../layout.js';

const box = $('#admin-notice');
let items = [];

function promoState(promo) {
  if (!promo.published) return 'Draft';
  return STATUS_LABELS[phase(promo, clock.now())];
}

function promoRow(promo) {
  const title = items.find((item) => item.id === promo.itemId)?.title || `Item ${promo.itemId}`;
  return el('tr', { 'data-promo-id': promo.id },
    el('td', {}, `#${promo.id} `, promo.title),
    el('td', {}, el('a', { href: `/items/${promo.itemId}.html` }, title)),
    el('td', { class: 'num' }, promo.promoPrice),
    el('td', {}, dateTime(promo.startAt), ' – ', dateTime(promo.endAt)),
    el('td', {}, el('span', { class: 'badge', 'data-state': promo.published ? phase(promo, clock.now()) : 'DRAFT' },
      promoState(promo))),
    el('td', { class: 'row-actions' },
      promo.published ? '' : el('button', { type: 'button', class: 'publish', onclick: () => publish(promo) },
        'Publish', el('span', { class: 'visually-hidden' }, ` promo ${promo.id}`)),
      ' ',
      el('a', { href: `/admin/dashboard.html?promo=${promo.id}` }, 'Dashboard',
        el('span', { class: 'visually-hidden' }, ` of promo ${promo.id}`))));
}

async function load() {
  try {
    const [freshItems, promos] = await Promise.all([get('/api/items'), get('/api/admin/promos')]);
    items = freshItems;
    $('#promos').tBodies[0].replaceChildren(...promos.map(promoRow));
    if (promos.length === 0) $('#promos').tBodies[0].append(el('tr', {}, el('td', { colspan: 6 }, 'No promos yet.')));
    $('#admin-items').tBodies[0].replaceChildren(...items.map((item) => el('tr', {},
      el('td', {}, `#${item.id}`), el('td', {}, item.title), el('td', { class: 'num' }, item.price),
      el('td', { class: 'num' }, item.stock), el('td', { class: 'num' }, item.sales))));
    const select = $('#promo-item');
    const chosen = select.value;
    select.replaceChildren(...items.map((item) => el('option', { value: item.id }, `#${item.id} ${item.title}`)));
    if (chosen) select.value = chosen;
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
  }
}

async function publish(promo) {
  try {
    await post(`/api/admin/promos/${promo.id}/publish`);
    await load();
    notice(box, 'success', 'PUBLISHED', `Promo ${promo.id} is published: buyers see it, and its stock counter is warm. `,
      el('a', { href: `/admin/dashboard.html?promo=${promo.id}`, id: 'published-dashboard' }, 'Watch it on the dashboard'));
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
  }
}

/** Wires a form to a POST; field errors from the server are shown next to the form. */
function onSubmit(form, noticeBox, send) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await send();
    } catch (problem) {
      notice(noticeBox, 'error', problem.code, messageFor(problem));
    } finally {
      button.disabled = false;
    }
  });
}

if (requireAdmin(box)) {
  const start = new Date(Date.now() + 10 * 60_000);
  $('#promo-start').value = toLocalInput(start);
  $('#promo-end').value = toLocalInput(new Date(start.getTime() + 60 * 60_000));

  onSubmit($('#item-form'), $('#item-notice'), async () => {
    const item = await post('/api/admin/items', {
      title: $('#item-title').value.trim(),
      description: $('#item-description').value.trim(),
      imageUrl: $('#item-image').value.trim(),
      price: $('#item-price').value.trim(),
      stock: Number($('#item-stock').value),
    });
    $('#item-form').reset();
    await load();
    $('#promo-item').value = item.id;
    // said last: once the message shows, the lists and the promo form know the new item
    notice($('#item-notice'), 'success', 'CREATED', `Item ${item.id} created. Now give it a promo.`);
    $('#promo-title-input').focus();
  });

  onSubmit($('#promo-form'), $('#promo-notice'), async () => {
    const promo = await post('/api/admin/promos', {
      itemId: Number($('#promo-item').value),
      title: $('#promo-title-input').value.trim(),
      promoPrice: $('#promo-price-input').value.trim(),
      startAt: toInstant($('#promo-start').value),
      endAt: toInstant($('#promo-end').value),
      perUserLimit: Number($('#promo-limit').value),
      paymentMinutes: Number($('#promo-payment').value),
    });
    await load();
    notice($('#promo-notice'), 'success', 'CREATED', `Promo ${promo.id} created as a draft: publish it in the list above.`);
  });

  load();
}
