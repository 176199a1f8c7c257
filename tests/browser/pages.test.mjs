// pages.test.mjs — every page of the site, anonymous and signed in, in French
// and in English, reached the way a person reaches it (links and forms):
//  - axe-core finds no WCAG 2.0/2.1 A or AA violation on any of them;
//  - the Nu HTML checker finds no error in any of them, nor in the stylesheet;
//  - the same tour works with JavaScript disabled;
//  - no page loads anything from another origin, and no page breaks its own
//    Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb } from '../lib/server.mjs';
import {
  launch, newContext, assertSameOrigin, navigate, submitForm, login, axe, formatAxe, nuCheck, formatNu,
} from './browser.mjs';

const LANGS = ['fr', 'en'];
const SKIP_TEXT = { fr: 'Aller au contenu', en: 'Skip to content' };
const PASSWORD = 'correct horse battery';

let server, browser;
/** Raw HTML of every page of the JavaScript tours, for the Nu checker. */
const documents = new Map(); // lang -> [{name, html}]
let expectedPages = 0;

before(async () => {
  server = await startServer();
  await addUser(server.db, 'admin@example.org', { admin: true, name: 'Ada Admin', password: PASSWORD });
  // One member per tour, so that failed sign-ins of one tour never bring
  // another tour's account near the rate limit.
  for (const lang of LANGS) {
    for (const js of ['js', 'nojs']) {
      await addUser(server.db, `member-${lang}-${js}@example.org`, { name: `Membre ${lang} ${js}`, password: PASSWORD });
    }
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

/**
 * Visits every page in one language. check(name, resp, status) is called on
 * each; returns the number of pages visited.
 */
async function tour(ctx, lang, js, check) {
  const base = server.url;
  const page = await ctx.newPage();
  const member = `member-${lang}-${js ? 'js' : 'nojs'}@example.org`;
  const visit = (name, resp, status) => check(page, name, resp, status);
  let n = 0;
  const step = async (name, status, action) => { n++; await visit(name, await action(), status); };

  // Anonymous pages. The browser asks for German, so the server answers in
  // its default language, French; English is chosen with the switch.
  await step('home (anonymous)', 200, async () => {
    let resp = await page.goto(`${base}/`);
    if (lang !== 'fr') resp = await navigate(page, () => page.click(`header a[hreflang="${lang}"]`));
    return resp;
  });
  await step('sign-in form', 200, () => navigate(page, () => page.click('header nav a[href="/login"]')));
  await step('sign-in failed', 401, async () => {
    const resp = await submitForm(page, 'form[action="/login"]', { email: member, password: 'not the password' });
    assert.equal(await page.locator('[role=alert]').count(), 1, 'the failed sign-in shows one alert');
    return resp;
  });
  await step('page not found', 404, () => page.goto(`${base}/no/such/page`));
  await step('sign-in asked by /account', 200, async () => {
    const resp = await page.goto(`${base}/account`);
    assert.equal(new URL(page.url()).pathname, '/login', 'an anonymous /account leads to the sign-in form');
    return resp;
  });

  // A member.
  await step('account after sign-in (flash)', 200, async () => {
    const resp = await submitForm(page, 'form[action="/login"]', { email: member, password: PASSWORD });
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await page.locator('.flash[role=status]').count(), 1, 'a welcome message is shown');
    return resp;
  });
  await step('home (signed in)', 200, () => navigate(page, () => page.click('header nav a[href="/"]')));
  await step('account', 200, () => navigate(page, () => page.click('header nav a[href="/account"]')));
  await step('account, name too long', 422, async () => {
    const resp = await submitForm(page, 'form[action="/account/profile"]', { name: 'x'.repeat(101) });
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
    return resp;
  });
  await step('account, profile saved (flash)', 200, () =>
    submitForm(page, 'form[action="/account/profile"]', { name: `Membre ${lang} renommé` }));
  await step('account, passwords differ', 422, async () => {
    const resp = await submitForm(page, 'form[action="/account/password"]',
      { current: PASSWORD, password: 'a new password 1', confirm: 'a new password 2' });
    assert.equal(await page.locator('form[action="/account/password"] [role=alert]').count(), 1);
    return resp;
  });
  await step('account, new token shown', 201, async () => {
    const resp = await submitForm(page, 'form[action="/account/tokens"]', { token_name: `script ${lang}` });
    assert.match(await page.locator('code.token').innerText(), /^fab_[A-Za-z0-9_-]{43}$/);
    return resp;
  });
  await step('account, wrong password for deletion', 422, async () => {
    const resp = await submitForm(page, 'form[action="/account/delete"]', { delete_password: 'not the password' });
    assert.equal(await page.getAttribute('#delete_password', 'aria-invalid'), 'true');
    return resp;
  });
  await step('administration refused to a member', 403, () => page.goto(`${base}/admin/users`));
  await step('home after sign-out (flash)', 200, () => navigate(page, () => page.click('form.logout button')));

  // An administrator.
  await step('accounts (administrator)', 200, async () => {
    await login(page, base, 'admin@example.org', PASSWORD);
    return navigate(page, () => page.click('header nav a[href="/admin/users"]'));
  });
  await step('accounts, e-mail already used', 409, () => submitForm(page, 'form[action="/admin/users"]',
    { email: member, name: 'Doublon', password: 'long enough password' }));
  await step('accounts, account created (flash)', 200, () => submitForm(page, 'form[action="/admin/users"]',
    { email: `created-${lang}-${js ? 'js' : 'nojs'}@example.org`, name: 'Nouvelle personne', password: 'long enough password' }));
  await page.close();
  return n;
}

/** The checks every page passes, whatever the tour. */
async function checkPage(page, lang, name, resp, status) {
  const where = `${lang} · ${name}`;
  assert.equal(resp.status(), status, `${where}: HTTP status`);
  assert.equal(new URL(resp.url()).origin, server.url, `${where}: left the site`);
  assert.match(resp.headers()['content-type'] || '', /^text\/html/, `${where}: not HTML`);
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${where}: <html lang>`);
  assert.equal((await page.locator('a.skip').innerText()).trim(), SKIP_TEXT[lang], `${where}: not translated`);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one <h1>`);
  assert.equal(await page.locator('main#main').count(), 1, `${where}: one <main id="main">`);
  // The stylesheet applied (it is the only one, from this origin).
  assert.equal(await page.evaluate(() => document.styleSheets.length), 1, `${where}: the stylesheet did not load`);
  return resp.text();
}

for (const lang of LANGS) {
  test(`${lang}: axe-core finds no WCAG 2.1 A/AA violation on any page`, async () => {
    const ctx = await newContext(browser, server.url, { js: true });
    const cspErrors = [];
    ctx.on('page', (p) => p.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Chromium logs every 4xx document as "Failed to load resource"; those
      // statuses are checked page by page. Anything else (a CSP violation, a
      // missing stylesheet or image) is a failure.
      const url = m.location().url || '';
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) &&
          url.startsWith(server.url) && !/^\/(static\/|favicon)/.test(new URL(url).pathname)) return;
      cspErrors.push(`${p.url()}: ${m.text()} (${url})`);
    }));
    const docs = [];
    const problems = [];
    expectedPages = await tour(ctx, lang, true, async (page, name, resp, status) => {
      const html = await checkPage(page, lang, name, resp, status);
      docs.push({ name: `${lang}-${name}`, html });
      const v = await axe(page);
      if (v.length) problems.push(formatAxe(`${lang} · ${name} (${new URL(page.url()).pathname})`, v));
    });
    documents.set(lang, docs);
    assertSameOrigin(ctx);
    await ctx.close();
    assert.equal(docs.length, expectedPages);
    assert.deepEqual(cspErrors, [], 'console errors (Content-Security-Policy violations?)');
    assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
  });

  test(`${lang}: every page works without JavaScript and stays on its origin`, async () => {
    const ctx = await newContext(browser, server.url, { js: false });
    let pages = 0;
    await tour(ctx, lang, false, async (page, name, resp, status) => {
      pages++;
      await checkPage(page, lang, name, resp, status);
    });
    assertSameOrigin(ctx);
    await ctx.close();
    assert.ok(pages >= 17, `only ${pages} pages visited`);
  });
}

test('the Nu HTML checker finds no error in any page nor in the stylesheet', async () => {
  const docs = LANGS.flatMap((l) => documents.get(l) || []);
  assert.equal(docs.length, expectedPages * LANGS.length, 'every page of both languages was captured by the tours');
  const css = await (await fetch(`${server.url}/static/style.css`)).text();
  assert.ok(css.length > 1000, 'the stylesheet was fetched');
  docs.push({ name: 'style.css', css });
  // Two known-bad documents in the same run prove the checker reports
  // errors and that they are traced back to their page.
  docs.push({ name: 'canary-html', html: '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
    + '<body><img src="a.png"><p><div></div></p></body></html>' });
  docs.push({ name: 'canary-css', css: 'p{colour:red}' });
  const { errors, checked } = await nuCheck(docs);
  assert.equal(checked, docs.length);
  const canary = (n) => errors.filter((e) => e.name === n);
  assert.ok(canary('canary-html').length >= 2, `the Nu checker missed the known HTML errors: ${formatNu(errors)}`);
  assert.ok(canary('canary-css').length >= 1, `the Nu checker missed the known CSS error: ${formatNu(errors)}`);
  const real = errors.filter((e) => !e.name.startsWith('canary-'));
  if (real.length) console.log(formatNu(real));
  assert.equal(real.length, 0, `Nu HTML checker errors:\n${formatNu(real)}`);
});

test('the checks can fail: axe and the origin guard catch known problems', async () => {
  // Without the page's CSP, so that the foreign request is really sent out
  // (to "localhost", another origin than 127.0.0.1 for a browser).
  const ctx = await newContext(browser, server.url, { js: true, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  assert.deepEqual(ctx.foreign, []);
  await page.evaluate((port) => {
    const main = document.querySelector('main');
    main.appendChild(document.createElement('input')); // no label
    const img = document.createElement('img'); // no alt
    img.src = `http://localhost:${port}/static/icon.svg`;
    main.appendChild(img);
    const p = document.createElement('p');
    p.textContent = 'faint';
    p.style.color = '#d8d8d8'; // poor contrast on white
    main.appendChild(p);
  }, server.port);
  const ids = (await axe(page)).map((v) => v.id);
  for (const id of ['label', 'image-alt', 'color-contrast']) assert.ok(ids.includes(id), `axe missed ${id}: ${ids}`);
  await page.waitForLoadState('networkidle');
  assert.equal(ctx.foreign.length, 1, 'the origin guard missed a request to another origin');
  await ctx.close();
});
