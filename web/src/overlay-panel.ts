/**
 * What the live map's overlay panels (What-if, Agreement, Verify) share:
 * a header with a heading that takes the focus and a close button, a toggle
 * in the page header that opens and closes the panel (`aria-expanded`), and
 * Escape to close. Each panel puts `header` first and fills the rest.
 */
import { createElement } from './dom.js';

export interface OverlayPanelOptions {
  container: HTMLElement;
  toggle: HTMLButtonElement;
  /** The panel's own classes: on the container, the header and the title. */
  className: string;
  headerClassName: string;
  titleClassName: string;
  titleId: string;
  title: string;
  /** The close button's accessible name: "Close the … panel". */
  closeLabel: string;
  /** Just before it opens: close the other panels, bring what it shows up to date. */
  onOpen?: () => void;
}

export class OverlayPanel {
  readonly header: HTMLElement;
  private readonly heading: HTMLHeadingElement;

  constructor(private readonly o: OverlayPanelOptions) {
    const c = o.container;
    c.classList.add('overlay-panel', o.className);
    c.setAttribute('aria-labelledby', o.titleId);
    this.heading = createElement('h2', {
      className: `overlay-panel-title ${o.titleClassName}`,
      text: o.title,
      attrs: { id: o.titleId, tabindex: '-1' },
    });
    const close = createElement('button', {
      className: 'icon-button',
      text: '×',
      attrs: { type: 'button', 'aria-label': o.closeLabel },
    });
    close.addEventListener('click', () => this.close());
    this.header = createElement(
      'header',
      { className: `overlay-panel-header ${o.headerClassName}` },
      [this.heading, close],
    );

    o.toggle.setAttribute('aria-controls', c.id);
    o.toggle.setAttribute('aria-expanded', 'false');
    o.toggle.addEventListener('click', () => (c.hidden ? this.open() : this.close()));
    c.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
  }

  open(): void {
    this.o.onOpen?.();
    this.o.container.hidden = false;
    this.o.toggle.setAttribute('aria-expanded', 'true');
    this.heading.focus();
  }

  /** `returnFocus` false when another panel takes the place (and the focus). */
  close(returnFocus = true): void {
    if (this.o.container.hidden) return;
    this.o.container.hidden = true;
    this.o.toggle.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.o.toggle.focus();
  }
}
