/**
 * One version of the agreement, for reading: its rules as sentences (those
 * tied to zones and lines apart from those that apply anywhere), its zones
 * (each one click from the map), its lists and its pre-notifications.
 */
import type { AgreementVersion, Rule, Zone } from '../../src/api/wire.js';
import type { AgreementIndex } from './agreement-index.js';
import {
  describeRule,
  formatAltitudeBand,
  formatInterval,
  formatNumber,
  type Interval,
  isAnywhereRule,
  joinWords,
  type NameLookup,
  type PreNotification,
  type TrackList,
} from './agreement-sentences.js';
import { createElement } from './dom.js';
import { formatUtcDateTime } from './format.js';
import { ZONE_STYLES } from './zone-styles.js';

export interface VersionViewDeps {
  index: AgreementIndex;
  /** A badge saying whether a provision in force during `interval` is in force now. */
  createStatus(interval: Interval): HTMLElement;
  onFocusZone(zone: Zone): void;
}

export function renderVersionView(version: AgreementVersion, deps: VersionViewDeps): HTMLElement[] {
  const lists = version.lists ?? [];
  const notifications = version.notifications ?? [];
  const names: NameLookup = {
    zoneName: (id) => version.zones.find((z) => z.id === id)?.name ?? deps.index.describeZone(id),
    listName: (id) => lists.find((l) => l.id === id)?.name ?? id,
  };
  // A provision is in force while its version is, and only within its own interval.
  const endMs = deps.index.findVersionEndMs(version.version);
  const within = (own: Interval | undefined): Interval => ({
    fromMs: Math.max(version.inForceFromMs, own?.fromMs ?? -Infinity),
    toMs: Math.min(endMs ?? Infinity, own?.toMs ?? Infinity),
  });

  const zoneRules = version.rules.filter((r) => !isAnywhereRule(r));
  const anywhereRules = version.rules.filter(isAnywhereRule);
  const renderRules = (rules: readonly Rule[]) =>
    createElement(
      'ul',
      { className: 'agreement-rules' },
      rules.map((r) => renderRule(r, names, notifications, deps, within)),
    );

  return [
    createElement('section', { className: 'agreement-section', attrs: { 'aria-label': 'Rules' } }, [
      createElement('h3', {
        className: 'agreement-subheading',
        text: `Rules (${version.rules.length})`,
      }),
      createElement('p', {
        className: 'agreement-note',
        text: 'Each rule as the data says it, then the parties’ own words.',
      }),
      createElement('h4', {
        className: 'agreement-group',
        text: `Zones and lines (${zoneRules.length})`,
        attrs: { id: 'agreement-rules-zones' },
      }),
      zoneRules.length > 0 ? renderRules(zoneRules) : emptyNote('No rule tied to a zone or line.'),
      createElement('h4', {
        className: 'agreement-group',
        text: `Anywhere (${anywhereRules.length})`,
        attrs: { id: 'agreement-rules-anywhere' },
      }),
      anywhereRules.length > 0
        ? renderRules(anywhereRules)
        : emptyNote('No rule applies anywhere.'),
    ]),
    createElement('section', { className: 'agreement-section', attrs: { 'aria-label': 'Zones' } }, [
      createElement('h3', {
        className: 'agreement-subheading',
        text: `Zones and lines (${version.zones.length})`,
      }),
      createElement('p', { className: 'agreement-note', text: 'Pick one to see it on the map.' }),
      version.zones.length > 0
        ? createElement(
            'ul',
            { className: 'agreement-zones' },
            version.zones.map((z) => renderZone(z, version.rules, deps, within)),
          )
        : emptyNote('This version draws no zone.'),
    ]),
    createElement('section', { className: 'agreement-section', attrs: { 'aria-label': 'Lists' } }, [
      createElement('h3', { className: 'agreement-subheading', text: `Lists (${lists.length})` }),
      lists.length > 0
        ? createElement(
            'ul',
            { className: 'agreement-lists' },
            lists.map((l) => renderList(l, version.rules)),
          )
        : emptyNote('No standing list of tracks.'),
    ]),
    createElement(
      'section',
      { className: 'agreement-section', attrs: { 'aria-label': 'Pre-notifications' } },
      [
        createElement('h3', {
          className: 'agreement-subheading',
          text: `Pre-notifications (${notifications.length})`,
        }),
        notifications.length > 0
          ? createElement(
              'ul',
              { className: 'agreement-notifications' },
              notifications.map((n) => renderNotification(n, deps, within)),
            )
          : emptyNote('No pre-notified exemption.'),
      ],
    ),
  ];
}

function renderRule(
  rule: Rule,
  names: NameLookup,
  notifications: readonly PreNotification[],
  deps: VersionViewDeps,
  within: (own: Interval | undefined) => Interval,
): HTMLLIElement {
  const notified = notifications.filter((n) => n.ruleIds?.includes(rule.id)).map((n) => n.id);
  const sentence = describeRule(rule, names);
  // The reference leads, set apart so the eye can run down the articles.
  const cut = sentence.indexOf(': ') + 1;
  return createElement('li', { className: 'agreement-rule', attrs: { 'data-rule-id': rule.id } }, [
    createElement('p', { className: 'agreement-rule-sentence' }, [
      createElement('span', { className: 'agreement-rule-ref', text: sentence.slice(0, cut) }),
      sentence.slice(cut),
      rule.inForce ? ' ' : null,
      rule.inForce ? deps.createStatus(within(rule.inForce)) : null,
    ]),
    notified.length > 0
      ? createElement('p', {
          className: 'agreement-rule-extra',
          text: `Pre-notified exemptions: ${notified.join(', ')}.`,
        })
      : null,
    createElement('p', { className: 'agreement-rule-text', text: rule.description }),
  ]);
}

function renderZone(
  zone: Zone,
  rules: readonly Rule[],
  deps: VersionViewDeps,
  within: (own: Interval | undefined) => Interval,
): HTMLLIElement {
  const style = ZONE_STYLES[zone.kind];
  const facts = [
    style.legend,
    zone.citation,
    zone.radiusM === undefined ? null : `radius ${formatDistanceM(zone.radiusM)}`,
    zone.altitudeFt ? formatAltitudeBand(zone.altitudeFt) : null,
    zone.inForce ? formatInterval(zone.inForce) : null,
  ].filter((f): f is string => !!f);
  const ruleIds = rules.filter((r) => r.zoneIds.includes(zone.id)).map((r) => r.id);
  const button = createElement(
    'button',
    {
      className: `agreement-zone agreement-zone--${zone.kind}`,
      attrs: {
        type: 'button',
        'data-zone-id': zone.id,
        style: `--zone-colour: ${style.path.color ?? '#9ca3af'}`,
        title: 'Show on the map',
      },
    },
    [
      createElement('span', { className: 'agreement-zone-name', text: zone.name }),
      createElement('span', { className: 'agreement-zone-facts', text: facts.join(' · ') }),
      createElement('span', {
        className: 'agreement-zone-rules',
        text: ruleIds.length > 0 ? `Rules ${ruleIds.join(', ')}` : 'No rule names it',
      }),
    ],
  );
  if (zone.inForce) button.append(deps.createStatus(within(zone.inForce)));
  button.addEventListener('click', () => deps.onFocusZone(zone));
  return createElement('li', {}, [button]);
}

function renderList(list: TrackList, rules: readonly Rule[]): HTMLLIElement {
  const exempting = rules.filter((r) => r.exemptLists?.includes(list.id)).map((r) => r.id);
  const applying = rules.filter((r) => r.lists?.includes(list.id)).map((r) => r.id);
  const uses = [
    exempting.length > 0 ? `exempt from ${joinWords(exempting, 'and')}` : '',
    applying.length > 0 ? `the only tracks ${joinWords(applying, 'and')} judge` : '',
  ].filter(Boolean);
  const count = list.trackIds.length;
  return createElement('li', { className: 'agreement-list', attrs: { 'data-list-id': list.id } }, [
    createElement('div', { className: 'agreement-item-head' }, [
      createElement('strong', { text: list.name }),
      createElement('span', {
        className: 'agreement-count',
        text: `${formatNumber(count)} ${count === 1 ? 'track' : 'tracks'}`,
      }),
    ]),
    list.description
      ? createElement('p', { className: 'agreement-note', text: list.description })
      : null,
    uses.length > 0
      ? createElement('p', {
          className: 'agreement-note',
          text: `Its tracks are ${uses.join('; ')}.`,
        })
      : null,
    createElement('details', { className: 'agreement-tracks' }, [
      createElement('summary', { text: 'Track ids' }),
      createElement('p', {}, [createElement('code', { text: list.trackIds.join(', ') })]),
    ]),
  ]);
}

function renderNotification(
  n: PreNotification,
  deps: VersionViewDeps,
  within: (own: Interval | undefined) => Interval,
): HTMLLIElement {
  const rules = n.ruleIds?.length ? joinWords(n.ruleIds, 'and') : 'every rule';
  return createElement(
    'li',
    { className: 'agreement-notification', attrs: { 'data-notification-id': n.id } },
    [
      createElement('div', { className: 'agreement-item-head' }, [
        createElement('strong', { text: n.citation ? `${n.id} · ${n.citation}` : n.id }),
        deps.createStatus(within({ fromMs: n.fromMs, toMs: n.toMs })),
      ]),
      createElement('p', { className: 'agreement-notification-text', text: n.description }),
      createElement('dl', { className: 'agreement-facts' }, [
        createElement('dt', { text: 'Tracks' }),
        createElement('dd', {}, [createElement('code', { text: n.trackIds.join(', ') })]),
        createElement('dt', { text: 'Exempt from' }),
        createElement('dd', { text: rules }),
        createElement('dt', { text: 'From' }),
        createElement('dd', { text: formatUtcDateTime(n.fromMs) }),
        createElement('dt', { text: 'To' }),
        createElement('dd', { text: `${formatUtcDateTime(n.toMs)} (exclusive)` }),
      ]),
    ],
  );
}

function formatDistanceM(m: number): string {
  return m >= 1000 ? `${formatNumber(m / 1000)} km` : `${formatNumber(m)} m`;
}

function emptyNote(text: string): HTMLElement {
  return createElement('p', { className: 'agreement-note', text });
}
