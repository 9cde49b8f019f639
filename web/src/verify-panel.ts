/**
 * The Verify panel: anyone, signed in or not, checks a downloaded report
 * against the key this server publishes. It fetches the public key from the
 * well-known URL, reads the chosen files in the browser (nothing is
 * uploaded), and says for each whether the signature holds and why not, and
 * plainly what a valid signature does and does not prove
 * (docs/signed-reports.md). Like the other panels it lies over the side
 * panel while open.
 */

import { createElement } from './dom.js';
import { formatUtcDateTime } from './format.js';
import { OverlayPanel } from './overlay-panel.js';
import { readChosenFiles, verifyChosenFiles } from './verify-files.js';
import { fetchMissionKey, MISSION_KEY_URL, type MissionVerifyKey } from './verify-key.js';
import { renderVerdict } from './verify-result.js';
import './overlay-panel.css';
import './verify.css';

export interface VerifyPanelDeps {
  /** The header button that opens and closes the panel. */
  toggle: HTMLButtonElement;
  /** An empty section the panel is built into. */
  container: HTMLElement;
  /** Another panel in the same place closes. */
  onOpen(): void;
}

export class VerifyPanel {
  private readonly frame: OverlayPanel;
  private readonly keyBox: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly progress: HTMLElement;
  private readonly results: HTMLUListElement;
  private key: Promise<MissionVerifyKey> | null = null;
  /** Counts checks, so that a slow one does not overwrite the answer to newer files. */
  private generation = 0;

  constructor(deps: VerifyPanelDeps) {
    const c = deps.container;
    this.frame = new OverlayPanel({
      container: c,
      toggle: deps.toggle,
      className: 'verify-panel',
      headerClassName: 'verify-header',
      titleClassName: 'verify-title',
      titleId: 'verify-title',
      title: 'Verify a signed report',
      closeLabel: 'Close the verify panel',
      onOpen: () => {
        deps.onOpen();
        void this.loadKey().catch(() => {});
      },
    });

    this.keyBox = createElement('div', {
      className: 'verify-key',
      attrs: { id: 'verify-key', 'aria-live': 'polite' },
    });
    this.fileInput = createElement('input', {
      attrs: {
        type: 'file',
        id: 'verify-files',
        multiple: '',
        'aria-describedby': 'verify-files-note',
      },
    });
    this.fileInput.addEventListener('change', () => void this.check());
    this.progress = createElement('p', {
      className: 'verify-progress',
      attrs: { role: 'status' },
    });
    this.results = createElement('ul', {
      className: 'verify-results',
      attrs: { id: 'verify-results', 'aria-label': 'Verdicts', 'aria-live': 'polite' },
    });

    c.replaceChildren(
      this.frame.header,
      createElement('p', {
        className: 'verify-note',
        text: 'Check a report downloaded from this mission against the key this server publishes. The files are read in this browser and sent nowhere; no account is needed.',
      }),
      createElement('section', { className: 'verify-section', attrs: { 'aria-label': 'Key' } }, [
        createElement('h3', { className: 'verify-subheading', text: 'The mission key' }),
        this.keyBox,
      ]),
      createElement('div', { className: 'verify-field' }, [
        createElement('label', { text: 'Signed report', attrs: { for: 'verify-files' } }),
        this.fileInput,
        createElement('p', {
          className: 'verify-note',
          text: 'A signed envelope (NAME.signed.json), or a file together with its signature FILE.sig.json: choose both at once. Several reports may be checked together.',
          attrs: { id: 'verify-files-note' },
        }),
      ]),
      this.progress,
      this.results,
      renderWhatItProves(),
    );
    this.showKey(null);
  }

  open(): void {
    this.frame.open();
  }

  /** `returnFocus` false when another panel takes the place (and the focus). */
  close(returnFocus = true): void {
    this.frame.close(returnFocus);
  }

  /** The key, fetched once; fetched again after a failure. */
  private loadKey(): Promise<MissionVerifyKey> {
    if (this.key) return this.key;
    const key = fetchMissionKey();
    this.key = key;
    this.showKey(null);
    key.then(
      (k) => this.showKey(k),
      (err: unknown) => {
        this.key = null;
        this.showKey(err as Error);
      },
    );
    return key;
  }

  private showKey(key: MissionVerifyKey | Error | null): void {
    if (key === null) {
      this.keyBox.replaceChildren(
        createElement('p', { className: 'verify-note', text: `Loading ${MISSION_KEY_URL}…` }),
      );
      return;
    }
    if (key instanceof Error) {
      this.keyBox.replaceChildren(
        createElement('p', { className: 'verify-error', text: key.message }),
      );
      return;
    }
    const created = Date.parse(key.createdAt);
    this.keyBox.replaceChildren(
      createElement('dl', { className: 'verify-facts' }, [
        createElement('dt', { text: 'Key id' }),
        createElement('dd', {}, [
          createElement('code', { text: key.keyId, attrs: { id: 'verify-key-id' } }),
        ]),
        createElement('dt', { text: 'Algorithm' }),
        createElement('dd', { text: 'Ed25519' }),
        createElement('dt', { text: 'Created' }),
        createElement('dd', {
          text: Number.isFinite(created) ? formatUtcDateTime(created) : key.createdAt || '—',
          attrs: { id: 'verify-key-created' },
        }),
      ]),
      createElement('p', {
        className: 'verify-note',
        text: 'The key id is computed here from the key itself. Compare it with the one the mission published elsewhere (its statements, a printed notice): this page trusts the server it came from.',
      }),
    );
  }

  private async check(): Promise<void> {
    const generation = ++this.generation;
    const files = [...(this.fileInput.files ?? [])];
    this.results.replaceChildren();
    if (files.length === 0) {
      this.progress.textContent = '';
      return;
    }
    this.progress.textContent = `Checking ${files.length === 1 ? files[0]!.name : `${files.length} files`}…`;
    let key: MissionVerifyKey;
    try {
      key = await this.loadKey();
    } catch (err) {
      if (generation !== this.generation) return;
      this.progress.textContent = `Cannot check without the mission key: ${(err as Error).message}`;
      return;
    }
    const { read, refused } = await readChosenFiles(files);
    const verdicts = [...(await verifyChosenFiles(read, key)), ...refused];
    if (generation !== this.generation) return;
    const valid = verdicts.filter((v) => v.outcome.ok).length;
    this.progress.textContent =
      verdicts.length === 1 ? '' : `${valid} of ${verdicts.length} valid.`;
    this.results.replaceChildren(...verdicts.map((v) => renderVerdict(v, verdicts.length === 1)));
  }
}

function renderWhatItProves(): HTMLElement {
  const li = (strong: string, rest: string) =>
    createElement('li', {}, [createElement('strong', { text: strong }), ` ${rest}`]);
  return createElement(
    'section',
    { className: 'verify-section verify-proves', attrs: { 'aria-labelledby': 'verify-proves' } },
    [
      createElement('h3', {
        className: 'verify-subheading',
        text: 'What “Valid” proves',
        attrs: { id: 'verify-proves' },
      }),
      createElement('p', {
        text: 'That this file was signed with the key this server publishes, and has not changed since: not its content, not its signing time, not its type.',
      }),
      createElement('h3', { className: 'verify-subheading', text: 'What it does not prove' }),
      createElement('ul', { className: 'verify-limits' }, [
        li(
          'That the key is the mission’s.',
          'It came from the same server as this page; someone who can change the reports here can change the key too. Compare the key id with one published another way.',
        ),
        li('That the time is true.', 'The signing time is the signer’s own clock.'),
        li(
          'That the content is true.',
          'Only that it was published unchanged; the audit log and the observations behind each figure are how findings are checked.',
        ),
        li(
          'That it is the latest version.',
          'An older report, correctly signed, still verifies; nor does it show that nothing was withdrawn.',
        ),
        li('That the key was not stolen.', 'Anyone who copies the private key can sign.'),
      ]),
      createElement('p', { className: 'verify-note' }, [
        'Without this page: ',
        createElement('code', { text: 'truceline report verify FILE --server URL' }),
        ', or OpenSSL or Python as docs/signed-reports.md shows.',
      ]),
    ],
  );
}
