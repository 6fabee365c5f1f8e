// Asks the gateway as a Node.js client would (fetch) and reads the answer's rate-limit headers with
// ratelimit-header-parser, as express-rate-limit's users and other clients do. Prints one JSON line:
// the status, the raw rate-limit headers, and what the parser made of them (null where it found nothing).
// Usage: node parse-ratelimit.mjs <url> <api key>
import { parseRateLimit } from 'ratelimit-header-parser';

const [url, apiKey] = process.argv.slice(2);
const response = await fetch(url, { headers: { 'X-API-Key': apiKey } });
await response.arrayBuffer();

const parsed = parseRateLimit(response);
const number = (n) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
const resetMs = parsed?.reset instanceof Date ? parsed.reset.getTime() : NaN;
const headers = {};
for (const [name, value] of response.headers) {
  if (name.includes('ratelimit') || name === 'retry-after') headers[name] = value;
}

console.log(JSON.stringify({
  status: response.status,
  headers,
  parsed: parsed === undefined ? null : {
    limit: number(parsed.limit),
    used: number(parsed.used),
    remaining: number(parsed.remaining),
    resetInSeconds: Number.isFinite(resetMs) ? Math.round((resetMs - Date.now()) / 1000) : null,
  },
}));
