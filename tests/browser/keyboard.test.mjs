// keyboard.test.mjs — keyboard use without JavaScript: on every kind of page
// the skip link is the first thing Tab reaches, it shows when focused, and
// following it moves the focus to <main>, so the next Tab lands in the
// content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb } from '../lib/server.mjs';
import { launch, newContext, assertSameOrigin, login } from './browser.mjs';

const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer();
  await addUser(server.db, 'keys@example.org', { admin: true, name: 'Clavier', password: PASSWORD });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

/** Describes the focused element: tag, id, class and whether <main> holds it. */
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute('href'),
    inMain: Boolean(e.closest('main')) && e.tagName !== 'MAIN',
  };
});

/** The first element of the page, in document order, that Tab can reach. */
const firstTabbable = (page) => page.evaluate(() => {
  const sel = 'a[href], button, input, select, textarea, [tabindex]';
  for (const e of document.querySelectorAll(sel)) {
    if (e.disabled || e.type === 'hidden' || e.tabIndex < 0) continue;
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    return e.outerHTML.slice(0, 120);
  }
  return null;
});

async function checkSkipLink(page, path) {
  await page.goto(`${server.url}${path}`);
  const first = await firstTabbable(page);
  assert.match(first, /^<a class="skip" href="#main">/, `${path}: the first focusable element is ${first}`);

  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.equal(f.cls, 'skip', `${path}: Tab does not reach the skip link first`);
  // Hidden until focused, then visible in the viewport, with a focus ring.
  const box = await page.locator('a.skip').boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0, `${path}: the focused skip link is off-screen`);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', `${path}: no visible focus indicator`);

  await page.keyboard.press('Enter');
  // Following a fragment link is asynchronous: wait for it (a missing
  // fragment still fails, after the timeout) before looking at the focus.
  await page.waitForURL((u) => u.hash === '#main', { timeout: 5000 }).catch(() => {});
  assert.equal(new URL(page.url()).hash, '#main');
  f = await focused(page);
  assert.deepEqual([f.tag, f.id], ['main', 'main'], `${path}: the focus did not move to <main>`);

  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.ok(f.inMain, `${path}: after the skip link, Tab goes to ${f.tag}#${f.id}.${f.cls}, not into the content`);
}

test('the skip link comes first and moves the focus to main (anonymous pages)', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  for (const p of ['/', '/login', '/no-such-page']) await checkSkipLink(page, p);
  assertSameOrigin(ctx);
});

test('the skip link comes first and moves the focus to main (signed in, in English)', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false, locale: 'en-US' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await login(page, server.url, 'keys@example.org', PASSWORD);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  for (const p of ['/', '/account', '/admin/users']) await checkSkipLink(page, p);
  assertSameOrigin(ctx);
});

test('the sign-in form can be filled and sent with the keyboard alone', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Enter'); // to main
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'email');
  await page.keyboard.type('keys@example.org');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'password');
  await page.keyboard.type(PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/account');
  assertSameOrigin(ctx);
});
