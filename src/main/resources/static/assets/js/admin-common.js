// What every admin page needs first: an admin session.
import { session } from './api.js';
import { $, loginLink, notice } from './dom.js';

/** True when an admin is logged in; otherwise says what to do in the box and returns false. */
export function requireAdmin(box) {
  const current = session.get();
  if (current && current.user.admin) return true;
  notice(box, 'error', current ? 'FORBIDDEN' : 'UNAUTHENTICATED',
    current ? 'This page is for admins. ' : 'Admins only: ', loginLink('Log in as an admin'), '.');
  for (const part of document.querySelectorAll('main > :not(h1):not(.notice)')) part.hidden = true;
  return false;
}

/** A datetime-local value (the admin's own time zone) as an ISO instant, and back. */
export function toInstant(local) {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString(); // null: the server says which field
}

export function toLocalInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 19);
}
