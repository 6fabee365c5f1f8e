// Calls to the dashboard's JSON API: same origin, session cookie sent by the browser, CSRF token in a header.
const base = '/dashboard/api/';
let csrfToken = null;

/** The token the next state-changing call must carry (the sign-in form's, then the session's). */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** An error answer, with the server's problem+json when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** Sends one call; resolves to the JSON answer (null for none), rejects with ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { detail: 'The dashboard cannot reach the server; check your connection and try again.' });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = response.status !== 204 && type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}
