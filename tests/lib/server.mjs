// server.mjs — starts the real fabrique binary for black-box tests.
//
// Environment (set by scripts/test.sh):
//   FABRIQUE_BIN      the binary under test (default build/fabrique)
//   FABRIQUE_TEST_PG  base URL of the test PostgreSQL server; when set, every
//                     server gets a fresh PostgreSQL database, else a fresh
//                     SQLite file.
//   FABRIQUE_TEST_PGDIR  directory of that server (for scripts/pg.sh createdb)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.FABRIQUE_BIN || join(ROOT, 'build', 'fabrique');
export const BACKEND = process.env.FABRIQUE_TEST_PG ? 'postgres' : 'sqlite';

let dbCounter = 0;

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A fresh, empty database URL for the backend under test. */
export function freshDb() {
  if (process.env.FABRIQUE_TEST_PG) {
    const name = `t${process.pid}_${Date.now()}_${dbCounter++}`;
    return execFileSync('sh', [join(ROOT, 'scripts', 'pg.sh'), 'createdb', process.env.FABRIQUE_TEST_PGDIR, name])
      .toString().trim();
  }
  const dir = mkdtempSync(join(tmpdir(), 'fabrique-test-'));
  return `sqlite:${join(dir, 'test.db')}`;
}

/** Runs a fabrique command to completion; returns {code, stdout, stderr}. */
export function runCli(args, { input, env } = {}) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    if (input !== undefined) p.stdin.end(input); else p.stdin.end();
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts `fabrique serve` (or `demo` with {demo: true}) on a free port with a
 * fresh database unless {db} is given. Resolves when /api/v1/health answers.
 * Returns {url, port, db, proc, output(), stop(), kill()}.
 */
export async function startServer({ db, demo = false, args = [], env = {} } = {}) {
  db = db || freshDb();
  const port = await freePort();
  const cmd = demo ? 'demo' : 'serve';
  const proc = spawn(BIN, [cmd, '--listen', `127.0.0.1:${port}`, '--db', db, '--access-log', 'off', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`fabrique exited early (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`fabrique did not start:\n${out}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url, port, db, proc,
    output: () => out,
    /** SIGTERM, wait for the exit; resolves {code, signal}. Throws when the
     *  server printed a sanitizer report, so a sanitizer build fails loudly. */
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const r = await exited;
      if (/ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.test(out)) {
        throw new Error(`sanitizer report from fabrique:\n${out}`);
      }
      return r;
    },
    /** SIGKILL, no goodbye. */
    kill: async () => { if (proc.exitCode === null) proc.kill('SIGKILL'); return exited; },
  };
}

/** Removes a SQLite test database directory (no-op for PostgreSQL). */
export function dropDb(db) {
  if (db.startsWith('sqlite:')) rmSync(dirname(db.slice(7)), { recursive: true, force: true });
}

/**
 * A tiny cookie-keeping HTTP client for one browser-like session.
 * client.get(path), client.post(path, form) (adds the CSRF token from the
 * fab_csrf cookie unless {csrf: false}), client.api(method, path, json).
 */
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }
  _store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async request(method, path, { headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this._store(res);
    res.text_ = await res.text();
    return res;
  }
  get(path, opts) { return this.request('GET', path, opts); }
  /** Ensures a CSRF cookie exists by loading a page that has a form. */
  async csrf() {
    if (!this.cookies.has('fab_csrf')) await this.get('/login');
    return this.cookies.get('fab_csrf');
  }
  async post(path, form = {}, { csrf = true, headers = {} } = {}) {
    const f = { ...form };
    if (csrf) f.csrf = await this.csrf();
    return this.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(f).toString(),
    });
  }
  async login(email, password) {
    const r = await this.post('/login', { email, password });
    if (r.status !== 303) throw new Error(`login failed: ${r.status} ${r.text_.slice(0, 200)}`);
    return r;
  }
  async api(method, path, json, { csrf = true, headers = {} } = {}) {
    const h = { ...headers };
    if (json !== undefined) h['content-type'] = 'application/json';
    if (csrf && method !== 'GET') h['x-csrf-token'] = await this.csrf();
    const r = await this.request(method, path, { headers: h, body: json === undefined ? undefined : JSON.stringify(json) });
    try { r.json_ = JSON.parse(r.text_); } catch { r.json_ = undefined; }
    return r;
  }
}

/** Creates a user through the CLI on the server's database; returns the password. */
export async function addUser(db, email, { admin = false, name = 'Test User', password = 'correct horse battery' } = {}) {
  const args = ['user', 'add', email, '--name', name, '--password-stdin', '--db', db];
  if (admin) args.push('--admin');
  const r = await runCli(args, { input: password + '\n' });
  if (r.code !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return password;
}
