// account.test.mjs — a member's flows in a browser with JavaScript disabled:
// sign in, a wrong password, the language switch, and the account page
// (display name, API token, download of one's data, deletion).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, addUser, dropDb } from '../lib/server.mjs';
import { launch, newContext, assertSameOrigin, navigate, submitForm, login } from './browser.mjs';

const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

/** A fresh context (no JavaScript, no cookies) and page for one test. */
async function fresh(t, opts) {
  const ctx = await newContext(browser, server.url, { js: false, ...opts });
  t.after(() => ctx.close());
  return { ctx, page: await ctx.newPage() };
}

const flash = (page) => page.locator('main .flash[role=status]').innerText();
const path = (page) => new URL(page.url()).pathname;

test('a member signs in and out', async (t) => {
  const email = 'marie@example.org';
  await addUser(server.db, email, { name: 'Marie Curie', password: PASSWORD });
  const { ctx, page } = await fresh(t);

  await page.goto(`${server.url}/`);
  assert.equal(await page.locator('form.logout').count(), 0, 'anonymous visitors have no sign-out button');
  await navigate(page, () => page.click('header nav a[href="/login"]'));
  const resp = await submitForm(page, 'form[action="/login"]', { email, password: PASSWORD });
  assert.equal(resp.status(), 200);
  assert.equal(path(page), '/account');
  assert.equal(await flash(page), 'Connexion réussie.');
  assert.match(await page.locator('main').innerText(), /marie@example\.org/);
  assert.equal(await page.locator('header nav a[href="/account"]').getAttribute('aria-current'), 'page');

  await navigate(page, () => page.click('header nav a[href="/"]'));
  assert.match(await page.locator('main').innerText(), /Marie Curie/);

  await navigate(page, () => page.click('form.logout button'));
  assert.equal(path(page), '/');
  assert.equal(await page.locator('form.logout').count(), 0);
  assert.equal(await page.locator('header nav a[href="/login"]').count(), 1);
  // Signed out for real: the account page asks to sign in again.
  await page.goto(`${server.url}/account`);
  assert.equal(path(page), '/login');
  assertSameOrigin(ctx);
});

test('a wrong password shows an error tied to the form, and keeps the e-mail', async (t) => {
  const email = 'wrong@example.org';
  await addUser(server.db, email, { password: PASSWORD });
  const { ctx, page } = await fresh(t);
  await page.goto(`${server.url}/login`);
  assert.equal(await page.locator('[role=alert]').count(), 0, 'no error before trying');
  const resp = await submitForm(page, 'form[action="/login"]', { email, password: 'not my password' });
  assert.equal(resp.status(), 401);
  assert.equal(path(page), '/login');

  const alert = page.locator('[role=alert]');
  assert.equal(await alert.count(), 1);
  assert.equal((await alert.innerText()).trim(), 'L’adresse e-mail ou le mot de passe est incorrect.');
  assert.ok(await alert.isVisible());
  // Tied to the form: inside it, or named by aria-describedby on the form
  // or on one of its fields.
  const linked = await page.evaluate(() => {
    const a = document.querySelector('[role=alert]');
    const form = document.querySelector('form[action="/login"]');
    if (form.contains(a)) return true;
    const ids = [form, ...form.elements].flatMap((el) => (el.getAttribute('aria-describedby') || '').split(/\s+/));
    return Boolean(a.id) && ids.includes(a.id);
  });
  assert.ok(linked, 'the error message is neither inside the sign-in form nor referenced by it');
  assert.equal(await page.inputValue('#email'), email, 'the e-mail address is kept');
  assert.equal(await page.inputValue('#password'), '', 'the password is never sent back');
  // Still signed out.
  assert.equal(await page.locator('form.logout').count(), 0);
  assertSameOrigin(ctx);
});

test('French by default; the switch to English is remembered', async (t) => {
  const { ctx, page } = await fresh(t); // the browser asks for German
  let resp = await page.goto(`${server.url}/login`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(resp.headers()['content-language'], 'fr');
  assert.equal(await page.locator('h1').innerText(), 'Se connecter');
  assert.equal(await page.title(), 'Se connecter — fabrique');
  assert.equal(await page.locator('.lang [aria-current]').innerText(), 'Français');

  resp = await navigate(page, () => page.click('header .lang a[hreflang="en"]'));
  assert.equal(path(page), '/login', 'the switch brings back to the same page');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(resp.headers()['content-language'], 'en');
  assert.equal(await page.locator('h1').innerText(), 'Sign in');
  assert.equal(await page.locator('label[for=password]').innerText(), 'Password');
  assert.equal(await page.locator('.lang [aria-current]').innerText(), 'English');

  // The next page, through a link...
  await navigate(page, () => page.click('header nav a[href="/"]'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('header nav a[href="/"]').innerText(), 'Home');
  // ...a new navigation typed in the address bar, in a new tab...
  const other = await ctx.newPage();
  await other.goto(`${server.url}/no-such-page`);
  assert.equal(await other.getAttribute('html', 'lang'), 'en');
  assert.equal(await other.locator('h1').innerText(), 'Page not found');
  // ...and back to French.
  await navigate(other, () => other.click('header .lang a[hreflang="fr"]'));
  assert.equal(await other.getAttribute('html', 'lang'), 'fr');
  await page.goto(`${server.url}/`);
  assert.equal(await page.locator('header nav a[href="/"]').innerText(), 'Accueil');

  // A browser that asks for English gets English without a switch.
  const { page: en } = await fresh(t, { locale: 'en-GB' });
  await en.goto(`${server.url}/`);
  assert.equal(await en.getAttribute('html', 'lang'), 'en');
  assertSameOrigin(ctx);
});

test('account page: display name, API token, download, deletion', async (t) => {
  const email = 'paul@example.org';
  await addUser(server.db, email, { name: 'Paul Otlet', password: PASSWORD });
  const { ctx, page } = await fresh(t);
  await login(page, server.url, email, PASSWORD);
  assert.equal(path(page), '/account');

  // Display name: an invalid one is refused with a message on the field...
  let resp = await submitForm(page, 'form[action="/account/profile"]', { name: 'n'.repeat(101) });
  assert.equal(resp.status(), 422);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  const described = await page.getAttribute('#name', 'aria-describedby');
  assert.ok(described, 'the invalid field names its error');
  assert.match(await page.locator(`#${described}`).innerText(), /100/);
  // ...a valid one is saved.
  resp = await submitForm(page, 'form[action="/account/profile"]', { name: 'Paul M. Otlet' });
  assert.equal(resp.status(), 200);
  assert.equal(path(page), '/account');
  assert.equal(await flash(page), 'Votre profil a été enregistré.');
  assert.equal(await page.inputValue('#name'), 'Paul M. Otlet');
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), null);
  await navigate(page, () => page.click('header nav a[href="/"]'));
  assert.match(await page.locator('main').innerText(), /Paul M\. Otlet/);
  await navigate(page, () => page.click('header nav a[href="/account"]'));

  // An API token, shown once.
  resp = await submitForm(page, 'form[action="/account/tokens"]', { token_name: 'mon script' });
  assert.equal(resp.status(), 201);
  const token = (await page.locator('code.token').innerText()).trim();
  assert.match(token, /^fab_[A-Za-z0-9_-]{43}$/);
  assert.match(await page.locator('code.token').locator('xpath=ancestor::*[@role="status"][1]').innerText(),
    /ne sera plus affiché/);
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200, 'the token works on the API');
  assert.equal((await me.json()).email, email);
  await page.goto(`${server.url}/account`);
  const html = await page.content();
  assert.ok(!html.includes(token), 'the token is not shown a second time');
  assert.ok(!html.includes(token.slice(4)), 'not even without its prefix');
  const row = page.locator('table tbody tr', { hasText: 'mon script' });
  assert.equal(await row.count(), 1, 'the token is listed by name');
  assert.ok(token.startsWith((await row.locator('code').innerText()).replace('…', '')), 'with its first characters');

  // Download of my data: a real file, JSON, with my e-mail address.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/account/export"]')]);
  assert.equal(download.suggestedFilename(), 'fabrique-my-data.json');
  assert.equal(await download.failure(), null);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.ok(JSON.stringify(data).includes(email), 'the export holds my e-mail address');
  assert.ok(JSON.stringify(data).includes('Paul M. Otlet'), 'and my display name');
  assert.equal(path(page), '/account', 'downloading does not leave the page');

  // Deletion needs the password...
  resp = await submitForm(page, 'form[action="/account/delete"]', { delete_password: 'not my password' });
  assert.equal(resp.status(), 422);
  assert.equal(await page.getAttribute('#delete_password', 'aria-invalid'), 'true');
  const again = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(again.status, 200, 'nothing was deleted');
  // ...and with it, the account is gone.
  resp = await submitForm(page, 'form[action="/account/delete"]', { delete_password: PASSWORD });
  assert.equal(resp.status(), 200);
  assert.equal(path(page), '/');
  assert.equal(await flash(page), 'Votre compte a été supprimé. Merci pour vos contributions.');
  assert.equal(await page.locator('form.logout').count(), 0, 'signed out');
  const gone = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(gone.status, 401, 'the token died with the account');

  resp = await login(page, server.url, email, PASSWORD);
  assert.equal(resp.status(), 401, 'signing in again fails');
  assert.equal(path(page), '/login');
  assert.equal(await page.locator('[role=alert]').count(), 1);
  assertSameOrigin(ctx);
});
