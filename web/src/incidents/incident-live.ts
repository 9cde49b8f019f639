/**
 * The workspace's live socket: incident messages only (`?only=incidents`),
 * with the reconnects of LiveConnection. Every snapshot, the first
 * included, says "read the incidents again": changes made while the socket
 * was down, or before it opened, come with no message of their own.
 */
import type { Incident } from '../../../src/api/wire-incidents.js';
import { resolveLiveUrl } from '../api-client.js';
import { createElement } from '../dom.js';
import { type ConnectionState, LiveConnection } from '../live-connection.js';
import { loadSession, loginUrl, sessionCan } from '../session-client.js';

export interface IncidentFeedHandlers {
  /** Incidents created or changed, as they now are (without their history). */
  onIncidents(items: Incident[]): void;
  /** The socket is (again) live: read the incidents shown afresh. */
  onResync(): void;
}

export interface IncidentFeed {
  /** "Live" / "Reconnecting…": for the page to place. */
  status: HTMLElement;
  stop(): void;
}

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Live updates lost: reconnecting…',
};

export function connectIncidentFeed(handlers: IncidentFeedHandlers): IncidentFeed {
  const status = createElement('span', {
    className: 'inc-live',
    attrs: { id: 'live-status', role: 'status', 'data-state': 'connecting' },
  });
  const live = new LiveConnection(`${resolveLiveUrl()}?only=incidents`, {
    onMessage: (message) => {
      if (message.type === 'snapshot') handlers.onResync();
      else if (message.type === 'incidents') handlers.onIncidents(message.items);
    },
    onState: (state, retryInMs) => {
      status.dataset.state = state;
      status.textContent = STATE_TEXT[state];
      // Closed after it was open: perhaps the session ended (close code 4401).
      if (state === 'reconnecting' && retryInMs !== undefined) void stopIfRefused(live, status);
    },
  });
  live.start();
  return { status, stop: () => live.stop() };
}

/**
 * After the socket drops: a session that ended goes to the login page; one
 * that may no longer watch stops retrying a socket the server refuses. A
 * server that cannot be reached is retried.
 */
async function stopIfRefused(live: LiveConnection, status: HTMLElement): Promise<void> {
  const session = await loadSession(true).catch(() => null);
  if (session === null) return;
  if (session.user === null) {
    live.stop();
    location.assign(loginUrl());
  } else if (!sessionCan(session, 'live:read') || !sessionCan(session, 'incident:read')) {
    live.stop();
    status.dataset.state = 'off';
    status.textContent = 'Live updates are off: your role no longer receives them.';
  }
}
