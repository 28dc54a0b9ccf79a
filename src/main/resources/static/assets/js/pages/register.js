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
  // the same rules as the server's, checked here first so a typo costs no round trip
  const wrong = [];
  for (const [field, rule] of [['#username', 'Username: 3 to 32 letters, digits, dots, dashes or underscores.'],
    ['#password', 'Password: at least 8 characters.']]) {
    const input = $(field);
    input.setAttribute('aria-invalid', input.checkValidity() ? 'false' : 'true');
    if (!input.checkValidity()) wrong.push(rule);
  }
  if (wrong.length) {
    notice(box, 'error', 'VALIDATION_FAILED', wrong.join(' '));
    $('[aria-invalid=true]').focus();
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
