import { describe, expect, it } from 'vitest';
import type { PublishedReportRecord } from '../store/published-report-store.js';
import { FEED_TITLE, JSON_FEED_VERSION, renderAtomFeed, renderJsonFeed } from './report-feed.js';
import { summariseReport } from './report-files.js';

const ORIGIN = 'https://mission.example.org';

function record(id: string, more: Partial<PublishedReportRecord> = {}): PublishedReportRecord {
  return {
    id,
    title: `Daily report ${id}`,
    fromMs: Date.UTC(2026, 0, 1),
    toMs: Date.UTC(2026, 0, 2),
    publishedMs: Date.UTC(2026, 0, 2, 6),
    publishedBy: 'ana',
    keyId: '0123456789abcdef',
    incidentIds: ['INC-1'],
    payloadSha256: 'a'.repeat(64),
    fileSha256: {},
    hasPdf: true,
    summary: 'In 2026-01-01, 1 verified incident was recorded.',
    ...more,
  };
}

const HOSTILE = 'Shells & <script>alert("x")</script> \u0001 ]]> \'quoted\'';

describe('renderAtomFeed', () => {
  it('escapes titles, authors and summaries so that hostile text stays text', () => {
    const atom = renderAtomFeed(
      [
        {
          report: summariseReport(
            record('RPT-20260101-00000001', { title: HOSTILE, publishedBy: '<b>&</b>' }),
          ),
          summary: HOSTILE,
        },
      ],
      ORIGIN,
      0,
    );
    expect(atom).not.toContain('<script>');
    expect(atom).not.toContain('\u0001');
    expect(atom).toContain(
      '<title>Shells &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;  ]]&gt; &#39;quoted&#39;</title>',
    );
    expect(atom).toContain('<name>&lt;b&gt;&amp;&lt;/b&gt;</name>');
    // Every & starts an entity: no bare ampersand made it through.
    expect(atom.match(/&(?!amp;|lt;|gt;|quot;|#39;)/g)).toBeNull();
  });

  it('lists each report with a stable id, times and links to its page and downloads', () => {
    const atom = renderAtomFeed(
      [
        {
          report: summariseReport(
            record('RPT-20260102-00000002', { publishedMs: Date.UTC(2026, 0, 3, 6) }),
          ),
          summary: 's2',
        },
        {
          report: summariseReport(record('RPT-20260101-00000001', { hasPdf: false })),
          summary: 's1',
        },
      ],
      ORIGIN,
      0,
    );
    expect(
      atom.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
      ),
    ).toBe(true);
    expect(atom).toContain('<updated>2026-01-03T06:00:00.000Z</updated>');
    expect(atom).toContain('<id>urn:truceline:report:RPT-20260102-00000002</id>');
    expect(atom).toContain(`href="${ORIGIN}/reports.html?id=RPT-20260101-00000001"`);
    expect(atom).toContain(`href="${ORIGIN}/api/reports/RPT-20260102-00000002/report.pdf"`);
    expect(atom).not.toContain('RPT-20260101-00000001/report.pdf');
    expect(atom.match(/<entry>/g)).toHaveLength(2);
  });
});

describe('renderAtomFeed when nothing is published', () => {
  it('is a valid empty feed updated now', () => {
    const atom = renderAtomFeed([], ORIGIN, Date.UTC(2026, 0, 5));
    expect(atom).toContain('<updated>2026-01-05T00:00:00.000Z</updated>');
    expect(atom).not.toContain('<entry>');
  });
});

describe('renderJsonFeed', () => {
  it('is JSON Feed 1.1 with absolute links and the text as given', () => {
    const feed = JSON.parse(
      renderJsonFeed(
        [
          {
            report: summariseReport(record('RPT-20260101-00000001', { title: HOSTILE })),
            summary: 'sum',
          },
        ],
        ORIGIN,
      ),
    );
    expect(feed).toMatchObject({
      version: JSON_FEED_VERSION,
      title: FEED_TITLE,
      feed_url: `${ORIGIN}/feed.json`,
      home_page_url: `${ORIGIN}/reports.html`,
    });
    expect(feed.items[0]).toMatchObject({
      id: 'urn:truceline:report:RPT-20260101-00000001',
      url: `${ORIGIN}/reports.html?id=RPT-20260101-00000001`,
      title: HOSTILE,
      date_published: '2026-01-02T06:00:00.000Z',
    });
    expect(feed.items[0].attachments[0]).toEqual({
      url: `${ORIGIN}/api/reports/RPT-20260101-00000001`,
      mime_type: 'application/json',
      title: 'Signed report (JSON)',
    });
  });
});
