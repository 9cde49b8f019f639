/**
 * A password or token secret the server answers once and never again: shown
 * in a read-only box with a warning, selected for copying, and cleared from
 * the page when the admin is done with it.
 */
import { createElement } from '../dom.js';

export interface ShownOnce {
  element: HTMLElement;
  /** `label` names the value (Password, Secret); `note` says what it means for whom. */
  show(opts: { title: string; label: string; value: string; note: string }): void;
  hide(): void;
}

/** `id` prefixes the ids inside (`${id}-value`, `${id}-copy`, `${id}-done`). */
export function createShownOnce(id: string, onDone: () => void): ShownOnce {
  const title = createElement('h3', { attrs: { id: `${id}-title` } });
  const note = createElement('p', { className: 'adm-once-note' });
  const value = createElement('input', {
    className: 'adm-once-value',
    attrs: {
      id: `${id}-value`,
      'data-testid': `${id}-value`,
      type: 'text',
      readonly: '',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const label = createElement('label', { attrs: { for: value.id } });
  const copied = createElement('span', { className: 'adm-hint', attrs: { 'aria-live': 'polite' } });
  const copy = createElement('button', {
    text: 'Copy',
    attrs: { type: 'button', id: `${id}-copy` },
  });
  const done = createElement('button', {
    text: 'I have copied it',
    attrs: { type: 'button', id: `${id}-done` },
  });
  const element = createElement(
    'section',
    {
      className: 'adm-once',
      attrs: { id, 'data-testid': id, 'aria-labelledby': title.id, hidden: '' },
    },
    [
      title,
      createElement('p', {
        className: 'adm-once-warning',
        text: 'Shown once: it is not kept and cannot be shown again. Copy it now and pass it on over a safe channel.',
      }),
      note,
      label,
      createElement('div', { className: 'adm-once-row' }, [value, copy, done]),
      copied,
    ],
  );

  copy.addEventListener('click', async () => {
    value.select();
    try {
      // Needs a secure context (https or localhost); the selection is the fallback.
      await navigator.clipboard.writeText(value.value);
      copied.textContent = 'Copied to the clipboard.';
    } catch {
      copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  const hide = () => {
    value.value = '';
    copied.textContent = '';
    element.hidden = true;
  };
  done.addEventListener('click', () => {
    hide();
    onDone();
  });

  return {
    element,
    show(opts) {
      title.textContent = opts.title;
      label.textContent = opts.label;
      note.textContent = opts.note;
      value.value = opts.value;
      copied.textContent = '';
      element.hidden = false;
      value.focus();
      value.select();
    },
    hide,
  };
}
