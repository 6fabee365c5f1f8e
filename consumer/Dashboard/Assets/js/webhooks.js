// Webhook endpoints: the list, adding one (its signing secret shown once), rotating the secret, deleting, and each
// endpoint's delivery log with redelivery. Everything the page shows of an endpoint comes from the server's answers.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el, say } from './dom.js';
import * as format from './format.js';

const tbody = document.querySelector('#webhooks-table tbody');
const table = document.getElementById('webhooks-table');
const empty = document.getElementById('webhooks-empty');
const limit = document.getElementById('webhook-limit');
const form = document.getElementById('create-webhook-form');
const urlInput = document.getElementById('webhook-url');
const eventChoices = document.getElementById('webhook-events');
const createButton = document.getElementById('create-webhook-button');
const createError = document.getElementById('create-webhook-error');
const panel = document.getElementById('new-webhook-secret');
const panelFor = document.getElementById('new-webhook-secret-for');
const secretValue = document.getElementById('new-webhook-secret-value');
const copyButton = document.getElementById('copy-webhook-secret');
const copyStatus = document.getElementById('webhook-copy-status');
const doneButton = document.getElementById('new-webhook-secret-done');
const deliveries = document.getElementById('webhook-deliveries');
const deliveriesTitle = document.getElementById('webhook-deliveries-title');
const deliveriesMessage = document.getElementById('webhook-deliveries-message');
const deliveriesBody = document.querySelector('#webhook-deliveries-table tbody');

let handlers = null;
let atLimit = false;
let shownEventTypes = '';
let openEndpoint = null;

/** Wires the form and buttons; onError runs on any failure. */
export function initWebhooks({ onError }) {
  handlers = { onError };
  form.addEventListener('submit', createWebhook);
  copyButton.addEventListener('click', copySecret);
  doneButton.addEventListener('click', hideSecret);
  document.getElementById('webhook-deliveries-close').addEventListener('click', closeDeliveries);
}

/** Loads and renders GET /dashboard/api/webhooks. */
export async function refreshWebhooks() {
  renderWebhooks(await api('GET', 'webhooks'));
}

function renderWebhooks(list) {
  atLimit = list.webhooks.length >= list.max_webhooks;
  limit.textContent = `${list.webhooks.length} of ${list.max_webhooks} endpoints` + (atLimit ? ' – delete one to add another.' : '.');
  limit.classList.toggle('at-limit', atLimit);
  createButton.disabled = atLimit;
  renderEventChoices(list.event_types);
  empty.hidden = list.webhooks.length > 0;
  table.hidden = list.webhooks.length === 0;
  tbody.replaceChildren(...list.webhooks.map(row));
  if (openEndpoint && !list.webhooks.some((w) => w.id === openEndpoint.id)) {
    closeDeliveries();
  }
}

function renderEventChoices(types) {
  // Rebuilt only when the server's list changes, so a refresh never clears boxes the user has ticked.
  if (types.join(' ') === shownEventTypes) {
    return;
  }
  shownEventTypes = types.join(' ');
  const legend = eventChoices.querySelector('legend');
  eventChoices.replaceChildren(legend, ...types.map((type) => el('label', {},
    el('input', { type: 'checkbox', name: 'events', value: type }), el('code', { text: type }))));
}

function row(webhook) {
  return el('tr', { 'data-webhook-id': webhook.id },
    el('td', { class: 'url' }, el('code', { text: webhook.url })),
    el('td', { text: webhook.events.length ? webhook.events.join(', ') : 'all events' }),
    el('td', { text: format.date(webhook.created_at) }),
    el('td', { class: 'actions' },
      el('button', {
        type: 'button', class: 'button secondary small', 'aria-label': `Deliveries to ${webhook.url}`,
        onclick: () => openDeliveries(webhook),
      }, 'Deliveries'),
      el('button', {
        type: 'button', class: 'button secondary small', 'aria-label': `Rotate the signing secret of ${webhook.url}`,
        onclick: () => rotateSecret(webhook),
      }, 'Rotate secret'),
      el('button', {
        type: 'button', class: 'button danger small', 'aria-label': `Delete the webhook endpoint ${webhook.url}`,
        onclick: () => deleteWebhook(webhook),
      }, 'Delete')));
}

async function createWebhook(event) {
  event.preventDefault();
  createError.textContent = '';
  const url = urlInput.value.trim();
  if (!url) {
    createError.textContent = 'Give the https URL your receiver listens on.';
    urlInput.focus();
    return;
  }
  const events = [...eventChoices.querySelectorAll('input[name="events"]:checked')].map((box) => box.value);
  createButton.disabled = true;
  try {
    const created = await api('POST', 'webhooks', { url, events });
    form.reset();
    showSecret(created.secret, created.url);
    await refreshWebhooks();
  } catch (error) {
    // A refused URL names the field in problem.errors; its message is the one to show next to the form.
    const fieldMessage = error.problem?.errors?.url?.[0] ?? error.problem?.errors?.events?.[0];
    createError.textContent = fieldMessage ?? error.message;
    handlers.onError(error, { quiet: true });
  } finally {
    createButton.disabled = atLimit;
  }
}

async function rotateSecret(webhook) {
  const confirmed = await confirmAction({
    heading: 'Rotate the signing secret?',
    message: `${webhook.url} gets a new secret, shown once. For a day deliveries are signed with both the old and the new one, ` +
      'so your receiver can switch without missing any.',
    confirmLabel: 'Rotate secret',
  });
  if (!confirmed) {
    return;
  }
  try {
    const rotated = await api('POST', `webhooks/${encodeURIComponent(webhook.id)}/rotate-secret`);
    showSecret(rotated.secret, webhook.url);
  } catch (error) {
    handlers.onError(error);
  }
}

async function deleteWebhook(webhook) {
  const confirmed = await confirmAction({
    heading: 'Delete this webhook endpoint?',
    message: `Nothing more is sent to ${webhook.url}, and deliveries still waiting for it are dropped.`,
    confirmLabel: 'Delete endpoint',
    danger: true,
  });
  if (!confirmed) {
    return;
  }
  try {
    await api('DELETE', `webhooks/${encodeURIComponent(webhook.id)}`);
    await refreshWebhooks();
  } catch (error) {
    handlers.onError(error);
  }
}

function showSecret(secret, url) {
  panelFor.textContent = `for ${url}`;
  secretValue.value = secret;
  copyStatus.textContent = '';
  panel.hidden = false;
  panel.focus();
}

function hideSecret() {
  // The only copy of the secret in the page goes with the panel.
  secretValue.value = '';
  panel.hidden = true;
  urlInput.focus();
}

async function copySecret() {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(secretValue.value);
    } else {
      secretValue.select();
      if (!document.execCommand('copy')) {
        throw new Error('copy refused');
      }
    }
    copyStatus.textContent = 'Copied to the clipboard.';
  } catch {
    secretValue.select();
    copyStatus.textContent = 'Could not copy automatically: the secret is selected, press Ctrl+C (or ⌘C).';
  }
}

async function openDeliveries(webhook) {
  openEndpoint = webhook;
  deliveriesTitle.textContent = `Deliveries to ${webhook.url}`;
  deliveries.hidden = false;
  await loadDeliveries();
  deliveries.focus();
}

function closeDeliveries() {
  openEndpoint = null;
  deliveries.hidden = true;
  deliveriesBody.replaceChildren();
}

async function loadDeliveries(message = '') {
  if (!openEndpoint) {
    return;
  }
  try {
    const log = await api('GET', `webhooks/${encodeURIComponent(openEndpoint.id)}/deliveries`);
    deliveriesBody.replaceChildren(...log.deliveries.map(deliveryRow));
    say(deliveriesMessage, message || (log.deliveries.length ? '' : 'Nothing sent to this endpoint yet.'));
  } catch (error) {
    handlers.onError(error);
  }
}

function deliveryRow(delivery) {
  const answer = delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : (delivery.last_error ?? '—');
  return el('tr', { 'data-delivery-id': delivery.id },
    el('td', {}, el('code', { text: delivery.type })),
    el('td', { text: format.moment(delivery.event_at) }),
    el('td', {}, el('span', { class: `status ${delivery.status}`, text: delivery.status })),
    el('td', { class: 'num', text: format.count(delivery.attempts) }),
    el('td', { text: answer, title: delivery.last_error ?? undefined }),
    el('td', { text: delivery.next_attempt_at ? format.moment(delivery.next_attempt_at) : '—' }),
    el('td', {}, el('button', {
      type: 'button', class: 'button secondary small', 'aria-label': `Send the ${delivery.type} delivery again`,
      onclick: () => redeliver(delivery),
    }, 'Redeliver')));
}

async function redeliver(delivery) {
  try {
    await api('POST', `webhooks/${encodeURIComponent(openEndpoint.id)}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`);
    await loadDeliveries(`The ${delivery.type} delivery is on its way again, with the same webhook-id.`);
  } catch (error) {
    handlers.onError(error);
  }
}
