/** `bin/truceline serve` failing to start, as a user sees it (needs `npm run build`). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/truceline', import.meta.url).pathname;
const BUILT = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

describe.runIf(BUILT)('bin/truceline serve at startup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'truceline-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one line that its port is taken, and ends with exit code 1', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const r = spawnSync(
        BIN,
        ['serve', '--no-sim', '--host', '127.0.0.1', '--port', String(port), '--data', dir],
        { encoding: 'utf8', timeout: 10_000 },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `truceline serve: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`,
      );
    } finally {
      taken.close();
    }
  });
});
