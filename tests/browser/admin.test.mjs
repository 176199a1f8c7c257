// admin.test.mjs — an administrator creates an account on /admin/users, in a
// browser with JavaScript disabled; the new person can then sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb } from '../lib/server.mjs';
import { launch, newContext, assertSameOrigin, navigate, submitForm, login } from './browser.mjs';

const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer();
  await addUser(server.db, 'root@example.org', { admin: true, name: 'Grace Admin', password: PASSWORD });
  await addUser(server.db, 'member@example.org', { name: 'Simple Membre', password: PASSWORD });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

const rowOf = (page, email) => page.locator('table tbody tr', { hasText: email });

test('an administrator creates an account, which can then sign in', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await login(page, server.url, 'root@example.org', PASSWORD);
  await navigate(page, () => page.click('header nav a[href="/admin/users"]'));
  assert.equal(new URL(page.url()).pathname, '/admin/users');
  assert.equal(await page.locator('h1').innerText(), 'Comptes');
  assert.equal(await page.locator('table tbody tr').count(), 2);

  // Invalid: a short password. Nothing is created, the typed values stay.
  let resp = await submitForm(page, 'form[action="/admin/users"]',
    { email: 'lea@example.org', name: 'Léa Nouvelle', password: 'short' });
  assert.equal(resp.status(), 422);
  assert.equal(await page.locator('form[action="/admin/users"] [role=alert]').count(), 1);
  assert.match(await page.locator('[role=alert]').innerText(), /10/);
  assert.equal(await page.inputValue('#email'), 'lea@example.org');
  assert.equal(await page.inputValue('#name'), 'Léa Nouvelle');
  assert.equal(await rowOf(page, 'lea@example.org').count(), 0);

  // An address already in use is refused.
  resp = await submitForm(page, 'form[action="/admin/users"]',
    { email: 'member@example.org', name: 'Doublon', password: 'long enough password' });
  assert.equal(resp.status(), 409);
  assert.equal(await page.locator('table tbody tr').count(), 2);

  // Valid.
  resp = await submitForm(page, 'form[action="/admin/users"]',
    { email: 'lea@example.org', name: 'Léa Nouvelle', password: 'long enough password' });
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/admin/users');
  assert.equal(await page.locator('main .flash[role=status]').innerText(), 'Le compte a été créé.');
  const row = rowOf(page, 'lea@example.org');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Léa Nouvelle/);
  assert.match(await row.innerText(), /membre/);
  assert.equal(await page.inputValue('#email'), '', 'the form is empty again');
  assertSameOrigin(ctx);

  // The new account works, and is a plain member.
  const ctx2 = await newContext(browser, server.url, { js: false });
  t.after(() => ctx2.close());
  const lea = await ctx2.newPage();
  resp = await login(lea, server.url, 'lea@example.org', 'long enough password');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(lea.url()).pathname, '/account');
  assert.match(await lea.locator('main').innerText(), /lea@example\.org/);
  assert.equal(await lea.locator('header nav a[href="/admin/users"]').count(), 0);
  resp = await lea.goto(`${server.url}/admin/users`);
  assert.equal(resp.status(), 403);
  assertSameOrigin(ctx2);
});

test('an administrator creates another administrator', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await login(page, server.url, 'root@example.org', PASSWORD);
  await page.goto(`${server.url}/admin/users`);
  const resp = await submitForm(page, 'form[action="/admin/users"]',
    { email: 'boss@example.org', name: 'Deuxième Admin', password: 'another long password', is_admin: true });
  assert.equal(resp.status(), 200);
  assert.match(await rowOf(page, 'boss@example.org').innerText(), /administrat/);

  const ctx2 = await newContext(browser, server.url, { js: false });
  t.after(() => ctx2.close());
  const boss = await ctx2.newPage();
  await login(boss, server.url, 'boss@example.org', 'another long password');
  const r = await navigate(boss, () => boss.click('header nav a[href="/admin/users"]'));
  assert.equal(r.status(), 200);
  assertSameOrigin(ctx);
  assertSameOrigin(ctx2);
});

test('members cannot open the administration', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await login(page, server.url, 'member@example.org', PASSWORD);
  assert.equal(await page.locator('header nav a[href="/admin/users"]').count(), 0);
  const resp = await page.goto(`${server.url}/admin/users`);
  assert.equal(resp.status(), 403);
  assert.equal(await page.locator('h1').innerText(), 'Accès refusé');
  assert.equal(await page.locator('form[action="/admin/users"]').count(), 0);
});
