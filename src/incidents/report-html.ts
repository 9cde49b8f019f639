/**
 * The report as one standalone HTML page: inline CSS, the map as inline SVG,
 * no script and nothing fetched, so that it reads the same offline, archived,
 * or printed to PDF by headless chromium (report-pdf.ts). Every piece of text
 * from data goes through escapeXml.
 */

import { escapeXml as esc } from './report-escape.js';
import { formatPeriod } from './report-period.js';
import type { ReportContent, ReportCountRow } from './report-types.js';

export interface ReportSigningFacts {
  keyId: string;
  signedAt: string;
  payloadSha256: string;
}

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid #d5dbe1; padding-bottom: 4px; }
.meta { color: #52606d; margin: 0 0 4px; }
.illustrative { background: #fff4e5; border: 1px solid #f0b35a; padding: 6px 10px; border-radius: 4px; }
.narrative p { margin: 0 0 6px; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f5f7fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #b91c1c; } .down { color: #047857; }
.map svg { width: 100%; height: auto; border: 1px solid #d5dbe1; }
.incidents td:first-child { font-weight: bold; }
footer { margin-top: 28px; font-size: 12px; color: #52606d; }
code { font-size: 11px; word-break: break-all; }
tr, .map { break-inside: avoid; }
`;

export function renderReportHtml(
  content: ReportContent,
  mapSvg: string,
  signing: ReportSigningFacts | null,
): string {
  const c = content;
  const agreement = c.agreement
    ? `Agreement in force: ${esc(c.agreement.name)} (${esc(c.agreement.id)}), version ${c.agreement.version}: ${esc(c.agreement.versionTitle)}`
    : 'No agreement version was in force at the end of the period.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(c.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(c.title)}</h1>
<p class="meta">Period: ${esc(formatPeriod(c.period.fromMs, c.period.toMs))} (${esc(c.period.from)} to ${esc(c.period.to)}, end excluded) · Report ${esc(c.id)}</p>
<p class="meta">${agreement}</p>
${c.agreement?.illustrative ? '<p class="illustrative">Illustrative agreement: its zones and lines are not real or proposed lines.</p>' : ''}
</header>
<section class="narrative"><h2>Summary</h2>
${c.narrative.map((s) => `<p>${esc(s)}</p>`).join('\n')}
</section>
<section><h2>Verified incidents: ${c.totals.count} (previous period ${c.totals.previous}, ${formatDelta(c.totals.delta)})</h2>
<div class="tables">
${renderCountTable('By zone', c.byZone)}
${renderCountTable('By category', c.byCategory)}
${renderCountTable('By track kind', c.byTrackKind)}
</div>
<p class="meta">An incident counts under each track kind involved; the previous period is ${esc(c.previousPeriod.from)} to ${esc(c.previousPeriod.to)}.</p>
</section>
<section class="map"><h2>Map</h2>
${mapSvg.replace(/^<\?xml[^>]*>\s*/, '')}
<p class="meta">Land and borders: Natural Earth via world-atlas. Numbers match the list below.</p>
</section>
<section class="incidents"><h2>Incidents</h2>
${renderIncidentTable(c)}
</section>
<footer>
${renderSigning(c, signing)}
</footer>
</body>
</html>
`;
}

function renderCountTable(caption: string, rows: readonly ReportCountRow[]): string {
  const body =
    rows.length === 0
      ? '<tr><td colspan="4">None in either period.</td></tr>'
      : rows
          .map(
            (r) =>
              `<tr><td>${esc(r.label)}</td><td class="num">${r.count}</td><td class="num">${r.previous}</td><td class="num ${r.delta > 0 ? 'up' : r.delta < 0 ? 'down' : ''}">${formatDelta(r.delta)}</td></tr>`,
          )
          .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th></th><th class="num">Now</th><th class="num">Before</th><th class="num">Change</th></tr></thead><tbody>${body}</tbody></table>`;
}

function renderIncidentTable(c: ReportContent): string {
  if (c.incidents.length === 0) return '<p>No incident was verified in this period.</p>';
  const rows = c.incidents.map((i) => {
    const where = `${i.lat.toFixed(4)}, ${i.lon.toFixed(4)}${i.zoneName ? ` · ${esc(i.zoneName)}` : ''}`;
    const evidence = [
      `${i.evidence.detections} detection${i.evidence.detections === 1 ? '' : 's'}`,
      `${i.evidence.fieldReports} field report${i.evidence.fieldReports === 1 ? '' : 's'}`,
      `${i.evidence.tracks} track${i.evidence.tracks === 1 ? '' : 's'}${i.evidence.trackKinds.length ? ` (${esc(i.evidence.trackKinds.join(', '))})` : ''}`,
    ].join(', ');
    return `<tr><td>${i.n}</td><td>${esc(new Date(i.startMs).toISOString().slice(0, 16).replace('T', ' '))}</td><td>${where}</td><td>${esc(i.kindLabel)}</td><td>${esc(i.confidence ?? '—')}</td><td>${esc(i.title)}<br><small>${esc(i.id)} · ${evidence}</small></td></tr>`;
  });
  return `<table><thead><tr><th>#</th><th>Start (UTC)</th><th>Where (lat, lon)</th><th>Kind</th><th>Confidence</th><th>Title and evidence</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
<p class="meta">The mission's staff open each incident's evidence at /incidents.html?id=ID on the mission's server.</p>`;
}

function renderSigning(c: ReportContent, s: ReportSigningFacts | null): string {
  const head = `Audit log head when built: entry ${c.auditHead.seq}, <code>${esc(c.auditHead.hash)}</code>.`;
  if (s === null) return `<p>Preview: not published and not signed. ${head}</p>`;
  return `<p>Signed with the mission key <code>${esc(s.keyId)}</code> at ${esc(s.signedAt)}. The signed report (JSON) has SHA-256 <code>${esc(s.payloadSha256)}</code>. ${head}</p>
<p>Check it: <code>truceline report verify FILE --server URL</code>, the Verify panel of the mission's web app, or OpenSSL as the mission's documentation shows (docs/signed-reports.md). This page itself is a rendering; the signed files are the record.</p>`;
}

function formatDelta(d: number): string {
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0';
}
