// errors.test.mjs — 404 and 405 answers (with their Allow header), in the
// visitor's language: negotiated from Accept-Language, or chosen with
// /lang/{code}, which sets the fab_lang cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dropDb, readRoutes, Client, T } from '../lib/server.mjs';
import {
  assertSecurityHeaders, assertJsonError, assertCookieFlags, cookiesOf, textOf,
} from '../lib/checks.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) { await srv.stop(); dropDb(srv.db); } });

const get = (path, headers = {}, method = 'GET') =>
  fetch(srv.url + path, { method, headers, redirect: 'manual' }).then(async (r) => { r.text_ = await r.text(); return r; });

function htmlLang(html) {
  const m = /<html[^>]*\slang="([^"]+)"/.exec(html);
  return m && m[1];
}

const EN_404 = 'There is no page at this address.';

test('404 in English: status, language, a heading and a way back home', T, async () => {
  const r = await get('/no/such/page', { 'accept-language': 'en-GB,en;q=0.9' });
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/i);
  assert.equal(r.headers.get('content-language'), 'en');
  assert.equal(htmlLang(r.text_), 'en');
  assert.match(textOf(r.text_, 'h1'), /not found/i);
  assert.match(r.text_, /href="\/"/);
  assertSecurityHeaders(r.headers, '404');
});

test('404 in French when the browser prefers French', T, async () => {
  const en = await get('/no/such/page', { 'accept-language': 'en' });
  const fr = await get('/no/such/page', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
  assert.equal(fr.status, 404);
  assert.equal(fr.headers.get('content-language'), 'fr');
  assert.equal(htmlLang(fr.text_), 'fr');
  assert.notEqual(textOf(fr.text_, 'h1'), textOf(en.text_, 'h1'), 'the French heading is translated');
  assert.ok(!fr.text_.includes(EN_404), 'the French page does not show the English message');
  assert.ok(!fr.text_.includes('Page not found'), 'the French page does not show the English title');
});

test('Accept-Language negotiation honours q-values; French is the default', T, async () => {
  const cases = [
    [undefined, 'fr'],
    ['en;q=0.4, fr;q=0.8', 'fr'],
    ['fr;q=0.3, en;q=0.9', 'en'],
    ['de-DE, en;q=0.3', 'en'],
    ['de, it', 'fr'],
    ['fr;q=0, en', 'en'],
    ['EN-us', 'en'],
  ];
  for (const [al, want] of cases) {
    const r = await get('/', al ? { 'accept-language': al } : {});
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-language'), want, `Accept-Language: ${al}`);
    assert.equal(htmlLang(r.text_), want, `Accept-Language: ${al}`);
  }
});

// A concrete path for each pattern, and the methods the route table says it accepts.
function resources() {
  const byPattern = new Map();
  for (const r of readRoutes()) {
    if (!byPattern.has(r.pattern)) byPattern.set(r.pattern, { api: r.flags.has('API'), methods: new Set() });
    const e = byPattern.get(r.pattern);
    e.methods.add(r.method);
    if (r.method === 'GET') e.methods.add('HEAD');
  }
  return [...byPattern].map(([pattern, e]) => ({
    pattern, ...e,
    path: pattern.replace('{code}', 'en').replace('{name}', 'style.css').replace(/\{[a-z_]+\}/g, '1'),
  }));
}

const parseAllow = (h) => new Set((h || '').split(',').map((s) => s.trim()).filter(Boolean));

test('405 with an Allow header listing exactly the accepted methods, on every resource', T, async () => {
  for (const res of resources()) {
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      if (res.methods.has(m)) continue;
      const r = await get(res.path, { 'accept-language': 'en' }, m);
      const what = `${m} ${res.path}`;
      assert.equal(r.status, 405, `${what}: ${r.text_.slice(0, 200)}`);
      assert.deepEqual(parseAllow(r.headers.get('allow')), res.methods, `${what}: Allow header`);
      assertSecurityHeaders(r.headers, what);
      if (res.api) assertJsonError(r, 405, what);
      else assert.match(r.headers.get('content-type'), /^text\/html/, what);
    }
  }
});

test('405 page in English and in French', T, async () => {
  const en = await get('/account', { 'accept-language': 'en' }, 'DELETE');
  assert.equal(en.status, 405);
  assert.equal(en.headers.get('content-language'), 'en');
  assert.equal(htmlLang(en.text_), 'en');
  assert.match(textOf(en.text_, 'h1'), /not allowed/i);
  const fr = await get('/account', { 'accept-language': 'fr' }, 'DELETE');
  assert.equal(fr.status, 405);
  assert.deepEqual(parseAllow(fr.headers.get('allow')), new Set(['GET', 'HEAD']));
  assert.equal(fr.headers.get('content-language'), 'fr');
  assert.equal(htmlLang(fr.text_), 'fr');
  assert.notEqual(textOf(fr.text_, 'h1'), textOf(en.text_, 'h1'), 'the French 405 heading is translated');
  assert.ok(!fr.text_.includes('This address does not accept this method.'), 'French 405 message');
});

test('API errors are JSON in the visitor\'s language, with a stable code', T, async () => {
  const en = await get('/api/v1/no-such-thing', { 'accept-language': 'en' });
  const fr = await get('/api/v1/no-such-thing', { 'accept-language': 'fr' });
  const e1 = assertJsonError(en, 404, 'API 404 (en)');
  const e2 = assertJsonError(fr, 404, 'API 404 (fr)');
  assert.equal(e1.code, e2.code, 'the code does not depend on the language');
  assert.notEqual(e2.message, e1.message, 'the French message is translated');
  assert.ok(!/<html/i.test(en.text_), 'no HTML page for an API address');
});

test('/lang/{code} remembers the choice in a fab_lang cookie that wins over Accept-Language', T, async () => {
  const c = new Client(srv.url, { headers: { 'accept-language': 'fr' } });
  const r = await c.get('/lang/en?next=/no/such/page');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/no/such/page');
  assertCookieFlags(r.headers, { secure: false }, '/lang/en');
  const lang = cookiesOf(r.headers).find((k) => k.name === 'fab_lang');
  assert.ok(lang, 'a fab_lang cookie is set');
  assert.equal(lang.value, 'en');
  assert.ok(Number(lang.attrs.get('max-age')) >= 30 * 86400, 'the choice outlives the browser session');
  const page = await c.get('/no/such/page');
  assert.equal(page.status, 404);
  assert.equal(page.headers.get('content-language'), 'en');
  assert.equal(htmlLang(page.text_), 'en');
  assert.ok(page.text_.includes(EN_404));

  const back = await c.get('/lang/fr?next=/');
  assert.equal(back.status, 303);
  const c2 = new Client(srv.url, { headers: { 'accept-language': 'en' } });
  c2.cookies.set('fab_lang', 'fr');
  const fr = await c2.get('/no/such/page');
  assert.equal(fr.headers.get('content-language'), 'fr');
  assert.equal(htmlLang(fr.text_), 'fr');
  assert.ok(!fr.text_.includes(EN_404), 'French chosen with the cookie, whatever the browser says');
});

test('/lang/{code}: unknown languages are 404 and set nothing; next never leaves the site', T, async () => {
  for (const code of ['de', 'xx', 'english', 'f']) {
    const r = await get(`/lang/${code}?next=/`, { 'accept-language': 'en' });
    assert.equal(r.status, 404, `/lang/${code}`);
    assert.equal(cookiesOf(r.headers).filter((k) => k.name === 'fab_lang').length, 0, `/lang/${code} sets no cookie`);
  }
  for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const r = await get(`/lang/en?next=${encodeURIComponent(next)}`);
    assert.equal(r.status, 303);
    const loc = r.headers.get('location');
    assert.ok(loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\'), `next=${next} sent to ${loc}`);
  }
  const home = await get('/lang/fr');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/');
});

test('an address that is not valid UTF-8 gets 400, not a crash', T, async () => {
  for (const p of ['/%FF', '/static/%C3%28', '/api/v1/%ED%A0%80']) {
    const r = await get(p, { 'accept-language': 'en' });
    assert.equal(r.status, 400, p);
    assertSecurityHeaders(r.headers, p);
  }
  assert.equal((await get('/api/v1/health')).status, 200);
});

test('redirects always carry a Location that is a valid local URI reference (no control characters, spaces or raw non-ASCII)', T, async () => {
  const nexts = ['/\r\nX-Injected: 1', '/a\nb', '/a b"<c', '/café', '/ok?x=1&y=2'];
  for (const next of nexts) {
    const r = await get(`/lang/en?next=${encodeURIComponent(next)}`);
    assert.equal(r.status, 303, `next=${JSON.stringify(next)}`);
    const loc = r.headers.get('location');
    assert.ok(loc, `next=${JSON.stringify(next)}: a 303 answer must have a Location`);
    assert.match(loc, /^\/(?!\/)[\x21-\x7e]*$/, `next=${JSON.stringify(next)}: Location ${JSON.stringify(loc)}`);
    assert.equal(r.headers.get('x-injected'), null, 'no header injection');
  }
});
