// The plan comparison table and moving between plans.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el, say } from './dom.js';
import * as format from './format.js';

const table = document.getElementById('tiers-table');
const message = document.getElementById('tier-message');
const manageBillingRow = document.getElementById('manage-billing-row');
document.getElementById('manage-billing').addEventListener('click', () => openBillingPortal());
let handlers = null;

/** onChanged runs after the plan changed; onError on any failure. */
export function initTiers({ onChanged, onError }) {
  handlers = { onChanged, onError };
}

/** Renders GET /dashboard/api/tiers. */
export function renderTiers(list) {
  manageBillingRow.hidden = !list.manage_billing;
  const tiers = list.tiers;
  const features = [...new Set(tiers.flatMap((tier) => tier.features))];
  const cell = (tier, content, attributes = {}) =>
    el('td', { ...attributes, class: [attributes.class, tier.move === 'current' ? 'current' : ''].filter(Boolean).join(' ') }, content);

  table.tHead.replaceChildren(el('tr', {},
    el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Plan' })),
    tiers.map((tier) => el('th', {
      scope: 'col',
      class: tier.move === 'current' ? 'current' : '',
      'aria-current': tier.move === 'current' ? 'true' : undefined,
      'data-tier': tier.name,
    }, tier.display_name, tier.move === 'current' ? el('div', {}, el('span', { class: 'badge', text: 'Current plan' })) : ''))));

  const rows = [
    ['Price', (tier) => format.money(tier.price_monthly)],
    ['Requests per hour', (tier) => format.count(tier.limits.per_hour)],
    ['Requests per day', (tier) => format.count(tier.limits.per_day)],
    ['Requests per 30 days', (tier) => format.count(tier.limits.per_month)],
    ['Active API keys', (tier) => format.count(tier.max_keys)],
  ].map(([label, value]) => el('tr', {}, el('th', { scope: 'row', text: label }), tiers.map((tier) => cell(tier, value(tier)))));

  for (const name of features) {
    rows.push(el('tr', {}, el('th', { scope: 'row', text: format.feature(name) }), tiers.map((tier) => tier.features.includes(name)
      ? cell(tier, [el('span', { class: 'yes', 'aria-hidden': 'true', text: '✓' }), el('span', { class: 'visually-hidden', text: 'included' })])
      : cell(tier, [el('span', { class: 'no', 'aria-hidden': 'true', text: '—' }), el('span', { class: 'visually-hidden', text: 'not included' })]))));
  }

  rows.push(el('tr', {}, el('th', { scope: 'row' }, el('span', { class: 'visually-hidden', text: 'Change plan' })), tiers.map((tier) => cell(tier,
    tier.move === 'current'
      ? el('span', { class: 'muted', text: 'Your plan' })
      : el('button', {
        type: 'button',
        class: `button small ${tier.move === 'upgrade' ? 'primary' : 'secondary'}`,
        'data-tier': tier.name,
        onclick: () => changeTier(tier),
      }, `${tier.move === 'upgrade' ? 'Upgrade' : 'Downgrade'} to ${tier.display_name}`)))));
  table.tBodies[0].replaceChildren(...rows);
}

async function openBillingPortal() {
  try {
    const result = await api('POST', 'billing/portal');
    say(message, 'Opening the billing page…');
    window.location.assign(result.portal_url);
  } catch (error) {
    say(message, error.message, true);
    handlers.onError(error, { quiet: true });
  }
}

async function changeTier(tier) {
  const verb = tier.move === 'upgrade' ? 'Upgrade' : 'Downgrade';
  const confirmed = await confirmAction({
    heading: `${verb} to ${tier.display_name}?`,
    message: `${format.money(tier.price_monthly)}: ${format.count(tier.limits.per_hour)} requests per hour, ` +
      `${format.count(tier.limits.per_day)} per day, ${format.count(tier.max_keys)} active keys. ` +
      'It is billed to your account and applies from your next request.',
    confirmLabel: `${verb} to ${tier.display_name}`,
  });
  if (!confirmed) {
    return;
  }
  try {
    const result = await api('PUT', 'tier', { tier: tier.name });
    if (result?.checkout_url) {
      // Paid through the provider's checkout page; the tier changes when it reports the payment.
      say(message, 'Opening the payment page…');
      window.location.assign(result.checkout_url);
      return;
    }
    say(message, result.message);
    await handlers.onChanged();
  } catch (error) {
    // A refused downgrade names the keys to revoke first (keys_to_revoke, also in the detail).
    say(message, error.message, true);
    handlers.onError(error, { quiet: true });
  }
}
