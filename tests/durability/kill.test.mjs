// kill.test.mjs — durability: an acknowledged write survives SIGKILL under
// load, the database passes `fabrique check` afterwards, and `fabrique
// backup` taken under load restores into a consistent database.
//
// The writes are personal API tokens (POST /api/v1/tokens): each success is a
// 201 carrying the new row's id. Every request gets a unique name, so after
// the restart we can tell acknowledged rows, rows whose answer was lost with
// the server, and rows that should not exist at all.
//
// Nothing here measures time: the load runs "about two seconds", then goes on
// until enough writes were acknowledged for the test to mean something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freshDb, dropDb, addUser, Client, runCli, BACKEND } from '../lib/server.mjs';

const WORKERS = 16;
const LOAD_MS = 2000;       // how long to write before acting (kill, backup)
const MIN_ACKED = 100;      // ... and at least this many acknowledged writes
const GIVE_UP_MS = 60000;   // a server this slow is a failure, not a wait

/** One HTTP request on a keep-alive agent; resolves {status, body} only once
 *  the whole answer arrived, rejects when the connection fails. */
function request(agent, base, method, path, { bearer, json } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, base);
    const headers = {};
    let body;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json));
      headers['content-type'] = 'application/json';
      headers['content-length'] = body.length;
    }
    const req = http.request({ agent, host: u.hostname, port: u.port, method, path: u.pathname, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (!res.complete) { reject(new Error('answer cut short')); return; }
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() });
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('answer aborted')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Signs email in with the web form and creates an API token through the
 *  JSON API with the session cookie and X-CSRF-Token; returns {id, token}. */
async function tokenFor(url, email, password, name) {
  const c = new Client(url);
  await c.login(email, password);
  const r = await c.api('POST', '/api/v1/tokens', { name });
  assert.equal(r.status, 201, `token creation answered ${r.status}: ${r.text_}`);
  assert.match(r.json_.token, /^fab_/);
  return { id: r.json_.id, token: r.json_.token };
}

/**
 * Starts WORKERS loops that create tokens as fast as they can with bearer.
 * Every request name is recorded in exactly one bucket:
 *   acked     id -> name, answered 201
 *   refused   name -> status, answered with anything else
 *   lost      names that got no (complete) answer
 */
function startLoad(url, bearer, prefix, workers = WORKERS) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const st = { acked: new Map(), refused: new Map(), lost: new Set(), errors: [], stop: false };
  const worker = async (w) => {
    for (let seq = 0; !st.stop; seq++) {
      const name = `${prefix}-w${w}-${seq}`;
      try {
        const r = await request(agent, url, 'POST', '/api/v1/tokens', { bearer, json: { name } });
        if (r.status === 201) {
          const j = JSON.parse(r.body);
          assert.equal(j.name, name, `201 for ${name} named another token: ${r.body}`);
          assert.ok(Number.isInteger(j.id), `201 without an integer id: ${r.body}`);
          assert.ok(!st.acked.has(j.id), `id ${j.id} acknowledged twice`);
          st.acked.set(j.id, name);
        } else {
          st.refused.set(name, `${r.status} ${r.body.trim().slice(0, 200)}`);
        }
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        st.lost.add(name);
        st.errors.push(String(e && e.code || e));
        // A connection that failed while the server is up is a server
        // problem; a dead server ends this worker (no reconnect storm).
        if (st.stop || st.dead) return;
        await sleep(10);
      }
    }
  };
  st.done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  st.finish = async () => { st.stop = true; await st.done; agent.destroy(); };
  return st;
}

/** A write may be refused under load only with 503 "try again" (which must
 *  then have changed nothing); any other refusal is a bug. */
function assertOnlyBusy(st) {
  const other = [...st.refused.values()].filter((v) => !v.startsWith('503 '));
  assert.deepEqual(other, [], 'writes refused under load with something else than 503');
}

/** Waits until the load ran LOAD_MS and at least min writes were acknowledged. */
async function waitForLoad(st, min = MIN_ACKED, ms = LOAD_MS) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms || st.acked.size < min) {
    if (Date.now() - t0 > GIVE_UP_MS) break;
    await sleep(50);
  }
  assert.ok(st.acked.size >= min,
    `only ${st.acked.size} writes acknowledged under load (refused ${st.refused.size}, lost ${st.lost.size}: ${st.errors.slice(0, 5).join(', ')})`);
}

/** The tokens of the bearer's user, as a Map id -> name. */
async function listTokens(url, bearer) {
  const agent = new http.Agent({ keepAlive: false });
  const r = await request(agent, url, 'GET', '/api/v1/tokens', { bearer });
  assert.equal(r.status, 200, `GET /api/v1/tokens answered ${r.status}: ${r.body}`);
  const m = new Map();
  for (const t of JSON.parse(r.body).tokens) m.set(t.id, t.name);
  return m;
}

async function assertCheckOk(db, what) {
  const r = await runCli(['check', '--db', db]);
  assert.equal(r.code, 0, `fabrique check on ${what} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /^ok$/m, `fabrique check on ${what} did not print ok:\n${r.stdout}`);
}

test(`SIGKILL under load loses no acknowledged write (${BACKEND})`, { timeout: 180000 }, async (t) => {
  const db = freshDb();
  const email = 'writer@example.org';
  let srv = await startServer({ db });
  try {
    const password = await addUser(db, email, { name: 'Writer' });
    const master = await tokenFor(srv.url, email, password, 'load master');

    const st = startLoad(srv.url, master.token, 'kill');
    await waitForLoad(st);
    // Until now nothing should have failed: the server was up.
    const lostBefore = st.lost.size;
    const errorsBefore = st.errors.slice(0, 5);
    st.dead = true;
    const how = await srv.kill();
    assert.equal(how.signal, 'SIGKILL', `server ended by ${JSON.stringify(how)}, not by our SIGKILL`);
    await st.finish();
    assertOnlyBusy(st);
    assert.equal(lostBefore, 0, `connections failed while the server was up: ${errorsBefore.join(', ')}`);

    srv = await startServer({ db });
    const listed = await listTokens(srv.url, master.token);

    // Every acknowledged write is there, under its own id and name.
    const missing = [];
    for (const [id, name] of st.acked) {
      if (listed.get(id) !== name) missing.push(`${id}=${name} (found ${listed.get(id)})`);
    }
    assert.deepEqual(missing, [], `${missing.length} of ${st.acked.size} acknowledged writes are missing after SIGKILL`);

    // Nothing else is: only the master token and writes whose answer died
    // with the server (at most one per connection) may be present.
    assert.equal(listed.get(master.id), 'load master');
    const ackedNames = new Set(st.acked.values());
    const extra = [];
    for (const [id, name] of listed) {
      if (id === master.id || ackedNames.has(name)) continue;
      assert.ok(st.lost.has(name), `token ${id}=${name} exists but was ${st.refused.has(name) ? 'refused: ' + st.refused.get(name) : 'never sent'}`);
      extra.push(name);
    }
    assert.ok(extra.length <= WORKERS, `${extra.length} unanswered writes were kept, more than ${WORKERS} in flight`);
    assert.equal(listed.size, 1 + st.acked.size + extra.length);
    t.diagnostic(`${st.acked.size} acknowledged, all present; ${st.refused.size} refused with 503; ` +
      `${st.lost.size} unanswered at the kill, ${extra.length} of them kept`);
    assert.ok(st.lost.size <= WORKERS, `${st.lost.size} requests lost, but only ${WORKERS} were in flight`);

    const stopped = await srv.stop();
    assert.equal(stopped.code, 0, `server stopped with ${JSON.stringify(stopped)}`);
    await assertCheckOk(db, 'the database after SIGKILL');
  } finally {
    await srv.kill();
    dropDb(db);
  }
});

/** Runs fn(i) for i in [0, n) with at most width at once. */
async function pool(n, width, fn) {
  let next = 0;
  const run = async () => { while (next < n) await fn(next++); };
  await Promise.all(Array.from({ length: width }, run));
}

/**
 * Checks a copy of the database (a backup file or the restored database)
 * served at url against what the clients saw around the backup:
 *  - every token acknowledged before the backup began is there, and only
 *    tokens that were acknowledged (by the end of the load) are;
 *  - every doomed user is there with its own token, or absent with its token:
 *    a user whose token is missing means the tables were not copied from one
 *    snapshot (the user's deletion, which cascades, fell between two tables);
 *  - users whose deletion was acknowledged before the backup began are gone.
 */
async function verifyCopy(url, what, bk, { master, acked, doomed }) {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const listed = await listTokens(url, master.token);
    for (const [id, name] of bk.ackedBefore) {
      assert.equal(listed.get(id), name, `${what}: token ${id}=${name}, acknowledged before the backup, is missing`);
    }
    for (const [id, name] of listed) {
      if (id === master.id) continue;
      assert.equal(acked.get(id), name, `${what}: token ${id}=${name} was never acknowledged`);
    }
    assert.ok(listed.size - 1 <= bk.ackedAfter + WORKERS,
      `${what}: ${listed.size - 1} tokens, but only ${bk.ackedAfter} were acknowledged when the backup ended`);

    const ul = await request(agent, url, 'GET', '/api/v1/users', { bearer: master.token });
    assert.equal(ul.status, 200, `${what}: GET /api/v1/users answered ${ul.status}: ${ul.body}`);
    const users = new Map(JSON.parse(ul.body).users.map((u) => [u.email, u.id]));
    let present = 0;
    for (const p of doomed) {
      const me = await request(agent, url, 'GET', '/api/v1/me', { bearer: p.token });
      assert.ok(me.status === 200 || me.status === 401, `${what}: GET /api/v1/me answered ${me.status}: ${me.body}`);
      if (me.status === 200) {
        const j = JSON.parse(me.body);
        assert.equal(j.email, p.email, `${what}: ${p.email}'s token names ${j.email}`);
        assert.equal(j.id, p.id);
      }
      const hasUser = users.has(p.email);
      assert.equal(me.status === 200, hasUser,
        `${what}: ${p.email} is ${hasUser ? 'there without' : 'gone but not'} its token — not one snapshot`);
      if (bk.deletedBefore.has(p.id)) assert.ok(!hasUser, `${what}: ${p.email} was deleted before the backup began`);
      if (hasUser) present++;
    }
    return { tokens: listed.size - 1, present };
  } finally {
    agent.destroy();
  }
}

// The backup test: token writers keep going while the doomed users are
// deleted one by one and backups are taken back to back. Each backup file
// and the restored database must pass `fabrique check` and show one moment:
// all that was acknowledged before the backup began, nothing that was never
// acknowledged, and each doomed user with its token or neither. A backup
// that copied its tables outside one snapshot fails that last rule only when
// a deletion lands between two tables, so catching it is a matter of chance
// on each run (about two runs in three, measured), never a false alarm; few
// writers and a short warm-up keep each backup short, which helps.
const DOOMED = 100;
const BACKUP_WRITERS = 4;

test(`backup under load restores into a consistent database (${BACKEND})`, { timeout: 300000 }, async (t) => {
  const db = freshDb();
  const restored = freshDb();
  const dir = mkdtempSync(join(tmpdir(), 'fabrique-backup-'));
  const admin = 'admin@example.org';
  let srv = await startServer({ db });
  let srv2;
  try {
    const password = await addUser(db, admin, { admin: true, name: 'Admin' });
    const master = await tokenFor(srv.url, admin, password, 'load master');
    const adminWeb = new Client(srv.url);
    await adminWeb.login(admin, password);

    // Users to delete while backups run, each with a session and a token:
    // deleting one removes rows of three tables in one transaction.
    const doomed = [];
    const setup = new http.Agent({ keepAlive: true });
    await pool(DOOMED, 2, async (i) => {
      const email = `doomed${i}@example.org`;
      const r = await request(setup, srv.url, 'POST', '/api/v1/users', {
        bearer: master.token, json: { email, name: `Doomed ${i}`, password: 'doomed password 1' },
      });
      assert.equal(r.status, 201, `user creation answered ${r.status}: ${r.body}`);
      const tk = await tokenFor(srv.url, email, 'doomed password 1', `own ${i}`);
      doomed.push({ email, id: JSON.parse(r.body).id, token: tk.token });
    });
    setup.destroy();

    const st = startLoad(srv.url, master.token, 'bak', BACKUP_WRITERS);
    await waitForLoad(st, 50, 200);

    // Delete the doomed users through the admin page, as fast as two
    // clients can, while backups are taken one after the other, all under
    // the token load.
    const queue = doomed.slice();
    const deleted = new Set();
    let deleteError;
    const deleter = async () => {
      while (queue.length) {
        const p = queue.shift();
        const r = await adminWeb.post(`/admin/users/${p.id}/delete`);
        assert.equal(r.status, 303, `deleting ${p.email} answered ${r.status}: ${r.text_.slice(0, 200)}`);
        deleted.add(p.id);
      }
    };
    const deleters = Promise.all([deleter(), deleter()]).catch((e) => { deleteError = e; queue.length = 0; });
    const backups = [];
    while (deleted.size < DOOMED) {
      if (deleteError) throw deleteError;
      assert.ok(backups.length < 100, 'the deletions do not progress');
      const file = join(dir, `backup-${backups.length}.db`);
      const bk = { file, ackedBefore: new Map(st.acked), deletedBefore: new Set(deleted) };
      const b = await runCli(['backup', '--db', db, file]);
      assert.equal(b.code, 0, `fabrique backup under load exited ${b.code}:\n${b.stdout}${b.stderr}`);
      assert.match(b.stdout, /backup written/);
      bk.ackedAfter = st.acked.size;
      backups.push(bk);
    }
    await deleters;
    if (deleteError) throw deleteError;
    // One more with the deletions done and the writers still going.
    const last = { file: join(dir, 'backup-last.db'), ackedBefore: new Map(st.acked), deletedBefore: new Set(deleted) };
    const b = await runCli(['backup', '--db', db, last.file]);
    assert.equal(b.code, 0, `fabrique backup under load exited ${b.code}:\n${b.stdout}${b.stderr}`);
    last.ackedAfter = st.acked.size;
    backups.push(last);
    await st.finish();

    assertOnlyBusy(st);
    assert.equal(st.lost.size, 0, `connections failed under load: ${st.errors.slice(0, 5).join(', ')}`);
    assert.equal(deleted.size, DOOMED);
    assert.ok(st.acked.size > last.ackedBefore.size || backups.length > 2, 'the load did not go on during the backups');
    const stopped = await srv.stop();
    assert.equal(stopped.code, 0, `server stopped with ${JSON.stringify(stopped)}`);

    // Restore one taken while users were being deleted (or the last one)
    // into a fresh database of the backend under test.
    const pick = backups.length > 1 ? backups[Math.floor((backups.length - 2) / 2)] : last;
    const rr = await runCli(['restore', '--db', restored, pick.file]);
    assert.equal(rr.code, 0, `fabrique restore exited ${rr.code}:\n${rr.stdout}${rr.stderr}`);
    await assertCheckOk(restored, 'the restored database');
    const ctx = { master, acked: st.acked, doomed };
    srv2 = await startServer({ db: restored });
    const rv = await verifyCopy(srv2.url, 'the restored database', pick, ctx);
    const s2 = await srv2.stop();
    assert.equal(s2.code, 0);

    // Every backup file is a SQLite database that passes the check
    // (integrity and foreign keys) and holds one moment of the database.
    const partial = [];
    for (const [k, bk] of backups.entries()) {
      await assertCheckOk(`sqlite:${bk.file}`, `backup ${k}`);
      srv2 = await startServer({ db: `sqlite:${bk.file}` });
      const v = await verifyCopy(srv2.url, `backup ${k}`, bk, ctx);
      await srv2.stop();
      if (v.present > 0 && v.present < DOOMED) partial.push(v.present);
    }
    assert.equal(backups.at(-1) === last, true);
    t.diagnostic(`${backups.length} backups under load; ${st.acked.size} tokens acknowledged; ` +
      `restored copy: ${rv.tokens} tokens, ${rv.present}/${DOOMED} doomed users; ` +
      `${partial.length} backups caught deletions half-way (${partial.join(' ')} users left)`);
  } finally {
    await srv.kill();
    if (srv2) await srv2.kill();
    dropDb(db);
    dropDb(restored);
    rmSync(dir, { recursive: true, force: true });
  }
});
