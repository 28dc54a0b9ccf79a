import { post, session } from '../api.js';
import { $, nextPath, notice } from '../dom.js';
import { messageFor } from '../messages.js';
import '../layout.js';

/** Logs in and keeps the session; shared with the registration page, which logs the new user in. */
export async function logIn(username, password) {
  const created = await post('/api/sessions', { username, password });
  session.save(created);
  return created;
}

const form = $('#login-form');
if (form) {
  const box = $('#login-notice');
  const keep = new URLSearchParams(location.search).get('next');
  if (keep) $('#register-link').href = `/register.html?next=${encodeURIComponent(keep)}`;
  $('#username').focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    notice(box, 'info', '');
    try {
      await logIn($('#username').value.trim(), $('#password').value);
      location.assign(nextPath());
    } catch (problem) {
      notice(box, 'error', problem.code, messageFor(problem));
      $('#password').select();
      button.disabled = false;
    }
  });
}
