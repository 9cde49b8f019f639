/**
 * The Agreement panel, opened from the header's in-force line: the agreement
 * in force, read as its parties wrote it and as the engine applies it. Every
 * version with its dates (the one in force now marked) and, for the version
 * chosen, its rules, zones, lists and pre-notifications. Like the What-if
 * panel it lies over the side panel while open.
 */
import type { AgreementVersion, Zone } from '../../src/api/wire.js';
import type { AgreementIndex } from './agreement-index.js';
import { findTimeStatus, type Interval, type TimeStatus } from './agreement-sentences.js';
import { renderVersionView } from './agreement-version-view.js';
import { createElement } from './dom.js';
import { formatUtcDateTime } from './format.js';
import { OverlayPanel } from './overlay-panel.js';
import './overlay-panel.css';
import './agreement.css';

export interface AgreementPanelDeps {
  /** The header button that opens and closes the panel. */
  toggle: HTMLButtonElement;
  /** An empty section the panel is built into. */
  container: HTMLElement;
  /** The server's clock where known: whether a provision is in force now. */
  nowMs(): number;
  onFocusZone(zone: Zone): void;
  onOpen(): void;
}

const STATUS_CLASSES: Record<TimeStatus, string> = {
  'in force now': 'in-force',
  expired: 'expired',
  upcoming: 'upcoming',
};

export class AgreementPanel {
  private readonly frame: OverlayPanel;
  private readonly summary: HTMLElement;
  private readonly versionSelect: HTMLSelectElement;
  private readonly body: HTMLElement;
  private readonly download: HTMLAnchorElement;
  private index: AgreementIndex | null = null;
  /** The version the reader chose; null follows the version in force. */
  private chosenVersion: number | null = null;
  /** Status badges to bring up to date as time passes, with what they judge. */
  private statuses: { el: HTMLElement; interval: Interval }[] = [];

  constructor(private readonly deps: AgreementPanelDeps) {
    const c = deps.container;
    this.frame = new OverlayPanel({
      container: c,
      toggle: deps.toggle,
      className: 'agreement-panel',
      headerClassName: 'agreement-panel-header',
      titleClassName: 'agreement-panel-title',
      titleId: 'agreement-panel-title',
      title: 'The agreement',
      closeLabel: 'Close the agreement panel',
      onOpen: () => {
        this.refreshStatuses();
        deps.onOpen();
      },
    });

    this.summary = createElement('div', { className: 'agreement-summary-block' });
    this.versionSelect = createElement('select', { attrs: { id: 'agreement-version' } });
    this.versionSelect.addEventListener('change', () => {
      this.chosenVersion = Number(this.versionSelect.value);
      this.renderBody();
    });
    this.download = createElement('a', {
      className: 'agreement-download',
      text: 'Download the agreement (JSON)',
      attrs: { href: '/api/agreement', download: 'agreement.json' },
    });
    this.body = createElement('div', { className: 'agreement-body' }, [
      createElement('p', { className: 'agreement-note', text: 'Loading the agreement…' }),
    ]);

    c.replaceChildren(
      this.frame.header,
      this.summary,
      createElement('div', { className: 'agreement-field' }, [
        createElement('label', { text: 'Show version', attrs: { for: 'agreement-version' } }),
        this.versionSelect,
      ]),
      this.body,
      createElement('footer', { className: 'agreement-panel-footer' }, [
        this.download,
        createElement('p', {
          className: 'agreement-note',
          text: 'As GET /api/agreement serves it: every version, times in epoch milliseconds. The file the parties edit is described in docs/agreement-format.md.',
        }),
      ]),
    );
  }

  /** A new agreement (or version in force): the reader's choice of version stays if it still exists. */
  update(index: AgreementIndex): void {
    this.index = index;
    if (this.chosenVersion !== null && !index.findVersion(this.chosenVersion)) {
      this.chosenVersion = null;
    }
    this.download.setAttribute('download', `${index.agreement.id}-agreement.json`);
    this.renderSummary();
    this.renderBody();
  }

  open(): void {
    this.frame.open();
  }

  /** `returnFocus` false when another panel takes the place (and the focus). */
  close(returnFocus = true): void {
    this.frame.close(returnFocus);
  }

  /** In force now, expired or upcoming, by the clock now. */
  refreshStatuses(): void {
    const now = this.deps.nowMs();
    for (const { el, interval } of this.statuses) setStatus(el, findTimeStatus(interval, now));
  }

  private get shownVersion(): AgreementVersion | undefined {
    const index = this.index;
    if (!index) return undefined;
    const version = this.chosenVersion ?? index.body.inForce?.version;
    // Before the first version comes into force, show the first.
    return (version === undefined ? undefined : index.findVersion(version)) ?? index.versions[0];
  }

  private renderSummary(): void {
    const index = this.index!;
    const inForce = index.body.inForce?.version;
    const shown = this.shownVersion?.version;
    this.summary.replaceChildren(
      createElement('p', { className: 'agreement-panel-name', text: index.agreement.name }),
      index.agreement.illustrative
        ? createElement('p', {
            className: 'agreement-illustrative',
            text: 'Illustrative: not a real or proposed agreement. Its zones and lines are drawn for demonstration and follow no real front, border or proposal.',
            attrs: { role: 'note' },
          })
        : '',
      inForce === undefined
        ? createElement('p', {
            className: 'agreement-warning',
            text: 'No version is in force now.',
          })
        : '',
      createElement('h3', { className: 'agreement-subheading', text: 'Versions' }),
      createElement(
        'ol',
        { className: 'agreement-versions' },
        index.versions.map((v) => {
          const endMs = index.findVersionEndMs(v.version);
          const state =
            v.version === inForce
              ? 'in force now'
              : inForce !== undefined && v.version < inForce
                ? 'superseded'
                : 'upcoming';
          return createElement(
            'li',
            {
              className: `agreement-version-row${v.version === inForce ? ' is-in-force' : ''}`,
              attrs: { 'data-version': String(v.version), 'data-state': state },
            },
            [
              createElement('span', {
                className: 'agreement-version-number',
                text: `v${v.version}`,
              }),
              createElement('span', { className: 'agreement-version-title', text: v.title }),
              createElement('span', {
                className: 'agreement-version-dates',
                text: `in force from ${formatUtcDateTime(v.inForceFromMs)}${endMs === undefined ? '' : ` until ${formatUtcDateTime(endMs)}`}`,
              }),
              createElement('span', {
                className: `agreement-status agreement-status--${state === 'in force now' ? 'in-force' : state}`,
                text: state,
              }),
            ],
          );
        }),
      ),
    );
    this.versionSelect.replaceChildren(
      ...index.versions.map((v) =>
        createElement('option', {
          text: `v${v.version}${v.version === inForce ? ' (in force now)' : ''}`,
          attrs: { value: String(v.version) },
        }),
      ),
    );
    if (shown !== undefined) this.versionSelect.value = String(shown);
    this.versionSelect.disabled = index.versions.length < 2;
  }

  private renderBody(): void {
    const index = this.index;
    const version = this.shownVersion;
    this.statuses = [];
    if (!index || !version) {
      this.body.replaceChildren(
        createElement('p', { className: 'agreement-note', text: 'No version.' }),
      );
      return;
    }
    const inForce = index.body.inForce?.version === version.version;
    const counts = [
      plural(version.zones.length, 'zone'),
      plural(version.rules.length, 'rule'),
      plural(version.lists?.length ?? 0, 'list'),
      plural(version.notifications?.length ?? 0, 'pre-notification'),
    ].join(' · ');
    this.body.replaceChildren(
      createElement('div', { className: 'agreement-version-head' }, [
        createElement('p', { className: 'agreement-version-heading' }, [
          createElement('strong', { text: `Version ${version.version}` }),
          inForce
            ? createElement('span', {
                className: 'agreement-status agreement-status--in-force',
                text: 'in force now',
              })
            : null,
        ]),
        createElement('p', { className: 'agreement-note', text: `${version.title}. ${counts}.` }),
        inForce
          ? null
          : createElement('p', {
              className: 'agreement-warning',
              text: 'Not the version in force now: the live picture is not judged by it.',
            }),
      ]),
      ...renderVersionView(version, {
        index,
        onFocusZone: (zone) => this.deps.onFocusZone(zone),
        createStatus: (interval) => {
          const el = createElement('span', { className: 'agreement-status' });
          this.statuses.push({ el, interval });
          setStatus(el, findTimeStatus(interval, this.deps.nowMs()));
          return el;
        },
      }),
    );
  }
}

function setStatus(el: HTMLElement, status: TimeStatus): void {
  el.textContent = status;
  el.className = `agreement-status agreement-status--${STATUS_CLASSES[status]}`;
  el.dataset.status = STATUS_CLASSES[status];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
