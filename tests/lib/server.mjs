// server.mjs — starts the real fabrique binary for black-box tests.
//
// Environment (set by scripts/test.sh):
//   FABRIQUE_BIN      the binary under test (default build/fabrique)
//   FABRIQUE_TEST_PG  base URL of the test PostgreSQL server; when set, every
//                     server gets a fresh PostgreSQL database, else a fresh
//                     SQLite file.
//   FABRIQUE_TEST_PGDIR  directory of that server (for scripts/pg.sh createdb)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.FABRIQUE_BIN || join(ROOT, 'build', 'fabrique');
export const BACKEND = process.env.FABRIQUE_TEST_PG ? 'postgres' : 'sqlite';
/** Options for node:test tests and hooks that talk to a server: a hang
 *  fails the test with its name instead of blocking the run. */
export const T = { timeout: 60000 };

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

/** Runs a fabrique command to completion; returns {code, stdout, stderr}.
 *  cleanEnv: drop every FABRIQUE_* variable of this process first, so only
 *  env's settings reach the command. cwd: its working directory.
 *  timeout (ms): kill a command that hangs; it then resolves with code null
 *  and a note in stderr. */
export function runCli(args, { input, env, cleanEnv = false, cwd, timeout } = {}) {
  return new Promise((resolve) => {
    const base = { ...process.env };
    if (cleanEnv) for (const k of Object.keys(base)) if (k.startsWith('FABRIQUE_')) delete base[k];
    const p = spawn(BIN, args, { env: { ...base, ...env }, cwd });
    let stdout = '', stderr = '';
    const timer = timeout ? setTimeout(() => { stderr += `\n[killed after ${timeout} ms]`; p.kill('SIGKILL'); }, timeout) : null;
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.stdin.on('error', () => {}); // the command may exit without reading its input
    if (input !== undefined) p.stdin.end(input); else p.stdin.end();
    p.on('close', (code) => { if (timer) clearTimeout(timer); resolve({ code, stdout, stderr }); });
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
  /** opts.headers are sent with every request (e.g. accept-language, or
   *  authorization for a client that uses a bearer token). */
  constructor(base, { headers = {} } = {}) { this.base = base; this.cookies = new Map(); this.headers = headers; }
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
    const h = { ...this.headers, ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this._store(res);
    res.text_ = await res.text();
    return res;
  }
  get(path, opts) { return this.request('GET', path, opts); }
  head(path, opts) { return this.request('HEAD', path, opts); }
  /** Opens a Server-Sent Events stream with this client's headers and cookies. */
  stream(path, { headers = {} } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    return openStream(this.base, path, { headers: h });
  }
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

// ---- Additions for the black-box HTTP tests (tests/http/) ----

/** Every line of the route table in src/web/routes.c, as
 *  {method, pattern, handler, flags: Set of 'API'|'AUTH'|'ADMIN'|'NOCSRF'}. */
export function readRoutes() {
  const src = readFileSync(join(ROOT, 'src', 'web', 'routes.c'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const re = /\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([^}]*)\}/g;
  const routes = [];
  for (let m; (m = re.exec(src));) {
    const flags = new Set([...m[4].matchAll(/ROUTE_(\w+)/g)].map((f) => f[1]));
    routes.push({ method: m[1], pattern: m[2], handler: m[3], flags });
  }
  if (routes.length === 0) throw new Error('no route found in src/web/routes.c');
  return routes;
}

/** A fetch-like Headers object from node's IncomingMessage headers. */
export function toHeaders(raw) {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.append(k, String(v));
  }
  return h;
}

/**
 * One HTTP request with node:http, for what fetch cannot send: raw byte
 * bodies, a chunked body (body given as an array of chunks), or any header.
 * Resolves {status, headers (a Headers), body (Buffer), text}; on a reset
 * connection resolves what arrived with {error}.
 */
export function httpRequest(base, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, headers, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const b = Buffer.concat(parts);
        resolve({ status: res.statusCode, headers: toHeaders(res.headers), body: b, text: b.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      (async () => {
        for (const c of body) {
          if (req.destroyed) return;
          req.write(c);
          await new Promise((r) => setImmediate(r));
        }
        req.end();
      })();
    } else {
      req.end(body);
    }
  });
}

/**
 * Writes raw bytes to the server's port and collects everything it answers
 * until it closes the connection (or `idleMs` pass without a byte).
 * Resolves {text, status, head, headers (a Headers), body}.
 */
export function rawExchange(port, data, { idleMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const parts = [];
    let timer;
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      const text = Buffer.concat(parts).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end < 0 ? text : text.slice(0, end);
      const lines = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] || '');
      const headers = new Headers();
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers.append(l.slice(0, i).trim(), l.slice(i + 1).trim());
      }
      resolve({ text, status: m ? Number(m[1]) : 0, head, headers, body: end < 0 ? '' : text.slice(end + 4) });
    };
    const arm = () => { clearTimeout(timer); timer = setTimeout(finish, idleMs); };
    sock.on('connect', () => { sock.write(data); arm(); });
    sock.on('data', (d) => { parts.push(d); arm(); });
    sock.on('end', finish);
    sock.on('error', (e) => (parts.length ? finish() : reject(e)));
  });
}

/**
 * Opens a Server-Sent Events stream with node:http (one connection of its
 * own). Resolves once the answer's head arrived with an object:
 *   status, headers (a Headers), events [{event, id, data}], comments,
 *   waitFor(n, type = 'heartbeat', ms = 15000): resolves when n events of
 *     that type arrived, rejects when the stream ends first or after ms,
 *   ended: a promise resolving to 'end' (clean end of stream) or
 *     'aborted'/'error: ...' (connection cut without the end of the body),
 *   close(): drops the connection.
 */
export function openStream(base, path, { headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { headers, agent: false }, (res) => {
      const s = {
        status: res.statusCode, headers: toHeaders(res.headers), events: [], comments: 0, raw: '',
        state: 'open', waiters: [],
      };
      let buffer = '';
      res.setEncoding('utf8');
      const settle = () => {
        for (const w of [...s.waiters]) {
          const have = s.events.filter((e) => e.event === w.type).length;
          if (have >= w.n) { s.waiters.splice(s.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(s.events); }
          else if (s.state !== 'open') { s.waiters.splice(s.waiters.indexOf(w), 1); clearTimeout(w.timer); w.reject(new Error(`stream ended (${s.state}) after ${have} ${w.type} events`)); }
        }
      };
      res.on('data', (d) => {
        s.raw += d;
        buffer += d;
        let i;
        while ((i = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i).replace(/^\r?\n\r?\n/, '');
          const ev = { event: 'message', id: undefined, data: undefined };
          let any = false;
          for (const line of block.split(/\r?\n/)) {
            if (line.startsWith(':')) { s.comments++; continue; }
            const c = line.indexOf(':');
            const field = c < 0 ? line : line.slice(0, c);
            const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
            if (field === 'event') { ev.event = value; any = true; }
            else if (field === 'id') { ev.id = value; any = true; }
            else if (field === 'data') { ev.data = ev.data === undefined ? value : `${ev.data}\n${value}`; any = true; }
          }
          if (any && ev.data !== undefined) s.events.push(ev);
        }
        settle();
      });
      s.ended = new Promise((r) => {
        res.on('end', () => { if (s.state === 'open') s.state = 'end'; settle(); r(s.state); });
        res.on('error', (e) => { if (s.state === 'open') s.state = `error: ${e.code || e.message}`; settle(); r(s.state); });
        res.on('close', () => { if (s.state === 'open') s.state = 'aborted'; settle(); r(s.state); });
      });
      s.waitFor = (n, type = 'heartbeat', ms = 15000) => new Promise((res2, rej2) => {
        const w = { n, type, resolve: res2, reject: rej2 };
        w.timer = setTimeout(() => {
          s.waiters.splice(s.waiters.indexOf(w), 1);
          rej2(new Error(`waited ${ms} ms for ${n} ${type} events, got ${s.events.filter((e) => e.event === type).length}`));
        }, ms);
        s.waiters.push(w);
        settle();
      });
      s.close = () => { if (s.state === 'open') s.state = 'closed by client'; req.destroy(); res.destroy(); };
      resolve(s);
    });
    req.on('error', reject);
  });
}

/** Resolves {code, signal} when the server process exits, or 'timeout'
 *  after ms (a guard against a hang, not a measure of speed). */
export function waitExit(server, ms) {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
      resolve({ code: server.proc.exitCode, signal: server.proc.signalCode });
      return;
    }
    const t = setTimeout(() => resolve('timeout'), ms);
    server.proc.once('exit', (code, signal) => { clearTimeout(t); resolve({ code, signal }); });
  });
}

/**
 * Starts a server on a fresh database that holds one administrator (made by
 * the CLI before the server starts) and returns a kit:
 *   srv, db, url, admin (a Client signed in, English), adminEmail,
 *   adminPassword, adminId,
 *   createUser(email, {name, password, isAdmin}) -> {id, email, password}
 *     (through the admin API: one password hash, no extra process),
 *   client(headers) -> an anonymous English Client,
 *   loginAs(email, password) -> a signed-in English Client,
 *   stop() -> stops the server (and checks for sanitizer reports).
 */
export async function startWithAdmin({ args = [], env = {} } = {}) {
  const db = freshDb();
  const adminEmail = 'admin@example.org';
  const adminPassword = 'admin secret 12345';
  await addUser(db, adminEmail, { admin: true, name: 'Ada Admin', password: adminPassword });
  const srv = await startServer({ db, args, env });
  const en = { 'accept-language': 'en' };
  const admin = new Client(srv.url, { headers: en });
  await admin.login(adminEmail, adminPassword);
  const me = await admin.api('GET', '/api/v1/me');
  if (me.status !== 200) throw new Error(`GET /api/v1/me as admin: ${me.status} ${me.text_}`);
  const kit = {
    srv, db, url: srv.url, admin, adminEmail, adminPassword, adminId: me.json_.id,
    client: (headers = {}) => new Client(srv.url, { headers: { ...en, ...headers } }),
    async createUser(email, { name = 'Member', password = 'member secret 12345', isAdmin = false } = {}) {
      const r = await admin.api('POST', '/api/v1/users', { email, name, password, is_admin: isAdmin });
      if (r.status !== 201) throw new Error(`creating ${email}: ${r.status} ${r.text_}`);
      return { id: r.json_.id, email, password, name };
    },
    async loginAs(email, password) {
      const c = kit.client();
      await c.login(email, password);
      return c;
    },
    stop: async () => { const r = await srv.stop(); dropDb(db); return r; },
  };
  return kit;
}
