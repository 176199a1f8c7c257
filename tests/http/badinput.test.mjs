// badinput.test.mjs — bad input gets a clear 4xx answer and changes
// nothing: oversized bodies (413), text that is not UTF-8 (400), a missing
// or wrong CSRF token (403), unknown ids (404), forbidden self-changes (409).
// Each case checks the state afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, httpRequest, rawExchange, T } from '../lib/server.mjs';
import { assertJsonError, assertSecurityHeaders, cookiesOf, textOf } from '../lib/checks.mjs';

const MAX = 2048;
let kit, member, memberInfo;
before(async () => {
  kit = await startWithAdmin({ args: ['--max-body', String(MAX)] });
  memberInfo = await kit.createUser('bad-input@example.org', { name: 'Original Name' });
  member = await kit.loginAs(memberInfo.email, memberInfo.password);
});
after(async () => { if (kit) await kit.stop(); });

const name = async () => (await member.api('GET', '/api/v1/me')).json_.name;
const tokenNames = async () => (await member.api('GET', '/api/v1/tokens')).json_.tokens.map((t) => t.name).sort();
const users = async () => (await kit.admin.api('GET', '/api/v1/users')).json_.users;
const errorMessage = (html) => textOf(html, 'p class="error"') ?? (/<p class="error">([^<]*)<\/p>/.exec(html) || [])[1];

/** Headers of the member's browser: its cookies, English. */
const memberHeaders = (extra = {}) => ({ cookie: member.cookieHeader(), 'accept-language': 'en', ...extra });

test('a body just under --max-body is accepted', T, async () => {
  const body = JSON.stringify({ name: 'padded' }) + ' '.repeat(MAX - 100);
  const r = await httpRequest(kit.url, '/api/v1/tokens', {
    method: 'POST', headers: memberHeaders({ 'content-type': 'application/json', 'x-csrf-token': await member.csrf() }), body,
  });
  assert.equal(r.status, 201, r.text);
});

test('413 for an API body over --max-body (Content-Length), as JSON; nothing created', T, async () => {
  const before = await tokenNames();
  const body = JSON.stringify({ name: 'x'.repeat(MAX) });
  const r = await httpRequest(kit.url, '/api/v1/tokens', {
    method: 'POST', headers: memberHeaders({ 'content-type': 'application/json', 'x-csrf-token': await member.csrf() }), body,
  });
  r.text_ = r.text;
  assertJsonError(r, 413, 'API body too large');
  assertSecurityHeaders(r.headers, '413');
  assert.deepEqual(await tokenNames(), before);
});

test('413 for a chunked body that grows over --max-body; nothing created', T, async () => {
  const before = await tokenNames();
  const chunks = ['{"name": "', ...Array.from({ length: 8 }, () => 'y'.repeat(512)), '"}'];
  const r = await httpRequest(kit.url, '/api/v1/tokens', {
    method: 'POST', headers: memberHeaders({ 'content-type': 'application/json', 'x-csrf-token': await member.csrf() }), body: chunks,
  });
  r.text_ = r.text;
  assertJsonError(r, 413, 'chunked body too large');
  assert.deepEqual(await tokenNames(), before);
});

test('413 when only the announced Content-Length is too large (the body never sent)', T, async () => {
  const r = await rawExchange(kit.srv.port,
    `POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX * 100}\r\n\r\n{"name":`);
  assert.equal(r.status, 413);
  assertSecurityHeaders(r.headers, '413 announced');
});

test('413 for an oversized form, as an HTML page with a message; the profile is unchanged', T, async () => {
  const r = await member.post('/account/profile', { name: 'n'.repeat(MAX + 10) });
  assert.equal(r.status, 413);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(r.headers.get('content-language'), 'en');
  const msg = errorMessage(r.text_);
  assert.ok(msg && msg.length > 10, 'the page says what is wrong');
  assert.equal(await name(), 'Original Name');
  assert.equal((await member.get('/account')).status, 200, 'the session is intact');
});

test('400 for a form field that is not valid UTF-8; the profile is unchanged', T, async () => {
  const csrf = await member.csrf();
  const bodies = [
    `csrf=${csrf}&name=Bad%C3%28Name`, // a lead byte followed by ASCII
    `csrf=${csrf}&name=%FF%FE`, // bytes never valid in UTF-8
    `csrf=${csrf}&name=over%C0%AFlong`, // overlong encoding of '/'
    `csrf=${csrf}&name=%ED%A0%80surrogate`, // a UTF-16 surrogate
    `csrf=${csrf}&name=cut%E2%82`, // truncated sequence at the end
  ];
  for (const b of bodies) {
    const r = await httpRequest(kit.url, '/account/profile', {
      method: 'POST', headers: memberHeaders({ 'content-type': 'application/x-www-form-urlencoded' }), body: b,
    });
    assert.equal(r.status, 400, `${b}: ${r.text.slice(0, 200)}`);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.ok(errorMessage(r.text)?.length > 10, 'a message');
  }
  // Raw (not percent-encoded) invalid bytes too.
  const raw = Buffer.concat([Buffer.from(`csrf=${csrf}&name=raw`), Buffer.from([0xff, 0xc3]), Buffer.from('x')]);
  const r = await httpRequest(kit.url, '/account/profile', {
    method: 'POST', headers: memberHeaders({ 'content-type': 'application/x-www-form-urlencoded' }), body: raw,
  });
  assert.equal(r.status, 400);
  assert.equal(await name(), 'Original Name');
  // Valid multi-byte text goes through.
  const ok = await member.post('/account/profile', { name: 'Noël 🎄 日本' });
  assert.equal(ok.status, 303);
  assert.equal(await name(), 'Noël 🎄 日本');
  assert.equal((await member.post('/account/profile', { name: 'Original Name' })).status, 303);
});

test('403 for a missing or wrong CSRF token on forms; nothing changes', T, async () => {
  const cases = [
    ['missing', { name: 'Hijacked' }, {}],
    ['empty', { name: 'Hijacked', csrf: '' }, {}],
    ['wrong', { name: 'Hijacked', csrf: 'A'.repeat(43) }, {}],
    ['from another browser', { name: 'Hijacked', csrf: await kit.client().csrf() }, {}],
  ];
  for (const [what, form] of cases) {
    const r = await member.post('/account/profile', form, { csrf: false });
    assert.equal(r.status, 403, what);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.ok(errorMessage(r.text_)?.length > 10, `${what}: a message`);
  }
  // The right token in the form but no CSRF cookie: refused as well.
  const token = await member.csrf();
  const r = await httpRequest(kit.url, '/account/profile', {
    method: 'POST',
    headers: { cookie: `fab_session=${member.cookies.get('fab_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${token}&name=Hijacked`,
  });
  assert.equal(r.status, 403, 'no CSRF cookie');
  assert.equal(await name(), 'Original Name');

  // The same for the administrator's forms.
  const before = await users();
  const adm = await kit.admin.post('/admin/users', { email: 'csrf@example.org', name: 'C', password: 'csrf secret 123' }, { csrf: false });
  assert.equal(adm.status, 403);
  const promote = await kit.admin.post(`/admin/users/${memberInfo.id}`, { is_admin: '1' }, { csrf: false });
  assert.equal(promote.status, 403);
  const del = await kit.admin.post(`/admin/users/${memberInfo.id}/delete`, {}, { csrf: false });
  assert.equal(del.status, 403);
  assert.deepEqual(await users(), before);

  // Signing in needs the token too (no login CSRF).
  const c = kit.client();
  const login = await c.post('/login', { email: memberInfo.email, password: memberInfo.password }, { csrf: false });
  assert.equal(login.status, 403);
  assert.equal(cookiesOf(login.headers).some((k) => k.name === 'fab_session' && k.value), false, 'no session');
});

test('403 for the API without X-CSRF-Token, also when the body is wrong', T, async () => {
  const before = await tokenNames();
  const r = await member.api('POST', '/api/v1/tokens', { name: 42 }, { csrf: false });
  assertJsonError(r, 403, 'CSRF before validation');
  assert.deepEqual(await tokenNames(), before);
});

test('404 for unknown ids on the forms; nothing changes', T, async () => {
  const before = await users();
  for (const [path, form] of [
    ['/admin/users/999999', { is_admin: '1' }],
    ['/admin/users/999999/delete', {}],
    ['/admin/users/abc', { is_admin: '1' }],
    ['/admin/users/abc/delete', {}],
    ['/admin/users/-1/delete', {}],
    ['/admin/users/99999999999999999999999/delete', {}],
  ]) {
    const r = await kit.admin.post(path, form);
    assert.equal(r.status, 404, `${path}: ${r.status}`);
    assert.match(r.headers.get('content-type'), /^text\/html/);
  }
  const t = await member.post('/account/tokens/999999/delete');
  assert.equal(t.status, 404);
  const t2 = await member.post('/account/tokens/abc/delete');
  assert.equal(t2.status, 404);
  assert.deepEqual(await users(), before);
});

test('400 for a role that is not 0 or 1; 409 for changing or deleting oneself; nothing changes', T, async () => {
  const before = await users();
  for (const v of ['2', 'true', '', 'yes']) {
    const r = await kit.admin.post(`/admin/users/${memberInfo.id}`, { is_admin: v });
    assert.equal(r.status, 400, `is_admin=${v}`);
  }
  assert.equal((await kit.admin.post(`/admin/users/${memberInfo.id}`, {})).status, 400, 'is_admin missing');
  const self = await kit.admin.post(`/admin/users/${kit.adminId}`, { is_admin: '0' });
  assert.equal(self.status, 409);
  const selfDel = await kit.admin.post(`/admin/users/${kit.adminId}/delete`);
  assert.equal(selfDel.status, 409);
  assert.deepEqual(await users(), before, 'roles and accounts unchanged');
  assert.equal((await kit.admin.get('/admin/users')).status, 200, 'still an administrator');
});

test('the administrator form: duplicate e-mail is 409, invalid fields 422, values kept; nothing created', T, async () => {
  const before = await users();
  const dup = await kit.admin.post('/admin/users', { email: memberInfo.email.toUpperCase(), name: 'Dup', password: 'dup secret 1234' });
  assert.equal(dup.status, 409);
  assert.match(dup.text_, /role="alert"/, 'the error is announced');
  for (const form of [
    { email: 'no-at-sign', name: 'X', password: 'valid secret 123' },
    { email: 'ok@example.org', name: '', password: 'valid secret 123' },
    { email: 'ok@example.org', name: 'X', password: 'short' },
    { email: 'ok@example.org', name: 'X' },
  ]) {
    const r = await kit.admin.post('/admin/users', form);
    assert.equal(r.status, 422, JSON.stringify(form));
    if (form.email === 'ok@example.org') assert.match(r.text_, /value="ok@example\.org"/, 'the e-mail is kept');
    assert.ok(!r.text_.includes('valid secret 123'), 'the password is not sent back');
  }
  assert.deepEqual(await users(), before);
});

test('a heartbeat interval that is not 1 to 60 seconds is 400', T, async () => {
  for (const iv of ['0', '61', '-5', 'abc', '', '1.5', '5s', '99999999999']) {
    const r = await fetch(`${kit.url}/events/heartbeat?interval=${iv}`, { headers: { 'accept-language': 'en' } });
    const type = r.headers.get('content-type');
    await r.body.cancel(); // a stream, if the server opened one, would never end
    assert.equal(r.status, 400, `interval=${iv}`);
    assert.match(type, /^text\/html/);
  }
});
