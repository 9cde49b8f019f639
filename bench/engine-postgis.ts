/**
 * The PostGIS peer of workload Z: a private PostgreSQL + PostGIS cluster
 * initdb'd in a temp dir on 127.0.0.1 and a free port, zones and points
 * loaded with COPY, GiST indexes on both, one counting join timed by psql's
 * \timing (median of 3 after a warm-up); stopped and deleted afterwards.
 * Needs Debian's postgresql and postgis packages; returns a reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import type { Zone } from '../src/core/types.js';

/** Debian's server binaries: PATH first, then /usr/lib/postgresql/<newest>/bin. */
function findPgBin(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') {
    const real = spawnSync('readlink', ['-f', which.stdout.trim()], { encoding: 'utf8' });
    return join(real.stdout.trim(), '..');
  }
  for (const v of ['17', '16', '15', '14', '13']) {
    if (existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)) return `/usr/lib/postgresql/${v}/bin`;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/**
 * PostGIS peer: a private cluster in a temp dir on 127.0.0.1, zones and
 * points loaded with COPY, GiST indexes on both, then one counting join,
 * timed by psql's \timing (median of 3 after a warm-up). Returns a reason
 * string when PostgreSQL or PostGIS is not installed. Runs as the postgres
 * user when we are root (initdb refuses root). Stopped and deleted after.
 */
export async function runPostgisCount(
  zones: readonly Zone[],
  xs: Float64Array,
  ys: Float64Array,
): Promise<{ hits: number; s: number } | string> {
  const bin = findPgBin();
  if (bin === null) return 'pg_ctl/initdb not found (apt-get install postgresql postgis)';
  const share = spawnSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' });
  if (share.status !== 0 || !existsSync(join(share.stdout.trim(), 'extension/postgis.control'))) {
    return 'the postgis extension is not installed (apt-get install postgis)';
  }
  const root = process.getuid?.() === 0;
  const as = (cmd: string, args: string[], input?: string) => {
    const full = root ? ['-u', 'postgres', '--', cmd, ...args] : args;
    const r = spawnSync(root ? 'runuser' : cmd, full, {
      input,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const dir = mkdtempSync(join(tmpdir(), 'truceline-pg-'));
  if (root) spawnSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const psql = (sql: string, input?: string) =>
    as(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-X',
        '-q',
        '-At',
        '-v',
        'ON_ERROR_STOP=1',
        ...(input === undefined ? ['-f', '-'] : ['-c', sql]),
      ],
      input ?? sql,
    );
  let started = false;
  try {
    as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8'], undefined);
    // One core like the others: no parallel workers; memory enough to sort.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_parallel_workers_per_gather=0 -c shared_buffers=256MB -c work_mem=64MB -c fsync=off`;
    as(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
    started = true;
    psql(`CREATE EXTENSION postgis;
      CREATE TABLE zones (id int PRIMARY KEY, geom geometry(Polygon, 4326));
      CREATE TABLE pts (id int PRIMARY KEY, geom geometry(Point, 4326));`);
    const zl: string[] = [];
    for (let z = 0; z < zones.length; z++) {
      const ring = (zones[z]!.geometry as Polygon).coordinates[0]!;
      zl.push(`${z}\tSRID=4326;POLYGON((${ring.map((p) => `${p[0]} ${p[1]}`).join(',')}))`);
    }
    psql('COPY zones (id, geom) FROM STDIN', `${zl.join('\n')}\n`);
    const pl: string[] = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) pl[i] = `${i}\tSRID=4326;POINT(${xs[i]} ${ys[i]})`;
    psql('COPY pts (id, geom) FROM STDIN', `${pl.join('\n')}\n`);
    psql(`CREATE INDEX zones_geom ON zones USING GIST (geom);
      CREATE INDEX pts_geom ON pts USING GIST (geom);
      VACUUM ANALYZE zones; VACUUM ANALYZE pts;`);
    const q = 'SELECT count(*) FROM pts JOIN zones ON ST_Contains(zones.geom, pts.geom);';
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < 4; r++) {
      const out = psql(`\\timing on\n${q}\n`);
      hits = Number(out.split('\n')[0]);
      const ms = /Time: ([\d.]+) ms/.exec(out);
      if (ms === null) throw new Error(`psql gave no timing: ${out}`);
      if (r > 0) times.push(Number(ms[1]) / 1000);
    }
    return { hits, s: times.sort((a, b) => a - b)[1]! };
  } finally {
    if (started) as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
}
