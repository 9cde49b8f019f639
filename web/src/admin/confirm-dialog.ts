/**
 * "Are you sure?" for the changes that lock someone out or end their
 * sessions: a modal dialog, so that the keyboard stays inside it, Escape
 * cancels, and the safe answer has the focus.
 */
import { createElement } from '../dom.js';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The button that goes ahead, e.g. "Disable bob". */
  confirmLabel: string;
}

/** True when the admin goes ahead; false on Cancel or Escape. */
export function confirmAction(opts: ConfirmOptions): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const title = createElement('h2', { text: opts.title, attrs: { id: 'confirm-title' } });
  const cancel = createElement('button', {
    text: 'Cancel',
    attrs: { type: 'submit', value: 'cancel', id: 'confirm-cancel', autofocus: '' },
  });
  const ok = createElement('button', {
    className: 'adm-danger',
    text: opts.confirmLabel,
    attrs: { type: 'submit', value: 'ok', id: 'confirm-ok' },
  });
  const dialog = createElement(
    'dialog',
    { className: 'adm-dialog', attrs: { id: 'confirm-dialog', 'aria-labelledby': title.id } },
    [
      createElement('form', { attrs: { method: 'dialog' } }, [
        title,
        createElement('p', { text: opts.message }),
        createElement('div', { className: 'adm-buttons' }, [cancel, ok]),
      ]),
    ],
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    });
    dialog.showModal();
  });
}
