// matrix.test.mjs — the permission matrix: every route of src/web/routes.c
// requested as an anonymous visitor, a member and an administrator (and, for
// the API, with each one's bearer token), with the status each must get.
// Every answer is also checked for the security headers and cookie flags,
// and every GET route is asked again with HEAD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, readRoutes, Client, T, ROOT } from '../lib/server.mjs';
import {
  assertSecurityHeaders, assertCookieFlags, assertJsonError, assertCleanHtml,
} from '../lib/checks.mjs';

let kit, clients, memberInfo, target;
const ids = {};
const getResults = [];

before(async () => {
  kit = await startWithAdmin();
  memberInfo = await kit.createUser('member@example.org', { name: 'Mia Member' });
  target = await kit.createUser('target@example.org', { name: 'Tom Target' });
  const member = await kit.loginAs(memberInfo.email, memberInfo.password);
  const anon = kit.client();
  await anon.csrf();
  const tok = async (c, name) => {
    const r = await c.api('POST', '/api/v1/tokens', { name });
    assert.equal(r.status, 201, r.text_);
    return r.json_;
  };
  const mt = await tok(member, 'member bearer');
  const at = await tok(kit.admin, 'admin bearer');
  clients = {
    anon, member, admin: kit.admin,
    memberToken: new Client(kit.url, { headers: { 'accept-language': 'en', authorization: `Bearer ${mt.token}` } }),
    adminToken: new Client(kit.url, { headers: { 'accept-language': 'en', authorization: `Bearer ${at.token}` } }),
  };
  // Tokens of the member that the rows below try to delete.
  ids.memberApiToken = (await tok(member, 'to delete by session')).id;
  ids.memberApiToken2 = (await tok(member, 'to delete by bearer')).id;
  ids.memberWebToken = (await tok(member, 'to delete by form')).id;
});

after(async () => { if (kit) await kit.stop(); });

async function userByEmail(email) {
  const r = await kit.admin.api('GET', '/api/v1/users');
  assert.equal(r.status, 200);
  return r.json_.users.find((u) => u.email === email);
}
async function tokenIds(client) {
  const r = await client.api('GET', '/api/v1/tokens');
  assert.equal(r.status, 200);
  return r.json_.tokens.map((t) => t.id);
}

const WEB = ['anon', 'member', 'admin'];
const API = ['anon', 'memberToken', 'adminToken', 'member', 'admin'];
const all = (s) => ({ anon: s, member: s, admin: s, memberToken: s, adminToken: s });
const signedIn = (anon, s) => ({ anon, member: s, admin: s, memberToken: s, adminToken: s });
const adminOnly = (anon, memberS, adminS) =>
  ({ anon, member: memberS, memberToken: memberS, admin: adminS, adminToken: adminS });

// route: the line of routes.c the row covers. path and body may be
// functions of the role. expect: role -> status (or list of statuses).
const rows = [
  { route: 'GET /', path: '/', expect: all(200) },
  { route: 'GET /lang/{code}', path: '/lang/en?next=/', expect: all(303) },
  { route: 'GET /static/{name}', path: '/static/style.css', expect: all(200) },
  { route: 'GET /favicon.ico', path: '/favicon.ico', expect: all(200) },
  { route: 'GET /events/heartbeat', path: '/events/heartbeat?interval=30', stream: true, expect: all(200) },
  { route: 'GET /login', path: '/login', expect: { anon: 200, member: [200, 303], admin: [200, 303] } },
  {
    route: 'POST /login', path: '/login',
    body: { email: 'nobody@example.org', password: 'not the password' }, expect: all(401),
    check: async (role, res) => assert.equal(res.headers.getSetCookie().some((c) => c.startsWith('fab_session=') && !/max-age=0/i.test(c)), false),
  },
  {
    route: 'POST /logout', path: '/logout', fresh: true, expect: all(303),
    check: async (role, res, c) => {
      if (role === 'anon') return;
      const again = await c.get('/account');
      assert.equal(again.status, 303, `${role}: the session must be closed by logout`);
    },
  },
  { route: 'GET /account', path: '/account', expect: signedIn(303, 200) },
  {
    route: 'POST /account/profile', path: '/account/profile',
    body: (role) => ({ name: role === 'member' ? 'Mia Member' : 'Ada Admin' }), expect: signedIn(401, 303),
  },
  {
    route: 'POST /account/password', path: '/account/password',
    body: { current: 'not my password', password: 'new secret 12345', confirm: 'new secret 12345' },
    expect: signedIn(401, 422),
  },
  { route: 'POST /account/sessions', path: '/account/sessions', expect: signedIn(401, 303) },
  { route: 'POST /account/tokens', path: '/account/tokens', body: { token_name: 'matrix web' }, expect: signedIn(401, 201) },
  {
    // The member's token: the administrator cannot revoke it from their own page.
    route: 'POST /account/tokens/{id}/delete', path: () => `/account/tokens/${ids.memberWebToken}/delete`,
    roles: ['anon', 'admin', 'member'], expect: { anon: 401, admin: 404, member: 303 },
    check: async (role) => {
      const still = (await tokenIds(clients.member)).includes(ids.memberWebToken);
      assert.equal(still, role !== 'member', `after ${role}: token present = ${still}`);
    },
  },
  { route: 'GET /account/export', path: '/account/export', expect: signedIn(303, 200) },
  {
    route: 'POST /account/delete', path: '/account/delete', body: { delete_password: 'not my password' },
    expect: signedIn(401, 422),
  },
  { route: 'GET /admin/users', path: '/admin/users', expect: adminOnly(303, 403, 200) },
  {
    route: 'POST /admin/users', path: '/admin/users',
    body: { email: 'created@example.org', name: 'Created', password: 'created secret 1' },
    expect: adminOnly(401, 403, 303),
    check: async (role) => assert.equal(Boolean(await userByEmail('created@example.org')), role === 'admin'),
  },
  {
    route: 'POST /admin/users/{id}', path: () => `/admin/users/${target.id}`, body: { is_admin: '1' },
    expect: adminOnly(401, 403, 303),
    check: async (role) => assert.equal((await userByEmail(target.email)).is_admin, role === 'admin'),
  },
  {
    route: 'POST /admin/users/{id}/delete', path: () => `/admin/users/${target.id}/delete`,
    expect: adminOnly(401, 403, 303),
    check: async (role) => assert.equal(Boolean(await userByEmail(target.email)), role !== 'admin'),
  },

  // Joining a seminar by its code needs no account; on this server no
  // seminar has the code, so everyone gets the form back with the problem
  // (the seminars' own matrix, matrix_seminars.test.mjs, joins real ones).
  { route: 'GET /join', path: '/join?code=acd-efh', expect: all(200) },
  {
    route: 'POST /join', path: '/join', body: { code: 'ACD EFH', nickname: 'Nobody', org_kind: 'pme' }, expect: all(422),
    check: async (role, res) => assert.equal(res.headers.getSetCookie().some((c) => c.startsWith('fab_p')), false, 'no identity without a seminar'),
  },

  { route: 'GET /api/v1/health', api: true, path: '/api/v1/health', expect: all(200) },
  { route: 'GET /api/v1/openapi.json', api: true, path: '/api/v1/openapi.json', expect: all(200) },
  { route: 'GET /api/v1/me', api: true, path: '/api/v1/me', expect: signedIn(401, 200) },
  { route: 'GET /api/v1/me/export', api: true, path: '/api/v1/me/export', expect: signedIn(401, 200) },
  { route: 'GET /api/v1/tokens', api: true, path: '/api/v1/tokens', expect: signedIn(401, 200) },
  { route: 'POST /api/v1/tokens', api: true, path: '/api/v1/tokens', body: { name: 'matrix api' }, expect: signedIn(401, 201) },
  {
    route: 'DELETE /api/v1/tokens/{id}', api: true,
    path: (role) => `/api/v1/tokens/${role === 'memberToken' ? ids.memberApiToken2 : ids.memberApiToken}`,
    roles: ['anon', 'admin', 'adminToken', 'memberToken', 'member'],
    expect: { anon: 401, admin: 404, adminToken: 404, memberToken: 204, member: 204 },
    check: async (role) => {
      const have = await tokenIds(clients.member);
      if (role === 'anon' || role.startsWith('admin')) {
        assert.ok(have.includes(ids.memberApiToken) && have.includes(ids.memberApiToken2), `${role} must not revoke another's token`);
      } else {
        assert.ok(!have.includes(role === 'memberToken' ? ids.memberApiToken2 : ids.memberApiToken));
      }
    },
  },
  { route: 'GET /api/v1/users', api: true, path: '/api/v1/users', expect: adminOnly(401, 403, 200) },
  {
    route: 'POST /api/v1/users', api: true, path: '/api/v1/users',
    body: (role) => ({ email: `api-${role.toLowerCase()}@example.org`, name: 'By API', password: 'created secret 1' }),
    expect: adminOnly(401, 403, 201),
    check: async (role) => assert.equal(Boolean(await userByEmail(`api-${role.toLowerCase()}@example.org`)), role.startsWith('admin')),
  },
];

async function send(role, row, client) {
  const path = typeof row.path === 'function' ? row.path(role) : row.path;
  const body = typeof row.body === 'function' ? row.body(role) : row.body;
  const method = row.route.split(' ')[0];
  if (row.stream) {
    const s = await client.stream(path);
    s.close();
    return { status: s.status, headers: s.headers, text_: '', path };
  }
  let res;
  if (row.api) res = await client.api(method, path, body, { csrf: !role.endsWith('Token') });
  else if (method === 'GET') res = await client.get(path);
  else res = await client.post(path, body || {});
  res.path = path;
  return res;
}

function checkAnswer(row, role, res) {
  const what = `${row.route} as ${role}`;
  assertSecurityHeaders(res.headers, what);
  assertCookieFlags(res.headers, { secure: false }, what);
  const ct = res.headers.get('content-type') || '';
  if (row.api) {
    if (res.status !== 204) assert.match(ct, /^application\/json\b/, `${what}: content type ${ct}`);
    else assert.equal(res.text_, '', `${what}: 204 must have no body`);
    if (res.status >= 400) assertJsonError(res, res.status, what);
  } else if (res.status >= 400) {
    assert.match(ct, /^text\/html/, `${what}: an error page is HTML`);
    assert.match(res.text_, /<h1>[^<]+<\/h1>/, `${what}: the error page has a heading`);
  } else if (res.status === 303) {
    const loc = res.headers.get('location');
    assert.ok(loc && loc.startsWith('/') && !loc.startsWith('//'), `${what}: local Location, got ${loc}`);
  } else if (ct.startsWith('text/html')) {
    assertCleanHtml(res.text_, what);
  }
  // Anonymous visitors asking for a page that needs an account are sent to
  // the sign-in form, which brings them back afterwards.
  if (role === 'anon' && res.status === 303 && row.route.startsWith('GET /account') || row.route === 'GET /admin/users' && role === 'anon') {
    assert.equal(res.headers.get('location'), `/login?next=${res.path}`, `${what}: redirect to sign in`);
  }
}

for (const row of rows) {
  test(`permissions: ${row.route}`, T, async () => {
    const roles = row.roles || (row.api ? API : WEB);
    for (const role of roles) {
      let client = clients[role];
      if (row.fresh && role !== 'anon') {
        const email = role === 'admin' ? kit.adminEmail : memberInfo.email;
        const pw = role === 'admin' ? kit.adminPassword : memberInfo.password;
        client = await kit.loginAs(email, pw);
      }
      const res = await send(role, row, client);
      const want = row.expect[role];
      const ok = Array.isArray(want) ? want.includes(res.status) : res.status === want;
      assert.ok(ok, `${row.route} as ${role}: expected ${want}, got ${res.status} ${String(res.text_).slice(0, 200)}`);
      checkAnswer(row, role, res);
      if (row.check) await row.check(role, res, client);
      if (row.route.startsWith('GET ')) getResults.push({ row, role, path: res.path, status: res.status, ct: res.headers.get('content-type') });
    }
  });
}

test('the main sessions survived the matrix', T, async () => {
  assert.equal((await clients.member.get('/account')).status, 200);
  assert.equal((await clients.admin.get('/admin/users')).status, 200);
});

test('every route of routes.c has a row in the permission matrix, and no row is stale', T, () => {
  const table = readRoutes().map((r) => `${r.method} ${r.pattern}`);
  // Routes of cycles have their rows in the cycle matrices, which request
  // them as members and non-members of a members-only and a public cycle:
  // the exact 'METHOD /pattern' string, quoted, must appear in one of them.
  const inCycles = (r) => /^[A-Z]+ \/(c\/|cycles(\/|$)|invitations(\/|$)|api\/v1\/cycles(\/|$))/.test(r);
  const cycleFiles = ['matrix_cycles.test.mjs', 'matrix_pages.test.mjs', 'pages_cycles.test.mjs', 'pages_scenarios.test.mjs', 'matrix_seminars.test.mjs', 'matrix_controversies.test.mjs'];
  const texts = cycleFiles.map((f) => {
    const path = join(ROOT, 'tests', 'http', f);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  });
  const quoted = (r) => texts.some((t) => t.includes(`'${r}'`) || t.includes(`"${r}"`) || t.includes(`\`${r}\``));
  const covered = rows.map((r) => r.route);
  const missing = table.filter((r) => !inCycles(r) && !covered.includes(r));
  const stale = covered.filter((r) => !table.includes(r) || inCycles(r));
  const missingCycles = table.filter((r) => inCycles(r) && !quoted(r));
  assert.deepEqual(missing, [], `routes without a permission row: ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `rows for routes that do not exist, or that belong in a cycle matrix: ${stale.join(', ')}`);
  assert.deepEqual(missingCycles, [], `cycle routes without a row in ${cycleFiles.join(', ')}: ${missingCycles.join(', ')}`);
});

test('HEAD on every GET route answers like GET, without a body', T, async () => {
  assert.ok(getResults.length > 0);
  for (const g of getResults) {
    const res = await clients[g.role].head(g.path);
    const what = `HEAD ${g.path} as ${g.role}`;
    assert.equal(res.status, g.status, `${what}: GET answered ${g.status}`);
    assert.equal(res.text_, '', `${what}: a HEAD answer has no body`);
    assert.equal(res.headers.get('content-type'), g.ct, `${what}: same content type as GET`);
    assertSecurityHeaders(res.headers, what);
  }
});

test('HEAD gives the Content-Length of the GET body', T, async () => {
  for (const path of ['/static/style.css', '/static/icon.svg', '/favicon.ico', '/api/v1/openapi.json']) {
    const get = await clients.anon.get(path);
    const head = await clients.anon.head(path);
    assert.equal(get.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(get.text_)), `HEAD ${path}`);
  }
});
