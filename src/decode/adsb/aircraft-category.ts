/**
 * Emitter category text (DO-260B 2.2.3.2.5.2, Table 2-8): `A3` ->
 * `A3 large aircraft`. Codes without information (x0) or reserved give
 * undefined, so a track's type is only set when it says something.
 */
const CATEGORY_TEXT: Record<string, string> = {
  A1: 'light aircraft',
  A2: 'small aircraft',
  A3: 'large aircraft',
  A4: 'high-vortex large aircraft',
  A5: 'heavy aircraft',
  A6: 'high-performance aircraft',
  A7: 'rotorcraft',
  B1: 'glider',
  B2: 'lighter-than-air',
  B3: 'parachutist',
  B4: 'ultralight',
  B6: 'unmanned aerial vehicle',
  B7: 'space vehicle',
  C1: 'surface emergency vehicle',
  C2: 'surface service vehicle',
  C3: 'point obstacle',
  C4: 'cluster obstacle',
  C5: 'line obstacle',
};

export function describeCategory(code: string): string | undefined {
  const text = CATEGORY_TEXT[code];
  return text === undefined ? undefined : `${code} ${text}`;
}
