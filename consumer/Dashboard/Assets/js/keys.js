// The key list, key creation (the raw key shown once) and revocation with confirmation.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el } from './dom.js';
import * as format from './format.js';

const tbody = document.querySelector('#keys-table tbody');
const limit = document.getElementById('key-limit');
const form = document.getElementById('create-key-form');
const nameInput = document.getElementById('key-name');
const expiryInput = document.getElementById('key-expiry');
const createButton = document.getElementById('create-key-button');
const createError = document.getElementById('create-key-error');
const panel = document.getElementById('new-key');
const panelName = document.getElementById('new-key-name');
const rawKey = document.getElementById('new-key-value');
const copyButton = document.getElementById('copy-key');
const copyStatus = document.getElementById('copy-status');
const doneButton = document.getElementById('new-key-done');

let handlers = null;
let atLimit = false;

/** Wires the form and buttons; onChanged runs after a key is created or revoked, onError on any failure. */
export function initKeys({ onChanged, onError }) {
  handlers = { onChanged, onError };
  form.addEventListener('submit', createKey);
  copyButton.addEventListener('click', copyKey);
  doneButton.addEventListener('click', hideNewKey);
}

/** Renders GET /dashboard/api/keys. */
export function renderKeys(list, tierName) {
  atLimit = list.active_keys >= list.max_keys;
  limit.textContent = `${list.active_keys} of ${list.max_keys} active keys on the ${tierName} plan` +
    (atLimit ? ' – revoke one or upgrade to create more.' : '.');
  limit.classList.toggle('at-limit', atLimit);
  createButton.disabled = atLimit;
  tbody.replaceChildren(...list.keys.map(row));
}

function row(key) {
  const active = key.status === 'active';
  const revoke = active
    ? el('button', {
      type: 'button',
      class: 'button danger small',
      'aria-label': `Revoke key ${key.name} (${key.prefix}…)`,
      'data-key-id': key.key_id,
      onclick: () => revokeKey(key),
    }, 'Revoke')
    : '';
  return el('tr', { class: active ? '' : 'inactive', 'data-key-id': key.key_id },
    el('td', { class: 'name' }, key.name, key.current_session ? el('span', { class: 'this-session', text: 'signed in with this key' }) : ''),
    el('td', {}, el('code', { text: `${key.prefix}…` })),
    el('td', { text: format.date(key.created_at) }),
    el('td', { class: 'last-used', text: key.last_used_on ? format.utcDay(key.last_used_on) : 'never' }),
    el('td', { text: key.expires_at ? format.date(key.expires_at) : 'never' }),
    el('td', { text: key.scopes.length ? key.scopes.map(format.feature).join(', ') : 'all plan features' }),
    el('td', {}, el('span', { class: `status ${key.status}`, text: key.status })),
    el('td', {}, revoke));
}

async function createKey(event) {
  event.preventDefault();
  createError.textContent = '';
  const name = nameInput.value.trim();
  if (!name) {
    createError.textContent = 'Give the key a name, such as the place it will be used.';
    nameInput.focus();
    return;
  }
  // A date input gives a calendar day: the key works until the end of that day, UTC.
  const expiresAt = expiryInput.value ? `${expiryInput.value}T23:59:59Z` : undefined;
  createButton.disabled = true;
  try {
    const created = await api('POST', 'keys', { name, expires_at: expiresAt });
    form.reset();
    showNewKey(created);
    await handlers.onChanged();
  } catch (error) {
    createError.textContent = error.message;
    handlers.onError(error, { quiet: true });
  } finally {
    createButton.disabled = atLimit;
  }
}

function showNewKey(created) {
  panelName.textContent = `“${created.name}”`;
  rawKey.value = created.api_key;
  copyStatus.textContent = '';
  panel.hidden = false;
  panel.focus();
}

function hideNewKey() {
  // The only copy of the raw key in the page goes with the panel.
  rawKey.value = '';
  panel.hidden = true;
  nameInput.focus();
}

async function copyKey() {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(rawKey.value);
    } else {
      rawKey.select();
      if (!document.execCommand('copy')) {
        throw new Error('copy refused');
      }
    }
    copyStatus.textContent = 'Copied to the clipboard.';
  } catch {
    rawKey.select();
    copyStatus.textContent = 'Could not copy automatically: the key is selected, press Ctrl+C (or ⌘C).';
  }
}

async function revokeKey(key) {
  const message = key.current_session
    ? `You signed in with “${key.name}”. Revoking it stops it on every gateway within a second and signs you out of the dashboard.`
    : `“${key.name}” (${key.prefix}…) stops working on every gateway within a second. This cannot be undone.`;
  const confirmed = await confirmAction({
    heading: `Revoke key “${key.name}”?`,
    message,
    confirmLabel: 'Revoke key',
    danger: true,
  });
  if (!confirmed) {
    return;
  }
  try {
    const result = await api('DELETE', `keys/${encodeURIComponent(key.key_id)}`);
    await handlers.onChanged({ sessionEnded: result.session_ended });
  } catch (error) {
    handlers.onError(error);
  }
}
