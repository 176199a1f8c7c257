// api.test.mjs — the JSON API under /api/v1/: signed in by session cookie
// (unsafe methods need X-CSRF-Token) or by a personal bearer token; the
// error shape {"error": {"code", "message"}}; wrong bodies get a 4xx and
// change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, Client, BACKEND, runCli, T } from '../lib/server.mjs';
import { assertJsonError } from '../lib/checks.mjs';

let kit, member, memberInfo;
before(async () => {
  kit = await startWithAdmin();
  memberInfo = await kit.createUser('api-member@example.org', { name: 'Api Member' });
  member = await kit.loginAs(memberInfo.email, memberInfo.password);
});
after(async () => { if (kit) await kit.stop(); });

const bearer = (token) => new Client(kit.url, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
const tokenNames = async (c) => (await c.api('GET', '/api/v1/tokens')).json_.tokens.map((t) => t.name).sort();
const userEmails = async () => (await kit.admin.api('GET', '/api/v1/users')).json_.users.map((u) => u.email).sort();

/** Sends a raw body to an API route with the member's session and CSRF token. */
async function rawPost(c, path, body, contentType) {
  const headers = { 'x-csrf-token': await c.csrf() };
  if (contentType) headers['content-type'] = contentType;
  const r = await c.request('POST', path, { headers, body });
  try { r.json_ = JSON.parse(r.text_); } catch { r.json_ = undefined; }
  return r;
}

test('health: status, version and backend, for anyone', T, async () => {
  const r = await kit.client().api('GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.json_.status, 'ok');
  assert.equal(r.json_.database, BACKEND);
  const v = await runCli(['version']);
  assert.ok(v.stdout.includes(r.json_.version), `version ${r.json_.version} is the binary's: ${v.stdout}`);
  assert.equal(typeof r.json_.schema, 'number');
});

test('me: the signed-in user, with the CSRF token for a browser session only', T, async () => {
  const r = await member.api('GET', '/api/v1/me');
  assert.equal(r.status, 200);
  assert.equal(r.json_.email, memberInfo.email);
  assert.equal(r.json_.name, 'Api Member');
  assert.equal(r.json_.is_admin, false);
  assert.equal(typeof r.json_.id, 'number');
  assert.equal(typeof r.json_.created_at, 'number');
  assert.equal(r.json_.csrf_token, member.cookies.get('fab_csrf'));
  assert.ok(!('pwhash' in r.json_) && !JSON.stringify(r.json_).includes('$argon2'), 'no password hash');
  const t = await member.api('POST', '/api/v1/tokens', { name: 'me check' });
  const b = await bearer(t.json_.token).api('GET', '/api/v1/me', undefined, { csrf: false });
  assert.equal(b.status, 200);
  assert.equal(b.json_.email, memberInfo.email);
  assert.equal(b.json_.csrf_token, undefined, 'a script with a token needs no CSRF token');
});

test('session cookie: unsafe methods need the X-CSRF-Token header of this browser', T, async () => {
  const before = await tokenNames(member);
  const noHeader = await member.api('POST', '/api/v1/tokens', { name: 'no csrf' }, { csrf: false });
  assertJsonError(noHeader, 403, 'no X-CSRF-Token');
  const wrong = await member.api('POST', '/api/v1/tokens', { name: 'wrong csrf' }, { csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } });
  assertJsonError(wrong, 403, 'wrong X-CSRF-Token');
  const other = kit.client();
  const otherToken = await other.csrf();
  const foreign = await member.api('POST', '/api/v1/tokens', { name: 'foreign csrf' }, { csrf: false, headers: { 'x-csrf-token': otherToken } });
  assertJsonError(foreign, 403, "another browser's CSRF token");
  // The token in a form field does not count for the API.
  const inBody = await member.request('POST', '/api/v1/tokens', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${member.cookies.get('fab_csrf')}&name=x`,
  });
  assert.equal(inBody.status, 403);
  assert.deepEqual(await tokenNames(member), before, 'nothing was created');
  const del = await member.api('DELETE', '/api/v1/tokens/1', undefined, { csrf: false });
  assertJsonError(del, 403, 'DELETE without X-CSRF-Token');
  const ok = await member.api('POST', '/api/v1/tokens', { name: 'with csrf' });
  assert.equal(ok.status, 201);
});

test('bearer tokens: no CSRF token needed; invalid or revoked tokens get 401', T, async () => {
  const t = await member.api('POST', '/api/v1/tokens', { name: 'bearer script' });
  assert.equal(t.status, 201);
  assert.match(t.json_.token, /^fab_[A-Za-z0-9_-]{40,}$/);
  assert.ok(t.json_.token.startsWith(t.json_.prefix));
  assert.equal(t.json_.name, 'bearer script');
  const b = bearer(t.json_.token);
  const made = await b.api('POST', '/api/v1/tokens', { name: 'made by script' }, { csrf: false });
  assert.equal(made.status, 201);
  assert.ok((await tokenNames(member)).includes('made by script'));
  const used = (await b.api('GET', '/api/v1/tokens', undefined, { csrf: false })).json_.tokens.find((x) => x.name === 'bearer script');
  assert.equal(typeof used.last_used_at, 'number', 'the use is recorded');

  for (const bad of [`${t.json_.token}x`, 'fab_' + 'A'.repeat(43), 'nonsense', '']) {
    const r = await bearer(bad).api('GET', '/api/v1/me', undefined, { csrf: false });
    assertJsonError(r, 401, `Bearer ${bad}`);
  }
  // A bad token is refused even where no account is needed, and even with
  // a good session cookie: the client asked for that identity.
  const mixed = await member.api('GET', '/api/v1/me', undefined, { headers: { authorization: 'Bearer fab_nope' } });
  assertJsonError(mixed, 401, 'bad bearer with a valid cookie');

  const del = await member.api('DELETE', `/api/v1/tokens/${t.json_.id}`);
  assert.equal(del.status, 204);
  assert.equal(del.text_, '');
  assertJsonError(await b.api('GET', '/api/v1/me', undefined, { csrf: false }), 401, 'revoked token');
  assertJsonError(await member.api('DELETE', `/api/v1/tokens/${t.json_.id}`), 404, 'deleting twice');
});

test('tokens: invalid names and ids are refused and change nothing', T, async () => {
  const before = await tokenNames(member);
  const cases = [
    [{ name: '' }, 422], [{ name: '   ' }, 422], [{ name: 'n'.repeat(81) }, 422],
    [{}, 400], [{ name: null }, 400], [{ name: 42 }, 400], [{ name: ['a'] }, 400], [{ name: { a: 1 } }, 400],
    [{ name: 'nul\u0000byte' }, 400],
  ];
  for (const [body, status] of cases) {
    const r = await member.api('POST', '/api/v1/tokens', body);
    assertJsonError(r, status, `POST /api/v1/tokens ${JSON.stringify(body)}`);
  }
  assert.deepEqual(await tokenNames(member), before);
  const eighty = await member.api('POST', '/api/v1/tokens', { name: `  ${'é'.repeat(80)}  ` });
  assert.equal(eighty.status, 201, '80 characters are accepted');
  assert.equal(eighty.json_.name, 'é'.repeat(80), 'the name is trimmed');

  assertJsonError(await member.api('DELETE', '/api/v1/tokens/999999'), 404, 'unknown id');
  const notNumber = await member.api('DELETE', '/api/v1/tokens/abc');
  assert.ok([400, 404].includes(notNumber.status), `non-numeric id: ${notNumber.status}`);
  assertJsonError(notNumber, notNumber.status, 'non-numeric id');
  const huge = await member.api('DELETE', '/api/v1/tokens/99999999999999999999999');
  assert.ok([400, 404].includes(huge.status), `id out of range: ${huge.status}`);
  // Another user's token is "not found", and stays.
  const adminTok = await kit.admin.api('POST', '/api/v1/tokens', { name: 'admin only' });
  assertJsonError(await member.api('DELETE', `/api/v1/tokens/${adminTok.json_.id}`), 404, "another user's token");
  assert.ok((await tokenNames(kit.admin)).includes('admin only'));
});

test('users: an administrator creates accounts; the answer describes the account', T, async () => {
  const r = await kit.admin.api('POST', '/api/v1/users', { email: 'New.Person@Example.org', name: ' New Person ', password: 'new person secret' });
  assert.equal(r.status, 201);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.json_.email, 'new.person@example.org');
  assert.equal(r.json_.name, 'New Person');
  assert.equal(r.json_.is_admin, false);
  assert.equal(typeof r.json_.id, 'number');
  assert.equal(typeof r.json_.created_at, 'number');
  assert.ok(!JSON.stringify(r.json_).includes('new person secret') && !JSON.stringify(r.json_).includes('argon'));
  const list = await kit.admin.api('GET', '/api/v1/users');
  assert.ok(list.json_.users.some((u) => u.id === r.json_.id && u.email === 'new.person@example.org'));
  const c = kit.client();
  assert.equal((await c.post('/login', { email: 'new.person@example.org', password: 'new person secret' })).status, 303);
  const adm = await kit.admin.api('POST', '/api/v1/users', { email: 'second-admin@example.org', name: 'Second', password: 'second admin secret', is_admin: true });
  assert.equal(adm.status, 201);
  assert.equal(adm.json_.is_admin, true);
});

test('users: wrong bodies get 400/409/415/422 with a message, and no account is created', T, async () => {
  const before = await userEmails();
  const good = { email: 'valid@example.org', name: 'Valid', password: 'valid secret 123' };
  const cases = [
    [{ ...good, email: 'API-MEMBER@example.org' }, 409, 'an e-mail already used (any case)'],
    [{ ...good, email: 'not-an-email' }, 422, 'invalid e-mail'],
    [{ ...good, email: 'a@b' }, 422, 'e-mail without a domain'],
    [{ ...good, password: 'short' }, 422, 'short password'],
    [{ ...good, name: '' }, 422, 'empty name'],
    [{ email: good.email, password: good.password }, 400, 'missing name'],
    [{ ...good, name: 42 }, 400, 'name is a number'],
    [{ ...good, email: null }, 400, 'email is null'],
    [{ ...good, is_admin: 'yes' }, 400, 'is_admin is a string'],
    [{ ...good, is_admin: 1 }, 400, 'is_admin is a number'],
    [{ ...good, password: ['valid secret 123'] }, 400, 'password is an array'],
  ];
  for (const [body, status, what] of cases) {
    assertJsonError(await kit.admin.api('POST', '/api/v1/users', body), status, what);
  }
  const raw = [
    ['{"email": "valid@example.org", "name": "Valid",', 'application/json', 400, 'malformed JSON'],
    ['[1, 2]', 'application/json', 400, 'an array, not an object'],
    ['"valid@example.org"', 'application/json', 400, 'a string, not an object'],
    ['', 'application/json', 400, 'an empty body'],
    ['{"email":"valid@example.org","email":"other@example.org","name":"V","password":"valid secret 123"}', 'application/json', 400, 'duplicate keys'],
    [Buffer.from('{"email":"valid@example.org","name":"V\xff\xfe","password":"valid secret 123"}', 'latin1'), 'application/json', 400, 'invalid UTF-8 in JSON'],
    [JSON.stringify(good), 'text/plain', 415, 'text/plain'],
    [JSON.stringify(good), undefined, 415, 'no content type'],
    [new URLSearchParams(good).toString(), 'application/x-www-form-urlencoded', 415, 'a form'],
  ];
  for (const [body, ct, status, what] of raw) {
    assertJsonError(await rawPost(kit.admin, '/api/v1/users', body, ct), status, what);
  }
  const charset = await rawPost(kit.admin, '/api/v1/users', JSON.stringify(good), 'application/json; charset=utf-8');
  assert.equal(charset.status, 201, 'application/json with a charset parameter is JSON');
  const after = await userEmails();
  assert.deepEqual(after.filter((e) => e !== 'valid@example.org'), before, 'only the last, valid request created an account');
});

test('users: members and anonymous visitors are refused and create nothing', T, async () => {
  const before = await userEmails();
  const body = { email: 'sneaky@example.org', name: 'Sneaky', password: 'sneaky secret 1', is_admin: true };
  assertJsonError(await member.api('POST', '/api/v1/users', body), 403, 'member creating a user');
  assertJsonError(await member.api('GET', '/api/v1/users'), 403, 'member listing users');
  const anon = kit.client();
  assertJsonError(await anon.api('POST', '/api/v1/users', body), 401, 'anonymous creating a user');
  assertJsonError(await anon.api('GET', '/api/v1/users'), 401, 'anonymous listing users');
  assert.deepEqual(await userEmails(), before);
});

test('error answers are JSON with {"error": {"code", "message"}} on every API status', T, async () => {
  const anon = kit.client();
  assertJsonError(await anon.api('GET', '/api/v1/nothing-here'), 404, 'unknown API address');
  assertJsonError(await anon.api('GET', '/api/v2/health'), 404, 'unknown API version');
  const m = await anon.api('PUT', '/api/v1/health', {});
  assertJsonError(m, 405, 'wrong method');
  assert.equal(m.headers.get('allow').replace(/\s/g, ''), 'GET,HEAD');
  assertJsonError(await anon.api('GET', '/api/v1/me'), 401, 'not signed in');
  const codes = new Set();
  for (const [c, path, status] of [[anon, '/api/v1/me', 401], [member, '/api/v1/users', 403], [anon, '/api/v1/zzz', 404]]) {
    codes.add(assertJsonError(await c.api('GET', path), status, path).code);
  }
  assert.equal(codes.size, 3, 'each kind of error has its own code');
});
