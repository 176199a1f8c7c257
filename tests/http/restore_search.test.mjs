// restore_search.test.mjs — backups leave the search index out (it is
// derived data); restoring one must rebuild it, so that search finds after
// a restore what it found before, on either backend.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, freshDb, dropDb, startServer, ROOT, T } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'fabrique-restore-'));
const dbs = [];
after(() => { rmSync(dir, { recursive: true, force: true }); for (const d of dbs) dropDb(d); });
const fab = (args) => runCli(args, { cleanEnv: true, cwd: dir, timeout: 60000 });

async function hits(db, q) {
  const s = await startServer({ db });
  try {
    const r = await fetch(`${s.url}/api/v1/cycles/ruptures/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    const j = await r.json();
    return j.results.map((x) => `${x.kind}:${x.uid}`).sort();
  } finally {
    await s.stop();
  }
}

test('a restored database searches like the original', T, async () => {
  const src = freshDb(); dbs.push(src);
  const dst = freshDb(); dbs.push(dst);
  let r = await fab(['import', join(ROOT, 'data', 'demo', 'ruptures.json'), '--db', src]);
  assert.equal(r.code, 0, r.stderr);
  const before = await hits(src, 'reseau');
  assert.ok(before.length >= 3, `the demo cycle has hits for "reseau": ${before}`);
  assert.ok(before.some((h) => h.startsWith('scenario:')) && before.some((h) => h.startsWith('item:')));
  const file = join(dir, 'backup.db');
  r = await fab(['backup', file, '--db', src]);
  assert.equal(r.code, 0, r.stderr);
  r = await fab(['init', '--db', dst]);
  assert.equal(r.code, 0, r.stderr);
  r = await fab(['restore', file, '--db', dst]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await hits(dst, 'reseau'), before);
  assert.deepEqual(await hits(dst, 'zzzqqq'), []);
});
