/**
 * Roles, the capabilities each one grants, and the scopes of API tokens.
 *
 * Roles are not a ladder: each is the set of things its holder does (the
 * issue's "admin (users, agreements)", "analyst (review, verify, dismiss,
 * publish, write reports)", …). An admin manages people and agreements but
 * does not verify or publish incidents: one person who needs both holds two
 * accounts, and the audit log shows which hat was worn. Capabilities are
 * checked by name (`can(role, 'incident:review')`), never by comparing roles,
 * so that the table below is the one place to read or change who may do what.
 *
 * Each HTTP route names the capability it needs (src/api/access.ts) and the
 * access hook (src/api/auth-hook.ts) enforces it; docs/accounts.md lists them.
 */

export const ROLES = ['admin', 'analyst', 'monitor', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Every capability, with what it lets its holder do. */
export const CAPABILITIES = {
  'published:read': 'read published reports and incidents, and the public feed',
  'agreement:read': 'read the agreement in force: zones, rules, lists, versions',
  'live:read': 'see the live picture: tracks, observations, detections, source health',
  'incident:read': 'read incidents in every state, with the detections and reports behind them',
  'incident:review': 'take incidents under review, verify or dismiss them',
  'incident:publish': 'publish verified incidents',
  'report:write': 'write, sign and publish daily and ad-hoc reports',
  'field-report:create': 'file field reports (ground observations)',
  'field-report:read-own': 'read the field reports one filed oneself',
  'field-report:read': 'read every field report',
  'observation:ingest': 'send observations (sensors, receivers, integrations)',
  'agreement:manage': 'load, reload and replace the agreement',
  'user:manage': 'add users, disable them, reset their passwords',
  'token:manage': 'create and revoke API tokens',
  'audit:read': 'read and verify the audit log',
} as const;
export type Capability = keyof typeof CAPABILITIES;

/** What anyone may do without logging in (DESIGN.md: published material only). */
export const ANONYMOUS_CAPABILITIES: readonly Capability[] = ['published:read'];

/** Who may do what. Every role also has what anonymous visitors have. */
export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  admin: [
    ...ANONYMOUS_CAPABILITIES,
    'user:manage',
    'token:manage',
    'agreement:manage',
    'agreement:read',
    'live:read',
    'incident:read',
    'audit:read',
  ],
  analyst: [
    ...ANONYMOUS_CAPABILITIES,
    'agreement:read',
    'live:read',
    'incident:read',
    'incident:review',
    'incident:publish',
    'report:write',
    'field-report:read',
    'field-report:read-own',
    'audit:read',
  ],
  monitor: [
    ...ANONYMOUS_CAPABILITIES,
    'agreement:read',
    'field-report:create',
    'field-report:read-own',
  ],
  // Parties and diplomats signed the agreement, so they may read it; the
  // public may not see more than what is published.
  observer: [...ANONYMOUS_CAPABILITIES, 'agreement:read'],
};

export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What a sensor or integration may do with an API token; a token holds one or more. */
export const TOKEN_SCOPES = ['ingest', 'read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The capabilities each scope grants. A token never manages users, tokens or agreements. */
export const SCOPE_CAPABILITIES: Readonly<Record<TokenScope, readonly Capability[]>> = {
  ingest: ['observation:ingest'],
  // Alerts and exports out: webhooks, TAK, GeoJSON, CSV.
  read: [...ANONYMOUS_CAPABILITIES, 'agreement:read', 'live:read', 'incident:read'],
};

export function tokenCan(scopes: readonly TokenScope[], capability: Capability): boolean {
  return scopes.some((s) => SCOPE_CAPABILITIES[s].includes(capability));
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}
