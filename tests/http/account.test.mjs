// account.test.mjs — signing in and out, changing one's password (which
// closes the other sessions), one's profile, personal API tokens, the
// download of one's data and the deletion of one's account, through the
// HTML forms, with the state checked afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, Client, T } from '../lib/server.mjs';
import { cookiesOf, csrfField, textOf, assertCleanHtml } from '../lib/checks.mjs';

let kit;
before(async () => { kit = await startWithAdmin(); });
after(async () => { if (kit) await kit.stop(); });

const me = async (c) => (await c.api('GET', '/api/v1/me'));
const bearer = (token) => new Client(kit.url, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
const sessionCookie = (res) => cookiesOf(res.headers).find((k) => k.name === 'fab_session');
const formErrorText = (html) => (/<div class="form-errors"[^>]*>([\s\S]*?)<\/div>/.exec(html) || [])[1];

test('sign-in form: a CSRF token in the form that matches the cookie', T, async () => {
  const c = kit.client();
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  const field = csrfField(r.text_);
  assert.ok(field && field.length >= 32, 'a hidden csrf field');
  assert.equal(field, c.cookies.get('fab_csrf'));
  assert.match(r.text_, /<form[^>]*method="post"[^>]*action="\/login"/);
  assert.match(r.text_, /<label for="email">/);
  assert.match(r.text_, /<input[^>]*name="password"[^>]*type="password"/);
});

test('sign in: 303 to the account page, a session cookie, the welcome message once', T, async () => {
  const u = await kit.createUser('login@example.org', { name: 'Lou Login' });
  const c = kit.client();
  const r = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account');
  assert.ok(sessionCookie(r), 'a session cookie');
  const page = await c.get('/account');
  assert.equal(page.status, 200);
  assert.ok(page.text_.includes('login@example.org'));
  assert.match(page.text_, /role="status"[^>]*>[^<]*signed in/i, 'a confirmation is shown');
  const again = await c.get('/account');
  assert.doesNotMatch(again.text_, /role="status"[^>]*>[^<]*signed in/i, 'the confirmation is shown once');
  // E-mail addresses are not case-sensitive.
  const c2 = kit.client();
  const r2 = await c2.post('/login', { email: '  Login@Example.ORG ', password: u.password });
  assert.equal(r2.status, 303);
});

test('sign in: next= brings back to a local page, never to another site', T, async () => {
  const c = kit.client();
  const r = await c.post('/login', { email: kit.adminEmail, password: kit.adminPassword, next: '/admin/users' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/users');
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/\r\nX-Injected: 1']) {
    const c2 = kit.client();
    const r2 = await c2.post('/login', { email: kit.adminEmail, password: kit.adminPassword, next });
    assert.equal(r2.status, 303);
    const loc = r2.headers.get('location');
    assert.ok(loc, `next=${JSON.stringify(next)}: a 303 answer must have a Location`);
    assert.match(loc, /^\/(?!\/)[\x21-\x7e]*$/, `next=${JSON.stringify(next)} sent to ${JSON.stringify(loc)}`);
    assert.ok(!loc.startsWith('/\\'), `next=${next} sent to ${loc}`);
    assert.equal(r2.headers.get('x-injected'), null);
  }
  // The form carries ?next= along.
  const form = await kit.client().get('/login?next=/admin/users');
  assert.match(form.text_, /name="next" value="\/admin\/users"/);
});

test('wrong password or unknown e-mail: 401, the same message, no session, the e-mail kept', T, async () => {
  const u = await kit.createUser('wrongpw@example.org');
  const c = kit.client();
  const bad = await c.post('/login', { email: u.email, password: 'not the password' });
  assert.equal(bad.status, 401);
  assert.equal(sessionCookie(bad), undefined);
  assert.match(bad.text_, /value="wrongpw@example\.org"/, 'the e-mail is kept in the form');
  assert.ok(!bad.text_.includes('not the password'), 'the password is never echoed');
  const msg = formErrorText(bad.text_);
  assert.ok(msg && msg.length > 10, 'an error message');
  const unknown = await c.post('/login', { email: 'nobody-here@example.org', password: 'not the password' });
  assert.equal(unknown.status, 401);
  assert.equal(formErrorText(unknown.text_), msg, 'no hint whether the account exists');
  assert.equal((await c.get('/account')).status, 303, 'still signed out');
});

test('sign out: the session is closed on the server, not only in the browser', T, async () => {
  const u = await kit.createUser('logout@example.org');
  const c = await kit.loginAs(u.email, u.password);
  const stolen = c.cookies.get('fab_session');
  // Without the CSRF token, a sign-out is refused and the session stays.
  const forged = await c.post('/logout', {}, { csrf: false });
  assert.equal(forged.status, 403);
  assert.equal((await c.get('/account')).status, 200);
  const r = await c.post('/logout');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.equal(c.cookies.has('fab_session'), false, 'the cookie is deleted');
  const replay = kit.client();
  replay.cookies.set('fab_session', stolen);
  const page = await replay.get('/account');
  assert.equal(page.status, 303, 'the old session token no longer works');
  assert.equal((await me(replay)).status, 401);
});

test('password change: wrong current password changes nothing; success closes every other session', T, async () => {
  const u = await kit.createUser('pw@example.org');
  const a = await kit.loginAs(u.email, u.password);
  const b = await kit.loginAs(u.email, u.password);
  const fresh = 'a brand new secret 42';

  const wrong = await a.post('/account/password', { current: 'not my password', password: fresh, confirm: fresh });
  assert.equal(wrong.status, 422);
  assert.ok(formErrorText(wrong.text_), 'the reason is shown');
  const mismatch = await a.post('/account/password', { current: u.password, password: fresh, confirm: `${fresh}!` });
  assert.equal(mismatch.status, 422);
  const short = await a.post('/account/password', { current: u.password, password: 'short', confirm: 'short' });
  assert.equal(short.status, 422);
  assert.equal((await b.get('/account')).status, 200, 'failed changes closed no session');
  const check = kit.client();
  assert.equal((await check.post('/login', { email: u.email, password: u.password })).status, 303, 'the old password still works');

  const ok = await a.post('/account/password', { current: u.password, password: fresh, confirm: fresh });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/account');
  assert.equal((await a.get('/account')).status, 200, 'the session that changed it stays');
  assert.equal((await b.get('/account')).status, 303, 'another session is closed');
  assert.equal((await check.get('/account')).status, 303, 'a third session is closed');
  assert.equal((await kit.client().post('/login', { email: u.email, password: u.password })).status, 401, 'old password refused');
  assert.equal((await kit.client().post('/login', { email: u.email, password: fresh })).status, 303, 'new password accepted');
});

test('sign out everywhere else', T, async () => {
  const u = await kit.createUser('sessions@example.org');
  const a = await kit.loginAs(u.email, u.password);
  const b = await kit.loginAs(u.email, u.password);
  const page = await a.get('/account');
  assert.match(page.text_, /\b2\b/, 'the page counts the two sessions');
  const r = await a.post('/account/sessions');
  assert.equal(r.status, 303);
  assert.equal((await a.get('/account')).status, 200);
  assert.equal((await b.get('/account')).status, 303);
});

test('profile: a new name is saved and shown escaped; invalid names change nothing', T, async () => {
  const u = await kit.createUser('profile@example.org', { name: 'Pat Profile' });
  const c = await kit.loginAs(u.email, u.password);
  const r = await c.post('/account/profile', { name: '  Zoé Ünïcode  ' });
  assert.equal(r.status, 303);
  assert.equal((await me(c)).json_.name, 'Zoé Ünïcode', 'saved, trimmed');

  for (const bad of ['', '   ', 'x'.repeat(101), 'bell\u0007name']) {
    const res = await c.post('/account/profile', { name: bad });
    assert.equal(res.status, 422, `name ${JSON.stringify(bad)}`);
    assert.match(res.text_, /aria-invalid="true"/, 'the field is marked invalid');
    assert.equal((await me(c)).json_.name, 'Zoé Ünïcode', `unchanged after ${JSON.stringify(bad)}`);
  }
  const ok100 = await c.post('/account/profile', { name: 'é'.repeat(100) });
  assert.equal(ok100.status, 303, '100 characters (200 bytes) are accepted');

  const evil = '<script>alert(1)</script>"\'&';
  assert.equal((await c.post('/account/profile', { name: evil })).status, 303);
  const page = await c.get('/account');
  assert.ok(!page.text_.includes('<script>alert(1)</script>'), 'the name is escaped');
  assert.ok(page.text_.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assertCleanHtml(page.text_, 'account page with a hostile name');
  const admin = await kit.admin.get('/admin/users');
  assert.ok(!admin.text_.includes('<script>alert(1)</script>'), 'escaped on the admin page too');
});

test('API tokens from the account page: shown once, usable as Bearer, revocable', T, async () => {
  const u = await kit.createUser('tokens@example.org');
  const c = await kit.loginAs(u.email, u.password);
  const r = await c.post('/account/tokens', { token_name: 'my script' });
  assert.equal(r.status, 201);
  const m = /<code class="token">([^<]+)<\/code>/.exec(r.text_) || /(fab_[A-Za-z0-9_-]{20,})/.exec(r.text_);
  assert.ok(m, 'the new token is shown');
  const token = m[1];
  const page = await c.get('/account');
  assert.ok(!page.text_.includes(token), 'the full token is not shown again');
  assert.ok(page.text_.includes('my script'));

  const b = bearer(token);
  const who = await me(b);
  assert.equal(who.status, 200);
  assert.equal(who.json_.email, u.email);
  const list = await c.api('GET', '/api/v1/tokens');
  const t = list.json_.tokens.find((x) => x.name === 'my script');
  assert.ok(t && token.startsWith(t.prefix), 'the list shows the beginning of the token');
  assert.ok(t.last_used_at === null || typeof t.last_used_at === 'number');
  assert.ok(!JSON.stringify(list.json_).includes(token), 'the list never holds the token itself');

  const empty = await c.post('/account/tokens', { token_name: '   ' });
  assert.equal(empty.status, 422);
  const long = await c.post('/account/tokens', { token_name: 'n'.repeat(81) });
  assert.equal(long.status, 422);
  assert.equal((await c.api('GET', '/api/v1/tokens')).json_.tokens.length, 1, 'no token made by invalid requests');

  // Another member cannot revoke it.
  const other = await kit.createUser('tokens-other@example.org');
  const oc = await kit.loginAs(other.email, other.password);
  const steal = await oc.post(`/account/tokens/${t.id}/delete`);
  assert.equal(steal.status, 404);
  assert.equal((await me(b)).status, 200, 'still valid');

  const del = await c.post(`/account/tokens/${t.id}/delete`);
  assert.equal(del.status, 303);
  assert.equal(del.headers.get('location'), '/account');
  assert.equal((await me(b)).status, 401, 'revoked');
  assert.equal((await c.post(`/account/tokens/${t.id}/delete`)).status, 404, 'already revoked');
});

test('download my data: a JSON attachment with the account, sessions and tokens, and no secret', T, async () => {
  const u = await kit.createUser('export@example.org', { name: 'Ex Port' });
  const c = await kit.loginAs(u.email, u.password);
  const tok = await c.api('POST', '/api/v1/tokens', { name: 'exported token' });
  assert.equal(tok.status, 201);
  const r = await c.get('/account/export');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.match(r.headers.get('content-disposition') || '', /^attachment;\s*filename="?[^"]+\.json"?/);
  const j = JSON.parse(r.text_);
  assert.equal(j.user.email, u.email);
  assert.equal(j.user.name, 'Ex Port');
  assert.ok(Array.isArray(j.sessions) && j.sessions.length >= 1, 'sessions listed');
  assert.ok(Array.isArray(j.api_tokens) && j.api_tokens.some((t) => t.name === 'exported token'), 'tokens listed');
  assert.ok(!r.text_.includes(tok.json_.token), 'not the token itself');
  assert.doesNotMatch(r.text_, /\$argon2|pwhash|password|token_hash/i, 'no password hash, no token hash');
  assert.ok(!r.text_.includes(c.cookies.get('fab_session')), 'not the session token');
  const api = await c.api('GET', '/api/v1/me/export');
  assert.equal(api.status, 200);
  assert.deepEqual(api.json_.user, j.user, 'the API gives the same data');
});

test('delete my account: the wrong password changes nothing; the right one removes everything', T, async () => {
  const u = await kit.createUser('leaving@example.org');
  const c = await kit.loginAs(u.email, u.password);
  const tok = await c.api('POST', '/api/v1/tokens', { name: 'left behind' });
  const other = await kit.loginAs(u.email, u.password);

  const wrong = await c.post('/account/delete', { delete_password: 'not my password' });
  assert.equal(wrong.status, 422);
  assert.equal((await me(c)).status, 200, 'still there');
  const missing = await c.post('/account/delete', {});
  assert.equal(missing.status, 422);
  const forged = await c.post('/account/delete', { delete_password: u.password }, { csrf: false });
  assert.equal(forged.status, 403, 'no deletion without the CSRF token');
  assert.equal((await me(c)).status, 200, 'still there');

  const r = await c.post('/account/delete', { delete_password: u.password });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.equal(c.cookies.has('fab_session'), false);
  assert.equal((await other.get('/account')).status, 303, 'every session is gone');
  assert.equal((await me(bearer(tok.json_.token))).status, 401, 'tokens are gone');
  assert.equal((await kit.client().post('/login', { email: u.email, password: u.password })).status, 401);
  const users = await kit.admin.api('GET', '/api/v1/users');
  assert.ok(!users.json_.users.some((x) => x.email === u.email));
  // The address can be used again.
  const again = await kit.createUser(u.email);
  assert.ok(again.id);
});

test('the administrator pages: create, promote, demote and delete an account', T, async () => {
  const a = kit.admin;
  const page = await a.get('/admin/users');
  assert.equal(page.status, 200);
  assert.ok(page.text_.includes(kit.adminEmail));
  const made = await a.post('/admin/users', { email: 'Made@Example.org', name: 'Made Here', password: 'made secret 123' });
  assert.equal(made.status, 303);
  assert.equal(made.headers.get('location'), '/admin/users');
  const find = async () => (await a.api('GET', '/api/v1/users')).json_.users.find((x) => x.email === 'made@example.org');
  const u = await find();
  assert.ok(u, 'created, e-mail in lower case');
  assert.equal(u.is_admin, false);
  assert.equal((await kit.client().post('/login', { email: 'made@example.org', password: 'made secret 123' })).status, 303);

  const promoted = await a.post(`/admin/users/${u.id}`, { is_admin: '1' });
  assert.equal(promoted.status, 303);
  assert.equal((await find()).is_admin, true);
  const demoted = await a.post(`/admin/users/${u.id}`, { is_admin: '0' });
  assert.equal(demoted.status, 303);
  assert.equal((await find()).is_admin, false);

  const adminCheck = await a.post('/admin/users', { email: 'adm2@example.org', name: 'Second', password: 'second secret 1', is_admin: '1' });
  assert.equal(adminCheck.status, 303);
  const second = (await a.api('GET', '/api/v1/users')).json_.users.find((x) => x.email === 'adm2@example.org');
  assert.equal(second.is_admin, true, 'the checkbox makes an administrator');

  const del = await a.post(`/admin/users/${u.id}/delete`);
  assert.equal(del.status, 303);
  assert.equal(await find(), undefined);
  assert.equal(textOf((await a.get('/admin/users')).text_, 'h1').length > 0, true);
});
