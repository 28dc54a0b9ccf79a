// The HTTP contract (shared/API.md) as the pages use it: the session token, problem+json errors,
// and the server's clock.

const SESSION_KEY = 'seckill.session';

/** The session lives in localStorage, so every tab shares it; it is sent as Authorization: Bearer. */
export const session = {
  get() {
    try {
      const saved = JSON.parse(localStorage.getItem(SESSION_KEY));
      if (saved && saved.token && Date.parse(saved.expiresAt) > Date.now()) return saved;
    } catch {
      // an unreadable entry is no session
    }
    return null;
  },
  save(created) {
    localStorage.setItem(SESSION_KEY, JSON.stringify(created));
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
  },
};

/** An answer that is not 2xx, or no answer at all (code NETWORK). */
export class Problem extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.retryAfterSeconds = retryAfter ? Math.max(1, Number.parseInt(retryAfter, 10) || 1) : null;
  }
}

// Server time minus browser time, from X-Server-Time. The sample with the shortest round trip is the
// most precise (the server's moment lies within it), so a slower answer replaces it only when the
// best one is old: clocks drift, and a laptop may sleep.
let offset = 0;
let best = { roundTrip: Infinity, at: 0 };

function learnTime(response, sent) {
  const server = Number(response.headers.get('X-Server-Time'));
  if (!server) return;
  const received = Date.now();
  const roundTrip = received - sent;
  if (roundTrip <= best.roundTrip || received - best.at > 30_000) {
    offset = server + roundTrip / 2 - received;
    best = { roundTrip, at: received };
  }
}

/** The server's clock, as well as this page knows it: never trust the browser's own for a sale. */
export const clock = {
  now: () => Date.now() + offset,
};

/**
 * One API call. Resolves to the parsed JSON (null for 204), or the Response itself with raw: true;
 * rejects with a Problem. anonymous: true sends no session, so that nginx may answer from its cache.
 */
export async function call(method, path, { body, anonymous = false, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  const current = anonymous ? null : session.get();
  if (current) headers.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const sent = Date.now();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new Problem(0, { detail: 'No answer from the server' });
  }
  learnTime(response, sent);
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // not problem+json (a proxy's page): the status alone tells
    }
    if (problem.code === 'UNAUTHENTICATED' && current) session.clear();
    throw new Problem(response.status, problem, response.headers.get('Retry-After'));
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, body, options) => call('POST', path, { ...options, body });
