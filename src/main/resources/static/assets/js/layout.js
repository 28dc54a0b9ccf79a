// The part of the site header that depends on who is logged in. Imported by every page's module.
import { call, session } from './api.js';
import { el } from './dom.js';

export function renderAccount() {
  const account = document.getElementById('account');
  if (!account) return;
  const current = session.get();
  if (!current) {
    account.replaceChildren(el('a', { href: '/login.html' }, 'Log in'), ' ', el('a', { href: '/register.html' }, 'Register'));
    return;
  }
  account.replaceChildren(
    current.user.admin ? el('a', { href: '/admin/' }, 'Admin') : '',
    ' ',
    el('span', { class: 'who' }, current.user.username),
    ' ',
    el('button', { type: 'button', class: 'link', id: 'logout', onclick: logOut }, 'Log out'),
  );
}

/** Ends this session on the server (every node at once), then forgets it here. */
export async function logOut() {
  try {
    await call('DELETE', '/api/sessions/current');
  } catch {
    // already gone on the server: forgetting it here is all that is left
  }
  session.clear();
  location.assign('/');
}

renderAccount();
// another tab logged in or out
window.addEventListener('storage', renderAccount);
