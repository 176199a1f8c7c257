// cli.test.mjs — the fabrique command line: where each setting comes from
// (flag over FABRIQUE_* variable over --config file over default), accounts,
// check, backup and restore, version, help and --help on every command, and
// a message with a non-zero exit for bad arguments.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  runCli, freshDb, dropDb, startServer, Client, BACKEND, T } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'fabrique-cli-'));
const dbs = [];
after(() => { rmSync(dir, { recursive: true, force: true }); for (const d of dbs) dropDb(d); });
const newDb = () => { const d = freshDb(); dbs.push(d); return d; };

/** Runs fabrique with no FABRIQUE_* variable but those given, in a scratch directory. */
const fab = (args, { env = {}, input } = {}) => runCli(args, { env, input, cleanEnv: true, cwd: dir, timeout: 30000 });

/** Parses --print-config: key -> {value, source}. */
function parseConfig(out) {
  const m = new Map();
  for (const line of out.split('\n')) {
    const r = /^(\w+)\s*=\s*(.*?)\s*#\s*(.+)$/.exec(line);
    if (r) m.set(r[1], { value: r[2], source: r[3].trim() });
  }
  return m;
}

const login = async (url, email, password) => {
  const c = new Client(url);
  const r = await c.post('/login', { email, password });
  return { status: r.status, client: c };
};

test('version and --version print the version', T, async () => {
  const a = await fab(['version']);
  assert.equal(a.code, 0);
  assert.match(a.stdout, /^fabrique \d+\.\d+\.\d+/);
  const b = await fab(['--version']);
  assert.equal(b.code, 0);
  assert.equal(b.stdout, a.stdout);
});

test('help lists the commands; --help, -h and help COMMAND explain each one without running it', T, async () => {
  const h = await fab(['help']);
  assert.equal(h.code, 0);
  const listed = [...h.stdout.matchAll(/^ {2}([a-z]+)\s{2,}\S/gm)].map((m) => m[1]);
  for (const cmd of ['serve', 'init', 'demo', 'user', 'check', 'backup', 'restore', 'version', 'help']) {
    assert.ok(listed.includes(cmd), `help lists ${cmd}: ${listed.join(' ')}`);
  }
  assert.equal((await fab(['--help'])).stdout, h.stdout);
  for (const cmd of listed) {
    const a = await fab([cmd, '--help']);
    assert.equal(a.code, 0, `${cmd} --help: ${a.stderr}`);
    assert.match(a.stdout, new RegExp(`^usage: fabrique ${cmd}\\b`), `${cmd} --help`);
    assert.ok(a.stdout.split('\n').length >= 2, `${cmd} --help explains more than the usage line`);
    const b = await fab(['help', cmd]);
    assert.equal(b.code, 0);
    assert.equal(b.stdout, a.stdout, `help ${cmd} is ${cmd} --help`);
    const c = await fab([cmd, '-h']);
    assert.equal(c.stdout, a.stdout, `${cmd} -h`);
  }
  const serve = await fab(['serve', '--help']);
  for (const key of ['listen', 'db', 'threads', 'max_body', 'trust_proxy', 'session_days']) {
    assert.match(serve.stdout, new RegExp(`\\b${key}\\b`), `serve --help documents ${key}`);
  }
  // --help anywhere wins: nothing is done.
  const db = newDb();
  const add = await fab(['user', 'add', 'helped@example.org', '--db', db, '--help']);
  assert.equal(add.code, 0);
  const list = await fab(['user', 'list', '--db', db]);
  assert.equal(list.code, 0);
  assert.ok(!list.stdout.includes('helped@example.org'), 'user add --help created no account');
});

test('bad arguments exit non-zero with a message', T, async () => {
  const db = newDb();
  const cfgBad = join(dir, 'bad.conf');
  writeFileSync(cfgBad, '# comment\nthreads = 2\nno_such_setting = 1\n');
  const cfgSyntax = join(dir, 'syntax.conf');
  writeFileSync(cfgSyntax, 'threads 2\n');
  const cases = [
    [[], /usage|command/i],
    [['frobnicate'], /frobnicate/],
    [['help', 'frobnicate'], /frobnicate/],
    [['serve', '--bogus-flag'], /bogus-flag/],
    [['serve', '--db', db, '--threads'], /threads/],
    [['serve', '--db', db, '--threads', 'abc'], /threads/],
    [['serve', '--db', db, '--threads', '-1'], /threads/],
    [['serve', '--db', db, '--max-body', '12x'], /max_body|max-body/],
    [['serve', '--db', db, '--listen', 'nonsense'], /nonsense|HOST:PORT/],
    [['serve', '--db', db, '--listen', '127.0.0.1:99999'], /99999|HOST:PORT|port/i],
    [['serve', '--config', join(dir, 'missing.conf')], /missing\.conf/],
    [['serve', '--config', cfgBad, '--print-config'], /no_such_setting/],
    [['serve', '--config', cfgSyntax, '--print-config'], /syntax\.conf:1/],
    [['serve', '--db', 'mysql://nope/x'], /mysql|database|db/i],
    [['user', '--db', db], /add|list/],
    [['user', 'frobnicate', '--db', db], /frobnicate/],
    [['user', 'add', '--db', db], /EMAIL|e-mail/i],
    [['user', 'list', '--format', 'xml', '--db', db], /format/],
    [['user', 'delete', '--db', db], /EMAIL|e-mail/i],
    [['user', 'passwd', '--db', db], /EMAIL|e-mail/i],
    [['check', 'extra', '--db', db], /extra/],
    [['backup', '--db', db], /FILE|file/],
    [['restore', '--db', db], /FILE|file/],
    [['restore', 'a', 'b', '--db', db], /FILE|file/],
    [['init', '--frobnicate', '--db', db], /frobnicate/],
  ];
  for (const [args, msg] of cases) {
    const r = await fab(args);
    assert.notEqual(r.code, 0, `fabrique ${args.join(' ')} must fail`);
    assert.notEqual(r.code, null, `fabrique ${args.join(' ')} must not crash`);
    assert.match(r.stderr + r.stdout, msg, `fabrique ${args.join(' ')}: message, got ${r.stderr}`);
    assert.ok(r.stderr.trim().length > 0 || args.length === 0, `fabrique ${args.join(' ')} explains on stderr`);
  }
});

test('serve --print-config: every value with its source; flags win over FABRIQUE_* over the file over defaults', T, async () => {
  const def = await fab(['serve', '--print-config']);
  assert.equal(def.code, 0, def.stderr);
  const d = parseConfig(def.stdout);
  for (const key of ['listen', 'db', 'threads', 'max_body', 'max_header', 'timeout', 'max_connections', 'trust_proxy', 'access_log', 'session_days']) {
    assert.ok(d.has(key), `${key} is shown`);
    assert.match(d.get(key).source, /default/, `${key} comes from the defaults`);
  }

  const file = join(dir, 'fabrique.conf');
  writeFileSync(file, [
    '# a comment line, then a blank one', '',
    'threads = 7', 'max_body = 5000', 'session_days = 3   # trailing comment', 'timeout = 11', 'trust-proxy = true',
  ].join('\n'));
  const r = await fab(['serve', '--config', file, '--threads', '3', '--timeout=12', '--print-config'],
    { env: { FABRIQUE_THREADS: '5', FABRIQUE_MAX_BODY: '6000', FABRIQUE_TIMEOUT: '13' } });
  assert.equal(r.code, 0, r.stderr);
  const c = parseConfig(r.stdout);
  assert.equal(c.get('threads').value, '3', 'flag over variable over file');
  assert.match(c.get('threads').source, /flag/);
  assert.match(c.get('threads').source, /--threads/);
  assert.equal(c.get('timeout').value, '12', '--key=value is a flag too');
  assert.match(c.get('timeout').source, /flag/);
  assert.equal(c.get('max_body').value, '6000', 'variable over file');
  assert.match(c.get('max_body').source, /FABRIQUE_MAX_BODY/);
  assert.equal(c.get('session_days').value, '3', 'file over default');
  assert.ok(c.get('session_days').source.includes(file), `the file is named: ${c.get('session_days').source}`);
  assert.equal(c.get('trust_proxy').value, 'true', 'dashes and underscores are the same in the file');
  assert.match(c.get('trust_proxy').source, /file/);
  assert.equal(c.get('max_header').value, d.get('max_header').value);
  assert.match(c.get('max_header').source, /default/);
  assert.ok(c.get('config').source.includes('flag'), 'where the file was named');

  const viaEnv = await fab(['serve', '--print-config'], { env: { FABRIQUE_CONFIG: file, FABRIQUE_LISTEN: '0.0.0.0:9999' } });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  const e = parseConfig(viaEnv.stdout);
  assert.equal(e.get('threads').value, '7', 'FABRIQUE_CONFIG names the file');
  assert.match(e.get('config').source, /FABRIQUE_CONFIG/);
  assert.equal(e.get('listen').value, '0.0.0.0:9999');
  assert.match(e.get('listen').source, /FABRIQUE_LISTEN/);
  assert.ok(!existsSync(join(dir, 'fabrique.db')), '--print-config opens no database');
});

test('demo --print-config uses a temporary database unless one is named', T, async () => {
  const r = await fab(['demo', '--print-config']);
  assert.equal(r.code, 0, r.stderr);
  const c = parseConfig(r.stdout);
  assert.notEqual(c.get('db').value, 'sqlite:fabrique.db');
  assert.doesNotMatch(c.get('db').source, /^default$/);
  const named = parseConfig((await fab(['demo', '--print-config', '--db', 'sqlite:/tmp/x.db'])).stdout);
  assert.equal(named.get('db').value, 'sqlite:/tmp/x.db');
});

test('user add, list, passwd and delete', T, async () => {
  const db = newDb();
  const a = await fab(['user', 'add', 'alice@example.org', '--name', 'Alice Example', '--password-stdin', '--db', db],
    { input: 'alice secret 123\n' });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /alice@example\.org/);
  const b = await fab(['user', 'add', 'Bob@Example.org', '--admin', '--db', db]);
  assert.equal(b.code, 0, b.stderr);
  const gen = /password:\s*(\S+)/.exec(b.stdout);
  assert.ok(gen && gen[1].length >= 10, `a generated password is printed: ${b.stdout}`);
  const carol = await fab(['user', 'add', 'carol@example.org', '--password-stdin', '--db', db], { input: 'carol secret 123\n' });
  assert.equal(carol.code, 0);

  const bad = [
    [['user', 'add', 'alice@example.org', '--password-stdin', '--db', db], 'another secret 1\n', 'an e-mail already used'],
    [['user', 'add', 'ALICE@example.org', '--password-stdin', '--db', db], 'another secret 1\n', 'the same e-mail in capitals'],
    [['user', 'add', 'not-an-email', '--password-stdin', '--db', db], 'another secret 1\n', 'an invalid e-mail'],
    [['user', 'add', 'short@example.org', '--password-stdin', '--db', db], 'short\n', 'a short password'],
    [['user', 'add', 'empty@example.org', '--password-stdin', '--db', db], '', 'no password on stdin'],
  ];
  for (const [args, input, what] of bad) {
    const r = await fab(args, { input });
    assert.notEqual(r.code, 0, what);
    assert.ok(r.stderr.trim().length > 5, `${what}: a message`);
  }

  const text = await fab(['user', 'list', '--db', db]);
  assert.equal(text.code, 0);
  for (const e of ['alice@example.org', 'bob@example.org', 'carol@example.org']) assert.ok(text.stdout.includes(e), e);
  const json = await fab(['user', 'list', '--format', 'json', '--db', db]);
  assert.equal(json.code, 0);
  const users = JSON.parse(json.stdout);
  assert.equal(users.length, 3, 'the failed additions created nothing');
  const byEmail = Object.fromEntries(users.map((u) => [u.email, u]));
  assert.equal(byEmail['alice@example.org'].name, 'Alice Example');
  assert.equal(byEmail['alice@example.org'].is_admin, false);
  assert.equal(byEmail['bob@example.org'].is_admin, true, 'e-mail stored in lower case, --admin honoured');
  assert.equal(typeof byEmail['carol@example.org'].id, 'number');

  const pw = await fab(['user', 'passwd', 'alice@example.org', '--password-stdin', '--db', db], { input: 'alice new secret 9\n' });
  assert.equal(pw.code, 0, pw.stderr);
  const pwShort = await fab(['user', 'passwd', 'alice@example.org', '--password-stdin', '--db', db], { input: 'tiny\n' });
  assert.notEqual(pwShort.code, 0, 'a short password is refused');
  const pwNobody = await fab(['user', 'passwd', 'nobody@example.org', '--password-stdin', '--db', db], { input: 'whatever secret 1\n' });
  assert.notEqual(pwNobody.code, 0);
  assert.match(pwNobody.stderr, /nobody@example\.org/);

  const del = await fab(['user', 'delete', 'carol@example.org', '--db', db]);
  assert.equal(del.code, 0, del.stderr);
  const delAgain = await fab(['user', 'delete', 'carol@example.org', '--db', db]);
  assert.notEqual(delAgain.code, 0, 'deleting twice fails');
  assert.match(delAgain.stderr, /carol@example\.org/);
  const after = JSON.parse((await fab(['user', 'list', '--format', 'json', '--db', db])).stdout);
  assert.deepEqual(after.map((u) => u.email).sort(), ['alice@example.org', 'bob@example.org']);

  // What the server sees.
  const srv = await startServer({ db });
  try {
    assert.equal((await login(srv.url, 'alice@example.org', 'alice new secret 9')).status, 303, 'new password');
    assert.equal((await login(srv.url, 'alice@example.org', 'alice secret 123')).status, 401, 'old password');
    assert.equal((await login(srv.url, 'bob@example.org', gen[1])).status, 303, 'the generated password');
    assert.equal((await login(srv.url, 'carol@example.org', 'carol secret 123')).status, 401, 'deleted');
    // passwd while the server runs closes the account's sessions.
    const s = await login(srv.url, 'bob@example.org', gen[1]);
    assert.equal((await s.client.get('/account')).status, 200);
    const again = await fab(['user', 'passwd', 'bob@example.org', '--password-stdin', '--db', db], { input: 'bob other secret 1\n' });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await s.client.get('/account')).status, 303, 'sessions closed by passwd');
  } finally {
    await srv.stop();
  }
});

test('check says ok on a sound database, and fails with a message on a bad one', T, async () => {
  const db = newDb();
  assert.equal((await fab(['init', '--db', db])).code, 0);
  const ok = await fab(['check', '--db', db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /\bok\b/);
  const nowhere = await fab(['check', '--db', `sqlite:${join(dir, 'no', 'such', 'dir', 'x.db')}`]);
  assert.notEqual(nowhere.code, 0);
  assert.ok(nowhere.stderr.trim().length > 5);
  if (BACKEND === 'sqlite') {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x5a));
    const r = await fab(['check', '--db', `sqlite:${junk}`]);
    assert.notEqual(r.code, 0, 'a file that is not a database fails the check');
    assert.ok((r.stderr + r.stdout).trim().length > 5);
  }
});

test('backup FILE then restore FILE brings the data back; bad files change nothing', T, async () => {
  const db = newDb();
  for (const [email, pw] of [['keep@example.org', 'keep secret 123'], ['gone@example.org', 'gone secret 123']]) {
    const r = await fab(['user', 'add', email, '--password-stdin', '--db', db], { input: `${pw}\n` });
    assert.equal(r.code, 0, r.stderr);
  }
  const emails = async (d) => JSON.parse((await fab(['user', 'list', '--format', 'json', '--db', d])).stdout).map((u) => u.email).sort();
  const file = join(dir, 'backup.db');

  // An online backup, while the server runs and has written a session.
  const srv = await startServer({ db });
  let b;
  try {
    assert.equal((await login(srv.url, 'keep@example.org', 'keep secret 123')).status, 303);
    b = await fab(['backup', '--db', db, file]);
  } finally {
    await srv.stop();
  }
  assert.equal(b.code, 0, b.stderr);
  assert.ok(existsSync(file));
  assert.equal(readFileSync(file).subarray(0, 16).toString('latin1'), 'SQLite format 3\0', 'the backup is a SQLite file');

  assert.equal((await fab(['user', 'delete', 'gone@example.org', '--db', db])).code, 0);
  assert.equal((await fab(['user', 'add', 'later@example.org', '--password-stdin', '--db', db], { input: 'later secret 123\n' })).code, 0);
  assert.equal((await fab(['user', 'passwd', 'keep@example.org', '--password-stdin', '--db', db], { input: 'changed secret 1\n' })).code, 0);
  assert.deepEqual(await emails(db), ['keep@example.org', 'later@example.org']);

  // Restoring something that is not a backup fails and changes nothing.
  const junk = join(dir, 'junk-backup.db');
  writeFileSync(junk, 'this is not a database at all\n'.repeat(200));
  for (const bad of [junk, join(dir, 'does-not-exist.db')]) {
    const r = await fab(['restore', '--db', db, bad]);
    assert.notEqual(r.code, 0, `restore ${bad}`);
    assert.ok(r.stderr.trim().length > 5, 'a message');
    assert.deepEqual(await emails(db), ['keep@example.org', 'later@example.org'], `unchanged after restore ${bad}`);
  }

  const r = await fab(['restore', '--db', db, file]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await emails(db), ['gone@example.org', 'keep@example.org']);
  const check = await fab(['check', '--db', db]);
  assert.equal(check.code, 0, check.stdout + check.stderr);

  // Into a fresh, empty database as well.
  const other = newDb();
  assert.equal((await fab(['restore', '--db', other, file])).code, 0);
  assert.deepEqual(await emails(other), ['gone@example.org', 'keep@example.org']);

  const srv2 = await startServer({ db });
  try {
    assert.equal((await login(srv2.url, 'keep@example.org', 'keep secret 123')).status, 303, 'the password of the backup');
    assert.equal((await login(srv2.url, 'later@example.org', 'later secret 123')).status, 401, 'the account made after the backup is gone');
    const c = (await login(srv2.url, 'gone@example.org', 'gone secret 123'));
    assert.equal(c.status, 303, 'the deleted account is back');
    const t = await c.client.api('POST', '/api/v1/tokens', { name: 'after restore' });
    assert.equal(t.status, 201, 'the restored database takes writes');
  } finally {
    await srv2.stop();
  }

  const unwritable = await fab(['backup', '--db', db, join(dir, 'no', 'such', 'dir', 'b.db')]);
  assert.notEqual(unwritable.code, 0);
  assert.ok(unwritable.stderr.trim().length > 5);
});
