/**
 * The public feed of published reports, as JSON Feed 1.1 and as Atom
 * (RFC 4287), newest first, each entry linking the page, the signed JSON
 * and the downloads. Links are absolute, made from the origin the request
 * reached, since feed readers fetch them out of context.
 */

import { escapeXml as esc } from './report-escape.js';
import type { PublishedReportSummary } from './report-types.js';

export const FEED_TITLE = 'Truceline: published reports';
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export interface FeedEntry {
  report: PublishedReportSummary;
  /** Plain text: the report's narrative. */
  summary: string;
}

export function renderJsonFeed(entries: readonly FeedEntry[], origin: string): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: FEED_TITLE,
    home_page_url: `${origin}/reports.html`,
    feed_url: `${origin}/feed.json`,
    description: 'Reports of verified incidents, each signed with the mission key.',
    items: entries.map(({ report: r, summary }) => ({
      id: entryId(r.id),
      url: pageUrl(origin, r.id),
      title: r.title,
      content_text: `${summary}\n\nSigned with mission key ${r.keyId}; SHA-256 of the report: ${r.payloadSha256}.`,
      date_published: new Date(r.publishedMs).toISOString(),
      attachments: attachmentsOf(r).map((a) => ({
        url: `${origin}${a.href}`,
        mime_type: a.type,
        title: a.title,
      })),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/** `nowMs` is the feed's `updated` while nothing is published (Atom requires one). */
export function renderAtomFeed(
  entries: readonly FeedEntry[],
  origin: string,
  nowMs: number,
): string {
  const updated = entries[0]?.report.publishedMs ?? nowMs;
  const items = entries.map(({ report: r, summary }) => {
    const links = attachmentsOf(r)
      .map(
        (a) =>
          `    <link rel="enclosure" type="${esc(a.type)}" title="${esc(a.title)}" href="${esc(origin + a.href)}"/>`,
      )
      .join('\n');
    const at = new Date(r.publishedMs).toISOString();
    return `  <entry>
    <id>${esc(entryId(r.id))}</id>
    <title>${esc(r.title)}</title>
    <published>${at}</published>
    <updated>${at}</updated>
    <author><name>${esc(r.publishedBy)}</name></author>
    <link rel="alternate" type="text/html" href="${esc(pageUrl(origin, r.id))}"/>
${links}
    <summary type="text">${esc(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(`${origin}/feed.atom`)}</id>
  <title>${esc(FEED_TITLE)}</title>
  <updated>${new Date(updated).toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${esc(`${origin}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${esc(`${origin}/reports.html`)}"/>
  <generator>Truceline</generator>
${items.join('\n')}
</feed>
`;
}

/** A stable id that does not change if the server moves: a URN of the report id. */
function entryId(id: string): string {
  return `urn:truceline:report:${id}`;
}

function pageUrl(origin: string, id: string): string {
  return `${origin}/reports.html?id=${encodeURIComponent(id)}`;
}

function attachmentsOf(r: PublishedReportSummary): { href: string; type: string; title: string }[] {
  const l = r.links;
  const list = [
    { href: l.signedJson, type: 'application/json', title: 'Signed report (JSON)' },
    ...(l.pdf ? [{ href: l.pdf, type: 'application/pdf', title: 'PDF' }] : []),
    ...(l.pdfSig ? [{ href: l.pdfSig, type: 'application/json', title: 'PDF signature' }] : []),
    { href: l.csv, type: 'text/csv', title: 'Incidents (CSV)' },
    { href: l.csvSig, type: 'application/json', title: 'CSV signature' },
    { href: l.geojson, type: 'application/geo+json', title: 'Incidents (GeoJSON)' },
    { href: l.geojsonSig, type: 'application/json', title: 'GeoJSON signature' },
  ];
  return list;
}
