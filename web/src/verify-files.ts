/**
 * The files a visitor chose, sorted into what to check: envelopes, and files
 * paired with their detached signatures by name (`report.csv` with
 * `report.csv.sig.json`, as `truceline report verify` finds them). The file
 * name is not signed, so a renamed download still pairs when it and one
 * signature are the only two left. Each check ends in a verdict; nothing is
 * sent anywhere.
 */
import {
  decodeEnvelopePayload,
  sha256Hex,
  type VerifyKey,
  type VerifyOutcome,
  verifyDetached,
  verifyEnvelope,
} from './verify-signature.js';

const SIG_SUFFIX = '.sig.json';
const DETACHED_FORMAT = 'truceline-signature/1';
const ENVELOPE_FORMAT = 'truceline-signed/1';
/** Larger files are not read into the page: the CLI checks them. */
export const MAX_FILE_BYTES = 64 << 20;
const PREVIEW_LINES = 10;
const PREVIEW_CHARS = 700;

export interface ChosenFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export type Preview =
  | { kind: 'json' | 'text'; text: string; truncated: boolean }
  | { kind: 'binary'; sizeBytes: number };

export interface FileVerdict {
  /** The file checked: the envelope, or the file a detached signature signs. */
  name: string;
  /** The detached signature's file name. */
  signatureName?: string;
  outcome: VerifyOutcome;
  /** What the signature says the payload is (not trusted unless the outcome is ok). */
  payloadType?: string;
  signedAt?: string;
  /** SHA-256 of the payload's bytes or of the file, when they were there to hash. */
  sha256?: string;
  preview?: Preview;
  /** How the pair was made when the names did not say. */
  note?: string;
}

interface Sorted {
  file: ChosenFile;
  /** The parsed JSON, undefined when it is not JSON. */
  json: unknown;
  kind: 'signature' | 'envelope' | 'other';
}

/** Reads the chosen files; a file too large is answered for without reading it. */
export async function readChosenFiles(
  files: readonly File[],
): Promise<{ read: ChosenFile[]; refused: FileVerdict[] }> {
  const read: ChosenFile[] = [];
  const refused: FileVerdict[] = [];
  for (const f of files) {
    if (f.size > MAX_FILE_BYTES) {
      refused.push({
        name: f.name,
        outcome: {
          ok: false,
          failure: 'malformed',
          reason: `${f.name} is larger than ${MAX_FILE_BYTES >> 20} MB: check it with \`truceline report verify\``,
        },
      });
    } else {
      read.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
    }
  }
  return { read, refused };
}

/** One verdict per envelope or signed file among `files`, in the order chosen. */
export async function verifyChosenFiles(
  files: readonly ChosenFile[],
  key: VerifyKey,
): Promise<FileVerdict[]> {
  const sorted = files.map(sortFile);
  const signatures = sorted.filter((s) => s.kind === 'signature');
  const partner = new Map<Sorted, Sorted>();
  for (const sig of signatures) {
    if (!sig.file.name.endsWith(SIG_SUFFIX)) continue;
    const target = sig.file.name.slice(0, -SIG_SUFFIX.length);
    const data = sorted.find((s) => s.kind !== 'signature' && s.file.name === target);
    if (data && !partner.has(data)) partner.set(data, sig);
  }
  const paired = new Set(partner.values());
  const lonelySigs = signatures.filter((s) => !paired.has(s));
  const lonelyData = sorted.filter((s) => s.kind === 'other' && !partner.has(s));
  // The one file and the one signature left: a renamed download and its signature.
  const guessed = lonelySigs.length === 1 && lonelyData.length === 1 ? lonelyData[0]! : null;
  if (guessed) {
    partner.set(guessed, lonelySigs[0]!);
    paired.add(lonelySigs[0]!);
  }

  const verdicts: FileVerdict[] = [];
  for (const s of sorted) {
    const sig = partner.get(s);
    if (sig) {
      const v = await checkPair(s.file, sig, key);
      if (s === guessed) {
        v.note = `Paired with ${sig.file.name} although the names differ (names are not signed).`;
      }
      verdicts.push(v);
    } else if (s.kind === 'signature') {
      if (!paired.has(s)) verdicts.push(lonelySignature(s.file.name));
    } else if (s.kind === 'envelope' || hasFormat(s.json)) {
      verdicts.push(await checkEnvelope(s, key));
    } else {
      verdicts.push({
        name: s.file.name,
        outcome: {
          ok: false,
          failure: 'malformed',
          reason: `no signature: ${s.file.name} is not a signed envelope, and its signature ${s.file.name}${SIG_SUFFIX} was not chosen with it`,
        },
        sha256: await sha256Hex(s.file.bytes),
        preview: previewBytes(s.file.bytes),
      });
    }
  }
  return verdicts;
}

function sortFile(file: ChosenFile): Sorted {
  const json = parseJson(file.bytes);
  const format = hasFormat(json) ? json.format : undefined;
  if (file.name.endsWith(SIG_SUFFIX) || format === DETACHED_FORMAT) {
    return { file, json, kind: 'signature' };
  }
  return { file, json, kind: format === ENVELOPE_FORMAT ? 'envelope' : 'other' };
}

async function checkPair(data: ChosenFile, sig: Sorted, key: VerifyKey): Promise<FileVerdict> {
  const base = {
    name: data.name,
    signatureName: sig.file.name,
    sha256: await sha256Hex(data.bytes),
    preview: previewBytes(data.bytes),
  };
  if (sig.json === undefined) {
    return {
      ...base,
      outcome: {
        ok: false,
        failure: 'malformed',
        reason: `malformed: ${sig.file.name} is not JSON`,
      },
    };
  }
  return { ...base, ...claims(sig.json), outcome: await verifyDetached(sig.json, data.bytes, key) };
}

async function checkEnvelope(s: Sorted, key: VerifyKey): Promise<FileVerdict> {
  const outcome = await verifyEnvelope(s.json, key);
  const doc = s.json as { payloadEncoding?: unknown; payload?: unknown };
  const bytes = decodeEnvelopePayload(doc);
  let preview: Preview | undefined;
  if (bytes) preview = previewBytes(bytes);
  else if (doc.payloadEncoding === 'json' && doc.payload !== undefined) {
    preview = previewText('json', JSON.stringify(doc.payload, null, 2));
  }
  return {
    name: s.file.name,
    outcome,
    ...claims(s.json),
    sha256: outcome.ok ? outcome.sha256 : undefined,
    preview,
  };
}

function lonelySignature(name: string): FileVerdict {
  const target = name.endsWith(SIG_SUFFIX) ? name.slice(0, -SIG_SUFFIX.length) : 'the signed file';
  return {
    name,
    signatureName: name,
    outcome: {
      ok: false,
      failure: 'malformed',
      reason: `no file to check: ${name} is a detached signature; choose ${target} together with it`,
    },
  };
}

/** The type and time a document claims, when they are strings. */
function claims(doc: unknown): { payloadType?: string; signedAt?: string } {
  const d = doc as { payloadType?: unknown; signedAt?: unknown };
  return {
    payloadType: typeof d.payloadType === 'string' ? d.payloadType : undefined,
    signedAt: typeof d.signedAt === 'string' ? d.signedAt : undefined,
  };
}

function hasFormat(json: unknown): json is { format: unknown } {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && 'format' in json;
}

function parseJson(bytes: Uint8Array<ArrayBuffer>): unknown {
  const text = decodeUtf8(bytes);
  if (text === null || !/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Text for UTF-8 without control characters other than tabs and line ends; else its size. */
function previewBytes(bytes: Uint8Array<ArrayBuffer>): Preview {
  const text = decodeUtf8(bytes);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point.
  if (text === null || /[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    return { kind: 'binary', sizeBytes: bytes.length };
  }
  return previewText('text', text);
}

function previewText(kind: 'json' | 'text', text: string): Preview {
  const lines = text.split('\n');
  let shown = lines.slice(0, PREVIEW_LINES).join('\n');
  if (shown.length > PREVIEW_CHARS) shown = shown.slice(0, PREVIEW_CHARS);
  return { kind, text: shown, truncated: shown.length < text.length };
}

function decodeUtf8(bytes: Uint8Array<ArrayBuffer>): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
