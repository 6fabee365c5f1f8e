// The dashboard page: sign-in, then usage (refreshed every 5 s), history, keys, webhooks and plans.
import { api, setCsrfToken } from './api.js';
import { say } from './dom.js';
import { initKeys, renderKeys } from './keys.js';
import { initTiers, renderTiers } from './tiers.js';
import { renderHistory, renderUsage } from './usage.js';
import { initWebhooks, refreshWebhooks } from './webhooks.js';

const refreshMs = 5000;
const signInView = document.getElementById('sign-in-view');
const dashboardView = document.getElementById('dashboard-view');
const accountBar = document.getElementById('account-bar');
const accountEmail = document.getElementById('account-email');
const accountTier = document.getElementById('account-tier');
const notice = document.getElementById('notice');
const signInForm = document.getElementById('sign-in-form');
const keyInput = document.getElementById('api-key');
const signInButton = document.getElementById('sign-in-button');
const signInError = document.getElementById('sign-in-error');
const tierMessage = document.getElementById('tier-message');

let session = null;
let timer = null;
let lastTodayTotal = null;

async function start() {
  signInForm.addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.addEventListener('visibilitychange', () => (document.hidden ? stopRefreshing() : session && startRefreshing()));
  initKeys({ onChanged: afterKeyChange, onError: handleError });
  initTiers({ onChanged: afterTierChange, onError: handleError });
  initWebhooks({ onError: handleError });
  try {
    const state = await api('GET', 'session');
    await (state.signed_in ? showDashboard(state) : showSignIn(state));
  } catch (error) {
    say(notice, error.message, true);
  }
}

function showSignIn(state, message = '', isError = false) {
  session = null;
  stopRefreshing();
  setCsrfToken(state.csrf_token);
  accountBar.hidden = true;
  dashboardView.hidden = true;
  signInView.hidden = false;
  say(notice, message, isError);
  signInError.textContent = '';
  keyInput.focus();
}

async function signIn(event) {
  event.preventDefault();
  signInError.textContent = '';
  const apiKey = keyInput.value.trim();
  if (!apiKey) {
    signInError.textContent = 'Paste one of your API keys (it starts with tg_).';
    keyInput.focus();
    return;
  }
  signInButton.disabled = true;
  try {
    const state = await api('POST', 'session', { api_key: apiKey });
    keyInput.value = '';
    say(notice, '');
    await showDashboard(state);
  } catch (error) {
    signInError.textContent = error.message;
    if (error.status === 403) {
      // The form's token went stale (e.g. the page sat open for hours): fetch a fresh one for the next try.
      const fresh = await api('GET', 'session').catch(() => null);
      if (fresh) {
        setCsrfToken(fresh.csrf_token);
      }
    }
    keyInput.focus();
  } finally {
    signInButton.disabled = false;
  }
}

async function signOut() {
  try {
    await api('DELETE', 'session');
  } catch (error) {
    if (error.status !== 401) {
      handleError(error);
      return;
    }
  }
  await backToSignIn('You have signed out.');
}

async function backToSignIn(message, isError = false) {
  const state = await api('GET', 'session').catch(() => ({ csrf_token: null }));
  showSignIn(state, message, isError);
}

async function showDashboard(state) {
  session = state;
  setCsrfToken(state.csrf_token);
  renderAccount(state);
  signInView.hidden = true;
  dashboardView.hidden = false;
  accountBar.hidden = false;
  say(tierMessage, checkoutReturn());
  lastTodayTotal = null;
  await refreshAll();
  startRefreshing();
}

/** What the payment page's return (?checkout=success|cancel) means, said once; the address is cleaned after. */
function checkoutReturn() {
  const outcome = new URLSearchParams(window.location.search).get('checkout');
  if (!outcome) {
    return '';
  }
  window.history.replaceState(null, '', window.location.pathname);
  return outcome === 'success'
    ? 'Payment received: your plan changes as soon as the payment provider confirms it (usually within seconds).'
    : 'Checkout cancelled: nothing was charged and your plan is unchanged.';
}

function renderAccount(state) {
  accountEmail.textContent = state.account.email;
  accountTier.textContent = state.account.tier_display_name;
}

async function refreshAll() {
  try {
    const [usage, history, keys, tiers] = await Promise.all([
      api('GET', 'usage'), api('GET', 'usage-history?days=30'), api('GET', 'keys'), api('GET', 'tiers'), refreshWebhooks(),
    ]);
    renderUsage(usage);
    renderHistory(history);
    renderKeys(keys, usage.tier_display_name);
    renderTiers(tiers);
    lastTodayTotal = usage.today_total;
  } catch (error) {
    handleError(error);
  }
}

async function refreshUsage() {
  try {
    const usage = await api('GET', 'usage');
    renderUsage(usage);
    if (usage.today_total !== lastTodayTotal) {
      // New requests today: the chart and the keys' "last used" move too.
      lastTodayTotal = usage.today_total;
      const [history, keys] = await Promise.all([api('GET', 'usage-history?days=30'), api('GET', 'keys')]);
      renderHistory(history);
      renderKeys(keys, usage.tier_display_name);
    }
  } catch (error) {
    handleError(error);
  }
}

function startRefreshing() {
  stopRefreshing();
  timer = window.setInterval(refreshUsage, refreshMs);
}

function stopRefreshing() {
  if (timer !== null) {
    window.clearInterval(timer);
    timer = null;
  }
}

async function afterKeyChange({ sessionEnded = false } = {}) {
  if (sessionEnded) {
    await backToSignIn('You revoked the key you signed in with, so your session has ended. Sign in with another key.');
    return;
  }
  await refreshAll();
}

async function afterTierChange() {
  try {
    const state = await api('GET', 'session');
    if (state.signed_in) {
      session = state;
      renderAccount(state);
    }
  } catch (error) {
    handleError(error);
  }
  await refreshAll();
}

function handleError(error, { quiet = false } = {}) {
  if (error.status === 401 && session) {
    // Signed out elsewhere, expired, or the key that opened the session was revoked.
    backToSignIn(`${error.message}`, true);
    return;
  }
  if (!quiet) {
    say(notice, error.message, true);
  }
}

start();
