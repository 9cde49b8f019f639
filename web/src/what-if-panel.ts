/**
 * The What-if panel: load a draft agreement file, choose a period of recorded
 * traffic, run, and read what the draft would have changed: the headline, the
 * counts by rule and by type, and the tracks that account for the difference
 * (each one click or Enter from its detections on the map). It lies over the
 * side panel while open; the map layer stays until cleared.
 */
import type * as L from 'leaflet';
import type { WhatIfBody, WhatIfRequest } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import { OverlayPanel } from './overlay-panel.js';
import { postWhatIf, WhatIfRequestError } from './what-if-client.js';
import { WhatIfLayer } from './what-if-layer.js';
import { renderWhatIfResult } from './what-if-result.js';
import './overlay-panel.css';
import './what-if.css';

const HOUR_MS = 3600_000;
const PERIODS = [
  { id: 'day', label: 'Last 24 h', durationMs: 24 * HOUR_MS },
  { id: 'week', label: 'Last 7 days', durationMs: 7 * 24 * HOUR_MS },
] as const;
/** Larger files are refused here, before the upload (the server's limit is 5 MB). */
const MAX_FILE_BYTES = 5 << 20;

export interface WhatIfPanelElements {
  /** The header button that opens and closes the panel. */
  toggle: HTMLButtonElement;
  /** An empty section the panel is built into. */
  container: HTMLElement;
}

interface LoadedDraft {
  name: string;
  document: unknown;
  versions: number[];
}

export class WhatIfPanel {
  private readonly layer: WhatIfLayer;
  private readonly frame: OverlayPanel;
  private readonly fileInput: HTMLInputElement;
  private readonly fileNote: HTMLElement;
  private readonly versionSelect: HTMLSelectElement;
  private readonly runButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly progress: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly result: HTMLElement;
  private draft: LoadedDraft | null = null;
  private running: AbortController | null = null;

  constructor(
    map: L.Map,
    private readonly el: WhatIfPanelElements,
  ) {
    this.layer = new WhatIfLayer(map, () => this.clear());
    const c = el.container;
    this.frame = new OverlayPanel({
      container: c,
      toggle: el.toggle,
      className: 'what-if-panel',
      headerClassName: 'what-if-header',
      titleClassName: 'what-if-title',
      titleId: 'what-if-title',
      title: 'Test a draft agreement against recorded traffic',
      closeLabel: 'Close the what-if panel',
    });

    this.fileInput = createElement('input', {
      attrs: {
        type: 'file',
        id: 'what-if-file',
        accept: '.json,application/json',
        'aria-describedby': 'what-if-file-note',
      },
    });
    this.fileNote = createElement('p', {
      className: 'what-if-note',
      text: 'An agreement file in the truceline-agreement/1 format (JSON). Nothing is saved.',
      attrs: { id: 'what-if-file-note' },
    });
    this.fileInput.addEventListener('change', () => void this.loadFile());

    this.versionSelect = createElement('select', { attrs: { id: 'what-if-version' } });
    this.versionSelect.disabled = true;
    this.versionSelect.append(createElement('option', { text: 'load a draft first' }));

    const periods = createElement('fieldset', { className: 'what-if-periods' }, [
      createElement('legend', { text: 'Recorded traffic' }),
      ...PERIODS.map((p, i) =>
        createElement('label', {}, [radio('what-if-period', p.id, i === 0), ` ${p.label}`]),
      ),
      createElement('p', {
        className: 'what-if-note',
        text: 'Ending at the newest stored observation.',
      }),
    ]);

    this.runButton = createElement('button', {
      className: 'what-if-button what-if-run',
      text: 'Run',
      attrs: { type: 'submit' },
    });
    this.cancelButton = createElement('button', {
      className: 'what-if-button',
      text: 'Cancel',
      attrs: { type: 'button' },
    });
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => this.running?.abort());
    this.clearButton = createElement('button', {
      className: 'what-if-button',
      text: 'Clear',
      attrs: {
        type: 'button',
        title: 'Remove the what-if from the map and return to the live picture',
      },
    });
    this.clearButton.disabled = true;
    this.clearButton.addEventListener('click', () => this.clear());

    const form = createElement('form', { className: 'what-if-form' }, [
      createElement('div', { className: 'what-if-field' }, [
        createElement('label', { text: 'Draft agreement file', attrs: { for: 'what-if-file' } }),
        this.fileInput,
        this.fileNote,
      ]),
      createElement('div', { className: 'what-if-field' }, [
        createElement('label', { text: 'Version of the draft', attrs: { for: 'what-if-version' } }),
        this.versionSelect,
      ]),
      periods,
      createElement('div', { className: 'what-if-actions' }, [
        this.runButton,
        this.cancelButton,
        this.clearButton,
      ]),
    ]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });

    this.progress = createElement('div', {
      className: 'what-if-progress',
      attrs: { role: 'status', 'aria-live': 'polite' },
    });
    this.errorBox = createElement('div', {
      className: 'what-if-error',
      attrs: { role: 'alert' },
    });
    this.errorBox.hidden = true;
    this.result = createElement('section', {
      className: 'what-if-result',
      attrs: { 'aria-label': 'What-if result' },
    });
    this.result.hidden = true;

    c.replaceChildren(this.frame.header, form, this.progress, this.errorBox, this.result);
  }

  open(): void {
    this.frame.open();
  }

  /** Hides the panel; what the map shows stays until cleared. */
  close(): void {
    this.frame.close();
  }

  /** Back to the live picture: no layer, no result. */
  clear(): void {
    this.running?.abort();
    this.layer.clear();
    this.result.hidden = true;
    this.result.replaceChildren();
    this.clearButton.disabled = true;
    this.el.toggle.classList.remove('is-active');
    this.setProgress('');
  }

  private async loadFile(): Promise<void> {
    this.draft = null;
    this.showError(null);
    const file = this.fileInput.files?.[0];
    this.versionSelect.replaceChildren();
    this.versionSelect.disabled = true;
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.showError(`${file.name} is larger than 5 MB: the server would refuse it.`);
      return;
    }
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (err) {
      this.showError(`${file.name} is not JSON: ${(err as Error).message}`);
      return;
    }
    // The server checks the file; this only offers the versions it names.
    const versions = readVersionNumbers(document);
    this.draft = { name: file.name, document, versions };
    const latest = Math.max(...versions);
    this.versionSelect.append(
      ...versions.map((v) =>
        createElement('option', {
          text: v === latest ? `v${v} (latest)` : `v${v}`,
          attrs: { value: String(v) },
        }),
      ),
    );
    if (versions.length > 0) {
      this.versionSelect.value = String(latest);
      this.versionSelect.disabled = false;
    }
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.showError(null);
    if (!this.draft) {
      this.showError('Choose a draft agreement file first.');
      this.fileInput.focus();
      return;
    }
    const periodId = this.el.container.querySelector<HTMLInputElement>(
      'input[name="what-if-period"]:checked',
    )?.value;
    const period = PERIODS.find((p) => p.id === periodId) ?? PERIODS[0];
    const request: WhatIfRequest = { draft: this.draft.document, durationMs: period.durationMs };
    if (!this.versionSelect.disabled) request.draftVersion = Number(this.versionSelect.value);

    const abort = new AbortController();
    this.running = abort;
    this.setBusy(true);
    const started = Date.now();
    const say = () =>
      this.setProgress(
        `Judging ${period.label.toLowerCase()} of recorded traffic under both agreements… ${Math.round((Date.now() - started) / 1000)} s`,
        true,
      );
    say();
    const ticker = window.setInterval(say, 1000);
    try {
      const body = await postWhatIf(request, abort.signal);
      this.showResult(body, this.draft.name);
      this.setProgress('');
    } catch (err) {
      this.setProgress('');
      if (abort.signal.aborted) this.setProgress('Run cancelled.');
      else this.showRequestError(err);
    } finally {
      window.clearInterval(ticker);
      this.running = null;
      this.setBusy(false);
    }
  }

  private showResult(body: WhatIfBody, fileName: string): void {
    this.layer.show(body);
    this.el.toggle.classList.add('is-active');
    this.clearButton.disabled = false;
    this.result.replaceChildren(
      ...renderWhatIfResult(body, fileName, (track) => this.layer.focusTrack(track)),
    );
    this.result.hidden = false;
  }

  private showRequestError(err: unknown): void {
    if (!(err instanceof WhatIfRequestError)) {
      this.showError(String(err));
      return;
    }
    if (err.problems.length === 0) {
      const lead =
        err.code === 'busy' ? 'Another what-if is running on the server; try again shortly. ' : '';
      this.showError(`${lead}${err.message}`);
      return;
    }
    this.errorBox.replaceChildren(
      createElement('p', {
        text: `The draft cannot be used: ${err.problems.length} problem(s).`,
      }),
      createElement(
        'ul',
        { className: 'what-if-problems' },
        err.problems.map((p) =>
          createElement('li', {}, [
            p.provision ? createElement('strong', { text: `Provision ${p.provision}: ` }) : null,
            p.reason,
            ' ',
            createElement('code', { text: p.field || '(document)' }),
          ]),
        ),
      ),
    );
    this.errorBox.hidden = false;
  }

  private showError(message: string | null): void {
    this.errorBox.hidden = message === null;
    this.errorBox.replaceChildren(message === null ? '' : createElement('p', { text: message }));
  }

  private setProgress(text: string, busy = false): void {
    this.progress.replaceChildren(
      busy ? createElement('progress', { attrs: { 'aria-label': 'Running' } }) : '',
      text,
    );
  }

  private setBusy(busy: boolean): void {
    this.runButton.disabled = busy;
    this.cancelButton.hidden = !busy;
    this.el.container.setAttribute('aria-busy', String(busy));
  }
}

function radio(name: string, value: string, checked: boolean): HTMLInputElement {
  const input = createElement('input', { attrs: { type: 'radio', name, value } });
  input.checked = checked;
  return input;
}

function readVersionNumbers(document: unknown): number[] {
  const versions = (document as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(versions)) return [];
  return versions
    .map((v) => (v as { version?: unknown } | null)?.version)
    .filter((v): v is number => Number.isInteger(v));
}
