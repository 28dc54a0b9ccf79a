// Small DOM helpers: pages build their markup with these, never with innerHTML, so text from the
// server (titles, usernames) can only ever be text.

/** el('a', {href: '/x', class: 'y'}, 'text', child, ...) */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function setText(selectorOrElement, value) {
  const element = typeof selectorOrElement === 'string' ? $(selectorOrElement) : selectorOrElement;
  if (element && element.textContent !== String(value)) element.textContent = String(value);
}

/**
 * Shows a message in a notice box: kind is 'info', 'success' or 'error'. The box is a live region, so
 * screen readers announce it; data-code carries the machine code for tests and styling.
 */
export function notice(box, kind, code, ...content) {
  box.className = `notice ${kind}`;
  box.dataset.code = code || '';
  box.replaceChildren(...content);
  box.hidden = content.length === 0;
}

/** The query parameter as a positive integer, or null. */
export function idParam(name) {
  const value = new URLSearchParams(location.search).get(name);
  return /^[1-9][0-9]{0,17}$/.test(value || '') ? value : null;
}

/** A same-site path to go back to after logging in; anything else (another site) is ignored. */
export function nextPath() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function loginLink(text = 'Log in') {
  return el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, text);
}
