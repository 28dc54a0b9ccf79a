import { post } from '../api.js';
import { $, nextPath, notice } from '../dom.js';
import { messageFor } from '../messages.js';
import { logIn } from './login.js';

const form = $('#register-form');
const box = $('#register-notice');
const keep = new URLSearchParams(location.search).get('next');
if (keep) $('#login-link').href = `/login.html?next=${encodeURIComponent(keep)}`;
$('#username').focus();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('#username').value.trim();
  const password = $('#password').value;
  if (!form.checkValidity()) {
    notice(box, 'error', 'VALIDATION_FAILED', 'Username: 3 to 32 letters, digits, dots, dashes or underscores. Password: at least 8 characters.');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await post('/api/users', { username, password });
    // a new account goes straight to where it came from, logged in
    await logIn(username, password);
    location.assign(nextPath());
  } catch (problem) {
    notice(box, 'error', problem.code, messageFor(problem));
    button.disabled = false;
  }
});
