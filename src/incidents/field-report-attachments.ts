/**
 * Photo bytes on disk: recognised by their magic bytes, named by their
 * SHA-256, and made durable before anyone is told they are kept.
 *
 * A photo is written to a temporary file beside its final place, fsynced,
 * renamed into place and the directory fsynced: after `write` resolves, a
 * crash (kill -9 or power cut) leaves either the whole file under its hash
 * or nothing under that name. The service records the metadata row only
 * after that, so a row never names a missing file. A crash between the
 * rename and the row leaves a file nobody refers to, which costs disk and
 * nothing else; an interrupted write leaves a `*.tmp` file that may be
 * deleted.
 *
 * Content addressing also means the same photo attached twice is kept once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AttachmentMediaType } from './field-report-types.js';

/** The magic bytes of each accepted type (JPEG SOI + marker, PNG signature, RIFF…WEBP). */
export function sniffImageType(bytes: Uint8Array): AttachmentMediaType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  if (startsWith(bytes, PNG_SIGNATURE, 0)) return 'image/png';
  if (startsWith(bytes, RIFF, 0) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return undefined;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

function startsWith(bytes: Uint8Array, magic: readonly number[], at: number): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The attachment files under one directory, `<dir>/<first 2 hex>/<sha256>`. */
export class AttachmentFiles {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new TypeError(`attachment file: expected a lowercase hex SHA-256, got ${sha256}`);
    }
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Writes the bytes durably under their hash (once), and returns the hash. */
  async write(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256OfBytes(bytes);
    const finalPath = this.pathOf(sha256);
    const subDir = join(this.dir, sha256.slice(0, 2));
    if ((await mkdir(subDir, { recursive: true })) !== undefined) {
      // New directories' own entries must be durable too, up to the data directory.
      await syncDirectory(this.dir);
      await syncDirectory(dirname(this.dir));
    }
    if (await hasSize(finalPath, bytes.length)) return sha256;
    const tmpPath = join(subDir, `${sha256}.${randomUUID()}.tmp`);
    const file = await open(tmpPath, 'wx', 0o640);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (err) {
      await file.close();
      await rm(tmpPath, { force: true });
      throw err;
    }
    await file.close();
    await rename(tmpPath, finalPath);
    await syncDirectory(subDir);
    return sha256;
  }

  openRead(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}

async function hasSize(path: string, bytes: number): Promise<boolean> {
  try {
    return (await stat(path)).size === bytes;
  } catch {
    return false;
  }
}

/** The rename itself is durable only once the directory entry is on disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
