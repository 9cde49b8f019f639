/** What the admin page's forms share: labelled fields, and a refusal shown at its field. */
import { createElement } from '../dom.js';
import { ApiFailure } from '../session-client.js';

/** A control (which must have an id) with its label and, optionally, a hint read out with it. */
export function renderField(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const children: HTMLElement[] = [
    createElement('label', { text: label, attrs: { for: control.id } }),
    control,
  ];
  if (hint !== undefined) {
    const hintEl = createElement('span', {
      className: 'adm-hint',
      text: hint,
      attrs: { id: `${control.id}-hint` },
    });
    control.setAttribute('aria-describedby', hintEl.id);
    children.push(hintEl);
  }
  return createElement('div', { className: 'adm-field' }, children);
}

/**
 * Writes the error in `error`, and marks and focuses the control of the field
 * the server named (`fields` maps the API's field names to controls).
 */
export function showFailure(
  err: unknown,
  error: HTMLElement,
  fields: Record<string, HTMLElement> = {},
): void {
  for (const control of Object.values(fields)) control.removeAttribute('aria-invalid');
  error.textContent = err instanceof ApiFailure ? err.message : String(err);
  // `scopes.0` is the first scope: its control is the one for `scopes`.
  const field = err instanceof ApiFailure ? err.field : undefined;
  const control = field ? (fields[field] ?? fields[field.split('.')[0]!]) : undefined;
  if (control !== undefined) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

export function clearFailure(error: HTMLElement, fields: Record<string, HTMLElement> = {}): void {
  error.textContent = '';
  for (const control of Object.values(fields)) control.removeAttribute('aria-invalid');
}

/** `—` for a time that is not set. */
export function formatOptionalTime(tMs: number | null, format: (tMs: number) => string): string {
  return tMs === null ? '—' : format(tMs);
}

/**
 * Runs a form's submit: clears the last refusal, disables the button while
 * the request runs, and shows a refusal at the field the server named.
 */
export function handleSubmit(
  form: HTMLFormElement,
  submit: HTMLButtonElement,
  error: HTMLElement,
  fields: Record<string, HTMLElement>,
  send: () => Promise<void>,
): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFailure(error, fields);
    submit.disabled = true;
    try {
      await send();
    } catch (err) {
      showFailure(err, error, fields);
    } finally {
      submit.disabled = false;
    }
  });
}

/** A section of the admin page: its heading, the add form with what it shows, and the table. */
export function renderAdminSection(parts: {
  id: string;
  heading: string;
  formHeading: string;
  /** The form, its error line, the shown-once box and the status line, in order. */
  formParts: HTMLElement[];
  table: HTMLElement;
}): HTMLElement {
  const headingId = `${parts.id}-heading`;
  return createElement(
    'section',
    {
      className: 'adm-section',
      attrs: { id: `${parts.id}-section`, 'aria-labelledby': headingId },
    },
    [
      createElement('h2', { text: parts.heading, attrs: { id: headingId } }),
      createElement('h3', { text: parts.formHeading }),
      ...parts.formParts,
      createElement('div', { className: 'adm-table-wrap' }, [parts.table]),
    ],
  );
}
