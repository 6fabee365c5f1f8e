// One accessible confirmation dialog (<dialog>, modal, focus kept inside) for revocations and plan changes.
const dialog = document.getElementById('confirm-dialog');
const title = document.getElementById('confirm-title');
const text = document.getElementById('confirm-text');
const ok = document.getElementById('confirm-ok');

/** Asks; resolves to true when the user confirms. */
export function confirmAction({ heading, message, confirmLabel, danger = false }) {
  title.textContent = heading;
  text.textContent = message;
  ok.textContent = confirmLabel;
  ok.className = `button ${danger ? 'danger' : 'primary'}`;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
    ok.focus();
  });
}
