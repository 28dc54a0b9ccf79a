// The item page: live stock, a countdown on the server's clock, and the buy flow
// (captcha -> token -> order) with a clear answer to every way it can go wrong.
import { call, clock, get, post, session } from '../api.js';
import { $, el, loginLink, notice, setText } from '../dom.js';
import { STATUS_LABELS, dateTime, duration, phase, time } from '../format.js';
import { MESSAGES, messageFor } from '../messages.js';
import '../layout.js';

const article = $('article[data-item-id]');
const itemId = article.dataset.itemId;
const section = $('section[data-promo-id]');
const panel = $('#buy');

let item = null;
let promo = null;
let shownPhase = null; // what the buy panel shows now; it is rebuilt only when this changes
let permit = null; // a promo token not used yet (kept after BUSY, which leaves it valid)
let captchaUrl = null;
let retryTimer = null;

// --- live data -------------------------------------------------------------------------------

async function refresh() {
  try {
    item = await get(`/api/items/${itemId}`, { anonymous: true });
  } catch {
    return; // the next refresh tries again; the page keeps what it shows
  }
  promo = item.promo;
  setText('#stock', item.stock);
  if (promo && section) {
    section.dataset.promoId = promo.id;
    setText('#promo-title', promo.title);
    setText('#promo-price', promo.promoPrice);
    setText('#limit', promo.perUserLimit);
    setText('#start', dateTime(promo.startAt));
    setText('#end', dateTime(promo.endAt));
  }
  tick();
}

function tick() {
  if (!promo || !section) return;
  const now = clock.now();
  const state = phase(promo, now);
  const soldOut = state === 'ACTIVE' && item.stock === 0;
  const status = $('#status');
  setText(status, soldOut ? STATUS_LABELS.SOLD_OUT : STATUS_LABELS[state]);
  status.dataset.state = soldOut ? 'SOLD_OUT' : state;
  setText('#countdown', state === 'UPCOMING' ? `Starts in ${duration(Date.parse(promo.startAt) - now)}`
    : state === 'ACTIVE' ? `Ends in ${duration(Date.parse(promo.endAt) - now)}` : '');
  const soldOutNow = $('#sold-out-now');
  if (soldOutNow) soldOutNow.hidden = item.stock > 0;
  show(session.get() ? state : 'LOGIN');
}

// --- the buy panel ---------------------------------------------------------------------------

/** Rebuilds the panel for a new phase; within one phase it is left alone (a buyer may be typing). */
function show(next) {
  if (next === shownPhase || shownPhase === 'DONE') return;
  shownPhase = next;
  clearTimeout(retryTimer);
  if (next === 'LOGIN') {
    panel.replaceChildren(el('p', {}, loginLink('Log in'), ' to take part in this sale. ',
      el('a', { href: `/register.html?next=${encodeURIComponent(location.pathname)}` }, 'No account yet?')));
  } else if (next === 'UPCOMING') {
    panel.replaceChildren(
      el('div', { class: 'captcha-slot', 'aria-hidden': 'true' }, 'The picture appears here when the sale opens'),
      el('p', { class: 'muted' }, 'Stay on this page: it opens by itself, on the shop\'s clock.'));
  } else if (next === 'ENDED') {
    panel.replaceChildren(el('p', {}, 'This sale has ended.'));
  } else if (next === 'ACTIVE') {
    buildForm();
    loadCaptcha();
  }
}

function buildForm() {
  const limit = promo.perUserLimit;
  const quantity = limit > 1
    ? el('p', { class: 'field' }, el('label', { for: 'quantity' }, 'How many'),
      el('select', { id: 'quantity' }, ...Array.from({ length: limit }, (_, i) => el('option', { value: i + 1 }, i + 1))))
    : el('input', { type: 'hidden', id: 'quantity', value: '1' });
  const form = el('form', { id: 'buy-form', class: 'form', novalidate: true, onsubmit: submit },
    el('p', { id: 'sold-out-now', class: 'muted', hidden: item.stock > 0 },
      'No units left right now; cancelled orders put theirs back.'),
    el('div', { class: 'captcha-slot' },
      el('img', { id: 'captcha', alt: 'Picture of characters to type', width: 160, height: 56, hidden: true })),
    el('p', {}, el('button', { type: 'button', id: 'new-captcha', class: 'link', onclick: () => loadCaptcha() },
      'Show a different picture')),
    el('p', { class: 'field' },
      el('label', { for: 'answer' }, 'Characters in the picture'),
      el('input', { id: 'answer', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
        maxlength: 16, required: true, inputmode: 'text' })),
    quantity,
    el('p', {}, el('button', { type: 'submit', id: 'buy-button', class: 'primary' }, 'Buy now')),
    el('div', { id: 'buy-notice', class: 'notice', role: 'alert', hidden: true }));
  panel.replaceChildren(form);
}

/** A captcha for this buyer; it replaces any earlier one, so the picture shown is the one that counts. */
async function loadCaptcha(attempt = 0) {
  const image = $('#captcha');
  if (!image) return;
  try {
    const response = await call('GET', `/api/promos/${promo.id}/captcha`, { raw: true });
    const blob = await response.blob();
    if (captchaUrl) URL.revokeObjectURL(captchaUrl);
    captchaUrl = URL.createObjectURL(blob);
    image.src = captchaUrl;
    image.hidden = false;
    // Only a server in load-test mode sends the answer; tests read it from here, people never see it.
    const answer = response.headers.get('X-Captcha-Answer');
    if (answer) image.dataset.loadtestAnswer = answer;
    else delete image.dataset.loadtestAnswer;
    $('#answer').value = '';
    $('#answer').focus();
  } catch (problem) {
    // The sale opened by our clock a moment before the server's: ask again shortly.
    if (problem.code === 'PROMO_NOT_ACTIVE' && attempt < 10 && phase(promo, clock.now()) === 'ACTIVE') {
      setTimeout(() => loadCaptcha(attempt + 1), 300);
    } else if (problem.code === 'RATE_LIMITED' && attempt < 10) {
      setTimeout(() => loadCaptcha(attempt + 1), (problem.retryAfterSeconds || 1) * 1000);
    } else {
      failed(problem);
    }
  }
}

async function submit(event) {
  event.preventDefault();
  const answer = $('#answer').value.trim().toUpperCase();
  const quantity = Number($('#quantity').value);
  if (!permit && !answer) {
    say('error', 'VALIDATION_FAILED', 'Type the characters you see in the picture.');
    $('#answer').focus();
    return;
  }
  busy(true);
  say('info', '', 'Buying…');
  try {
    if (!permit) {
      permit = (await post(`/api/promos/${promo.id}/tokens`, { captcha: answer })).token;
    }
    const order = await post('/api/orders', { promoId: promo.id, quantity, token: permit });
    permit = null;
    bought(order);
  } catch (problem) {
    failed(problem);
  }
}

function bought(order) {
  shownPhase = 'DONE';
  panel.replaceChildren(el('div', { class: 'notice success', role: 'alert', 'data-code': 'ORDERED' },
    el('p', {}, el('strong', {}, 'You got it!'), ` Order ${order.id}: ${order.quantity} × ${order.unitPrice} = ${order.total}.`),
    el('p', {}, `Pay by ${time(order.payBy)}, or the order is cancelled and the units go back.`),
    el('p', {}, el('a', { id: 'order-link', class: 'button primary', href: `/order.html?id=${order.id}` }, 'Go to your order'))));
  $('#order-link').focus();
  refresh();
}

/** Every refusal of the contract gets its own next step. */
function failed(problem) {
  busy(false);
  switch (problem.code) {
    case 'CAPTCHA_WRONG':
      say('error', problem.code, messageFor(problem));
      loadCaptcha();
      break;
    case 'TOKEN_INVALID':
      permit = null;
      say('error', problem.code, messageFor(problem));
      loadCaptcha();
      break;
    case 'SOLD_OUT':
      permit = null;
      say('error', problem.code, MESSAGES.SOLD_OUT, ' ',
        el('button', { type: 'button', class: 'link', onclick: () => { say('info', ''); loadCaptcha(); } },
          'Try again if units come back'));
      refresh();
      break;
    case 'ALREADY_PURCHASED':
      shownPhase = 'DONE';
      panel.replaceChildren(el('div', { class: 'notice info', role: 'alert', 'data-code': problem.code },
        MESSAGES.ALREADY_PURCHASED, ' ',
        el('a', { id: 'order-link', href: `/order.html?id=${problem.body.orderId}` }, 'See your order')));
      break;
    case 'RATE_LIMITED':
    case 'BUSY':
      // Nothing was taken; the answer or permit is still good. The button waits as long as the server asked.
      waitBeforeRetry(problem);
      break;
    case 'PROMO_NOT_ACTIVE':
      say('error', problem.code, messageFor(problem));
      refresh();
      break;
    case 'UNAUTHENTICATED':
      shownPhase = 'DONE';
      panel.replaceChildren(el('div', { class: 'notice error', role: 'alert', 'data-code': problem.code },
        MESSAGES.UNAUTHENTICATED, ' ', loginLink()));
      break;
    default:
      say('error', problem.code, messageFor(problem),
        problem.code === 'NETWORK' || problem.code === 'UNAVAILABLE' ? el('a', { href: '/orders.html' }, ' My orders') : '');
  }
}

function waitBeforeRetry(problem) {
  let left = problem.retryAfterSeconds || 1;
  const button = $('#buy-button');
  button.disabled = true;
  const update = () => {
    say('error', problem.code, `${MESSAGES[problem.code]} Try again in `, el('span', { class: 'num' }, `${left} s`), '.');
    if (left <= 0) {
      button.disabled = false;
      say('info', problem.code, `${MESSAGES[problem.code]} You can try again now.`);
      button.focus();
      return;
    }
    left -= 1;
    retryTimer = setTimeout(update, 1000);
  };
  update();
}

function say(kind, code, ...content) {
  const box = $('#buy-notice');
  if (box) notice(box, kind, code, ...content);
}

function busy(on) {
  const button = $('#buy-button');
  if (button) button.disabled = on;
  panel.setAttribute('aria-busy', on ? 'true' : 'false');
}

// --- start -----------------------------------------------------------------------------------

// An image URL that does not load leaves its box empty rather than showing a broken-image sign.
const picture = $('.item-image img');
if (picture) {
  const hide = () => { picture.hidden = true; };
  if (picture.complete && picture.naturalWidth === 0) hide();
  else picture.addEventListener('error', hide);
}

if (section) {
  refresh();
  // the stock moves fast while a sale is on: poll every second then, every few seconds otherwise
  const poll = () => setTimeout(async () => {
    await refresh();
    poll();
  }, promo && phase(promo, clock.now()) === 'ACTIVE' ? 1000 : 3000);
  poll();
  setInterval(tick, 200);
} else {
  setInterval(refresh, 3000);
}
