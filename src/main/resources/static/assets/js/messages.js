// What each machine code of the contract means to a person, in one place. Codes the contract does
// not list come from the edge: UNAVAILABLE (nginx found no node) and NETWORK (no answer at all).

export const MESSAGES = {
  VALIDATION_FAILED: 'Some fields need fixing.',
  MALFORMED_REQUEST: 'The server could not read what this page sent. Reload the page and try again.',
  UNAUTHENTICATED: 'You are not logged in, or your session has ended. Log in to continue.',
  FORBIDDEN: 'This needs an admin account.',
  NOT_FOUND: 'Not found: it does not exist, or it is not yours.',
  METHOD_NOT_ALLOWED: 'The server does not accept this request. Reload the page.',
  UNSUPPORTED_MEDIA_TYPE: 'The server does not accept this request. Reload the page.',
  NOT_ACCEPTABLE: 'The server does not accept this request. Reload the page.',
  PAYLOAD_TOO_LARGE: 'That is too much text. Shorten it and try again.',
  USERNAME_TAKEN: 'That username is taken. Choose another one.',
  BAD_CREDENTIALS: 'Wrong username or password.',
  PROMO_NOT_ACTIVE: 'This sale is not open: it has not started yet, or it has ended.',
  CAPTCHA_WRONG: 'Those characters did not match the picture (or it expired). Here is a new picture.',
  TOKENS_EXHAUSTED: 'Too many buyers got ahead of you: this sale has handed out all its chances to buy.',
  TOKEN_INVALID: 'Your permission to buy expired or was already used. Solve the new picture to try again.',
  SOLD_OUT: 'Sold out: every unit of this sale is gone.',
  ALREADY_PURCHASED: 'You already have an order in this sale.',
  RATE_LIMITED: 'Too many requests at once.',
  BUSY: 'The shop is swamped right now. Nothing was reserved or charged.',
  ORDER_NOT_PAYABLE: 'This order cannot be paid: it is already paid, cancelled, or past its pay-by time.',
  ORDER_NOT_CANCELLABLE: 'This order cannot be cancelled: it is already paid or cancelled.',
  CONFLICT: 'That clashes with what exists (for example another promo of the same item at the same time).',
  INTERNAL_ERROR: 'The server failed to answer. Try again in a moment.',
  UNAVAILABLE: 'The shop did not answer. If you were placing an order, look in My orders before trying again.',
  NETWORK: 'No answer from the shop. If you were placing an order, look in My orders before trying again.',
};

/** The sentence for a Problem, with the retry advice when the server gave Retry-After. */
export function messageFor(problem) {
  let text = MESSAGES[problem.code] || problem.body.detail || 'Something went wrong. Try again.';
  if (problem.retryAfterSeconds) {
    text += ` Try again in ${problem.retryAfterSeconds} s.`;
  }
  if (problem.code === 'VALIDATION_FAILED' && Array.isArray(problem.body.errors)) {
    text += ' ' + problem.body.errors.map((e) => `${e.field}: ${e.message}.`).join(' ');
  }
  return text;
}
