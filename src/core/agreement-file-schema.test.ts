import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_FORMAT,
  agreementFileSchema,
  createAgreementJsonSchema,
  formatIsoTime,
  parseIsoTimeMs,
} from './agreement-file-schema.js';

const SCHEMA_FILE = new URL('../../schemas/agreement.schema.json', import.meta.url);
const DEMO_FILE = new URL('../../scenarios/demo/agreement.json', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the tests break hand-written JSON on purpose.
type Json = any;

const readJson = (url: URL): Json => JSON.parse(readFileSync(url, 'utf8'));

/**
 * The shipped schema compiled as an editor or a third party would, by Ajv
 * (draft-07) in strict mode, with two settings the schema needs:
 * - Ajv 8 bundles no formats, and strict mode refuses to compile a schema
 *   with an unknown one (`date-time` at `#/definitions/Time`). It is given
 *   ours, the parser the zod schema uses; others would add ajv-formats. The
 *   Time pattern already enforces the same rule on its own.
 * - `strictTuples` would flag `Position` (`[lon, lat]` with optional further
 *   numbers: `additionalItems` is a schema, not `false`). That is a warning
 *   about open tuples, not a validation setting.
 */
function compileShippedSchema() {
  const ajv = new Ajv({
    strict: true,
    strictTuples: false,
    allErrors: true,
    formats: { 'date-time': (text: string) => !Number.isNaN(parseIsoTimeMs(text)) },
  });
  return ajv.compile(readJson(SCHEMA_FILE));
}

describe('the shipped JSON Schema', () => {
  it('is the one generated from the zod schema (UPDATE=1 rewrites it)', () => {
    const generated = createAgreementJsonSchema();
    if (process.env.UPDATE === '1') {
      writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    }
    // Compared as data: the formatter may lay the committed file out differently.
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(generated);
  });

  it('describes itself for editors: draft-07, a title, and a description on every property', () => {
    const schema = createAgreementJsonSchema() as {
      $schema: string;
      title: string;
      definitions: Record<string, { properties?: Record<string, { description?: string }> }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Truceline agreement');
    const zone = schema.definitions.Zone!.properties!;
    for (const key of ['name', 'kind', 'citation', 'radiusM', 'altitudeFt', 'description']) {
      expect(zone[key]?.description, `Zone.${key}`).toBeTruthy();
    }
    const rule = schema.definitions.Rule!.properties!;
    for (const key of ['citation', 'supersedes', 'appliesTo', 'forbids', 'zones', 'exempt']) {
      expect(rule[key]?.description, `Rule.${key}`).toBeTruthy();
    }
    const thresholds = schema.definitions.RuleThresholds!.properties!;
    for (const [key, p] of Object.entries(thresholds)) {
      expect(p.description, `RuleThresholds.${key}`).toBeTruthy();
    }
  });

  it('refuses keys it does not know, so a misspelt exemption is not silently dropped', () => {
    const result = agreementFileSchema.safeParse({
      format: AGREEMENT_FORMAT,
      id: 'a',
      name: 'A',
      illustrative: true,
      versions: [
        {
          version: 1,
          inForceFrom: '2026-01-01T00:00:00Z',
          title: 'v1',
          zones: [],
          rules: [
            {
              id: 'R-1',
              citation: 'Art. 1',
              description: 'd',
              appliesTo: { kinds: ['vessel'] },
              forbids: ['silence'],
              exmept: { trackIds: [] },
            },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['exmept'],
      path: ['versions', 0, 'rules', 0],
    });
  });
});

describe('the shipped JSON Schema, run by Ajv', () => {
  const validate = compileShippedSchema();

  it('accepts the demo agreement', () => {
    expect(validate(readJson(DEMO_FILE)), JSON.stringify(validate.errors)).toBe(true);
  });

  const refusals: [string, (d: Json) => void, Partial<ErrorObject>][] = [
    [
      'a misspelt key',
      (d) => {
        d.versions[0].rules[0].exmept = d.versions[0].rules[0].exempt ?? {};
        delete d.versions[0].rules[0].exempt;
      },
      {
        instancePath: '/versions/0/rules/0',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'exmept' },
      },
    ],
    [
      'a missing required field',
      (d) => {
        delete d.versions[0].rules[0].citation;
      },
      {
        instancePath: '/versions/0/rules/0',
        keyword: 'required',
        params: { missingProperty: 'citation' },
      },
    ],
    [
      'a time without a zone',
      (d) => {
        d.versions[0].inForceFrom = '2026-01-01T00:00:00';
      },
      { instancePath: '/versions/0/inForceFrom', keyword: 'format' },
    ],
  ];

  it.each(refusals)('refuses %s, as the zod schema does', (_, change, error) => {
    const doc = readJson(DEMO_FILE);
    change(doc);
    expect(validate(doc)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining(error));
    expect(agreementFileSchema.safeParse(doc).success).toBe(false);
  });
});

describe('parseIsoTimeMs', () => {
  it('reads UTC times and times with an offset to the same instant', () => {
    const t = Date.UTC(2026, 5, 1);
    expect(parseIsoTimeMs('2026-06-01T00:00:00Z')).toBe(t);
    expect(parseIsoTimeMs('2026-06-01T02:00:00+02:00')).toBe(t);
    expect(parseIsoTimeMs('2026-05-31T18:30:00-05:30')).toBe(t);
    expect(parseIsoTimeMs('2026-06-01T00:00:00+00:00')).toBe(t);
  });

  it('keeps milliseconds and drops finer fractions', () => {
    expect(parseIsoTimeMs('2026-06-01T00:00:00.5Z')).toBe(Date.UTC(2026, 5, 1, 0, 0, 0, 500));
    expect(parseIsoTimeMs('2026-06-01T00:00:00.123456Z')).toBe(Date.UTC(2026, 5, 1, 0, 0, 0, 123));
  });

  it('refuses a time without a zone, a date alone and other text', () => {
    for (const text of ['2026-06-01T00:00:00', '2026-06-01', 'yesterday', '1780272000000']) {
      expect(parseIsoTimeMs(text), text).toBeNaN();
    }
  });

  it('is what the file schema accepts: offsets yes, local times and impossible dates no', () => {
    const time = agreementFileSchema.shape.versions.element.shape.inForceFrom;
    expect(time.safeParse('2026-06-01T02:00:00+02:00').success).toBe(true);
    expect(time.safeParse('2026-06-01T00:00:00').success).toBe(false);
    expect(time.safeParse('2026-02-30T00:00:00Z').success).toBe(false);
  });
});

describe('formatIsoTime', () => {
  it('writes UTC with Z, and milliseconds only when there are some', () => {
    expect(formatIsoTime(Date.UTC(2026, 5, 1))).toBe('2026-06-01T00:00:00Z');
    expect(formatIsoTime(Date.UTC(2026, 5, 1, 0, 0, 0, 250))).toBe('2026-06-01T00:00:00.250Z');
  });
});
