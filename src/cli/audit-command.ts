/**
 * `truceline audit verify | list`: check the audit log's hash chain
 * (src/incidents/audit-chain.ts, docs/audit.md) in a data directory, or
 * print its entries. The chain is read through the Store a page at a time, so
 * memory stays bounded however long the log. The store is opened without the
 * observation log (`observationLog: false`), so it runs beside a live `serve`.
 */
import { parseArgs } from 'node:util';
import { AuditChainVerifier } from '../incidents/audit-chain.js';
import type { Store } from '../store/store.js';
import { parseIntFlag, requireStoreDir, UsageError } from './args.js';

export const AUDIT_HELP = `Usage: truceline audit verify [--data DIR] [--head HASH]
       truceline audit list [--data DIR] [--after SEQ] [--limit N]

The audit log records every change to an agreement, incident, user or token;
each entry holds the SHA-256 of the one before it (docs/audit.md has the
recipe, and how to check it without Truceline).

verify  walks the whole chain and prints "ok: N entries, head HASH" (exit 0),
        or "broken at entry #SEQ: WHY" for the first entry that does not hold
        (exit 1): edited, deleted, inserted or moved.
list    prints entries as JSON Lines, oldest first.

Options:
  --data DIR     data directory of "truceline serve" (env TRUCELINE_DATA;
                 default ./data); fine while the server runs
  --head HASH    verify: also require this hash to be in the chain, e.g. a
                 head published earlier; without it, entries removed from the
                 end of the log cannot be noticed
  --after SEQ    list: only entries after this seq (default 0)
  --limit N      list: at most N entries (default all)
  -h, --help     show this help

Exit codes: 0 ok, 1 chain broken, 2 usage error.
`;

/** Entries read per page. */
const PAGE = 1000;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function runAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(AUDIT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'verify' && sub !== 'list') {
    throw new UsageError(`unknown subcommand "${sub}": expected verify or list`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      head: { type: 'string' },
      after: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(AUDIT_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const only = (flag: 'head' | 'after' | 'limit', cmd: string) => {
    if (values[flag] !== undefined && sub !== cmd) {
      throw new UsageError(`--${flag} is for "audit ${cmd}"`);
    }
  };
  only('head', 'verify');
  only('after', 'list');
  only('limit', 'list');
  const head = values.head?.toLowerCase();
  if (head !== undefined && !SHA256_HEX.test(head)) {
    throw new UsageError(`--head: expected 64 hex digits (a SHA-256), got "${values.head}"`);
  }
  const afterSeq = parseIntFlag('after', values.after, 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = parseIntFlag('limit', values.limit, Infinity, 1, Number.MAX_SAFE_INTEGER);

  const dir = values.data ?? process.env.TRUCELINE_DATA ?? 'data';
  requireStoreDir('--data', dir, 'give the data directory of "truceline serve"');
  const { openSqliteStore } = await import('../store/index.js');
  const store = openSqliteStore({ dir, observationLog: false });
  try {
    return sub === 'verify' ? await verify(store, head) : await list(store, afterSeq, limit);
  } finally {
    await store.close();
  }
}

async function verify(store: Store, anchor: string | undefined): Promise<number> {
  const verifier = new AuditChainVerifier();
  let anchorSeq: number | undefined;
  let after = 0;
  for (;;) {
    const page = await store.listAudit({ afterSeq: after, limit: PAGE });
    for (const e of page) {
      const broken = verifier.push(e);
      if (broken !== undefined) {
        const held = verifier.result().count;
        process.stderr.write(
          `broken at entry #${broken.seq}: ${broken.reason}\n` +
            `(${held} ${held === 1 ? 'entry holds' : 'entries hold'} before it)\n`,
        );
        return 1;
      }
      if (e.hash === anchor) anchorSeq = e.seq;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  const { count, head } = verifier.result();
  if (anchor !== undefined && anchorSeq === undefined) {
    process.stderr.write(
      `broken: head ${anchor} is not in the chain (${count} entries, head ${head.hash}): ` +
        'entries were removed from the end, or the chain was rewritten\n',
    );
    return 1;
  }
  const anchored = anchorSeq === undefined ? '' : ` (contains #${anchorSeq}, the --head given)`;
  process.stdout.write(`ok: ${count} entries, head ${head.hash}${anchored}\n`);
  return 0;
}

async function list(store: Store, afterSeq: number, limit: number): Promise<number> {
  let after = afterSeq;
  let left = limit;
  while (left > 0) {
    const page = await store.listAudit({ afterSeq: after, limit: Math.min(PAGE, left) });
    if (page.length > 0) {
      process.stdout.write(`${page.map((e) => JSON.stringify(e)).join('\n')}\n`);
    }
    if (page.length < Math.min(PAGE, left)) break;
    left -= page.length;
    after = page[page.length - 1]!.seq;
  }
  return 0;
}
