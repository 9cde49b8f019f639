import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  can,
  ROLE_CAPABILITIES,
  ROLES,
  SCOPE_CAPABILITIES,
  tokenCan,
} from './roles.js';

describe('roles', () => {
  it('lets admins manage users, tokens and agreements but not verify or publish', () => {
    expect(can('admin', 'user:manage')).toBe(true);
    expect(can('admin', 'token:manage')).toBe(true);
    expect(can('admin', 'agreement:manage')).toBe(true);
    expect(can('admin', 'incident:review')).toBe(false);
    expect(can('admin', 'incident:publish')).toBe(false);
  });

  it('lets analysts review, publish and write reports, and nobody else', () => {
    for (const cap of ['incident:review', 'incident:publish', 'report:write'] as const) {
      expect(ROLES.filter((r) => can(r, cap))).toEqual(['analyst']);
    }
  });

  it('lets monitors file field reports and read their own, not the live picture', () => {
    expect(can('monitor', 'field-report:create')).toBe(true);
    expect(can('monitor', 'field-report:read-own')).toBe(true);
    expect(can('monitor', 'field-report:read')).toBe(false);
    expect(can('monitor', 'live:read')).toBe(false);
  });

  it('lets observers read only what is published and the agreement', () => {
    expect(ROLE_CAPABILITIES.observer).toEqual(['published:read', 'agreement:read']);
  });

  it('names only known capabilities, and gives every role what anonymous visitors have', () => {
    for (const caps of [
      ...Object.values(ROLE_CAPABILITIES),
      ...Object.values(SCOPE_CAPABILITIES),
    ]) {
      for (const c of caps) expect(Object.keys(CAPABILITIES)).toContain(c);
    }
    for (const r of ROLES) expect(can(r, 'published:read')).toBe(true);
  });

  it('lets an ingest token ingest and nothing else, and never manage anything', () => {
    expect(tokenCan(['ingest'], 'observation:ingest')).toBe(true);
    expect(tokenCan(['ingest'], 'live:read')).toBe(false);
    expect(tokenCan(['read'], 'observation:ingest')).toBe(false);
    expect(tokenCan(['ingest', 'read'], 'live:read')).toBe(true);
    for (const cap of ['user:manage', 'token:manage', 'agreement:manage'] as const) {
      expect(tokenCan(['ingest', 'read'], cap)).toBe(false);
    }
  });
});
