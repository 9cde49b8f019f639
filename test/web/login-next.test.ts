/** The login page follows `next` only to a path of its own site. */
import { describe, expect, it } from 'vitest';
import { readSafeNext } from '../../web/src/login/login-next.js';

const ORIGIN = 'https://truceline.example';

describe('readSafeNext', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(readSafeNext('?next=%2Fincidents.html%3Fid%3DINC-1%23map', ORIGIN)).toBe(
      '/incidents.html?id=INC-1#map',
    );
    expect(readSafeNext('?next=/', ORIGIN)).toBe('/');
  });

  it('ignores anything that could leave the site, or loop back to the login page', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'incidents.html',
      '',
      '/login.html?next=/',
    ]) {
      expect(readSafeNext(`?next=${encodeURIComponent(next)}`, ORIGIN), next).toBeNull();
    }
    expect(readSafeNext('', ORIGIN)).toBeNull();
  });
});
