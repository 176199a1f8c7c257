// cycles.test.mjs — cycles and scenarios in a browser, the way people use
// them: a facilitator creates a cycle and a scenario in the rupture
// template, meets a validation error and fixes it; a participant continues
// an opening; the diff between two revisions shows the change.
//  - with JavaScript, in French and in English: axe-core finds no WCAG 2.1
//    A/AA violation on any page visited, and the Nu HTML checker no error;
//  - without JavaScript the same flow works;
//  - the editor's "add an item" buttons: without JavaScript they submit the
//    form and the server adds a slot; with assets/editor.js the slot is added
//    in place, without a request or a page load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb } from '../lib/server.mjs';
import {
  launch, newContext, assertSameOrigin, navigate, login, axe, formatAxe, nuCheck, formatNu,
} from './browser.mjs';

const PASSWORD = 'correct horse battery';
const RUNS = [
  { name: 'fr-js', lang: 'fr', js: true },
  { name: 'en-js', lang: 'en', js: true },
  { name: 'fr-nojs', lang: 'fr', js: false },
];

let server, browser;
/** HTML of every page of the JavaScript runs, for the Nu checker. */
const documents = [];
/** Pages each run must have visited (filled by the first run). */
const visited = new Map();

before(async () => {
  server = await startServer();
  for (const run of RUNS) {
    await addUser(server.db, `fac-${run.name}@example.org`, { name: `Fanny ${run.name}`, password: PASSWORD });
    await addUser(server.db, `part-${run.name}@example.org`, { name: `Paul ${run.name}`, password: PASSWORD });
  }
  await addUser(server.db, 'editor@example.org', { name: 'Eddy Editor', password: PASSWORD });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

/** Fills fields of a form (text, checkbox, select) and submits it with the
 *  button matching `button` (default: its first submit button). */
async function fillAndSubmit(page, formSel, fields, button = 'button[type=submit]') {
  const form = page.locator(formSel);
  assert.equal(await form.count(), 1, `one form ${formSel}`);
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    assert.equal(await input.count(), 1, `one field ${name} in ${formSel}`);
    const tag = await input.evaluate((e) => e.tagName.toLowerCase());
    if (typeof value === 'boolean') await input.setChecked(value);
    else if (tag === 'select') await input.selectOption(value);
    else await input.fill(value);
  }
  return navigate(page, () => form.locator(button).first().click());
}

/** The editor's own Save button (the "add" buttons have a name). */
const SAVE = 'button[type=submit]:not([name])';

/** Console errors other than the 4xx documents the flow asks for on purpose. */
function watchConsole(ctx) {
  const errors = [];
  ctx.on('page', (p) => p.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url || '';
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) &&
        url.startsWith(server.url) && !/^\/(static\/|favicon)/.test(new URL(url).pathname)) return;
    errors.push(`${p.url()}: ${m.text()} (${url})`);
  }));
  return errors;
}

/**
 * The whole flow for one run: the facilitator and the participant each in a
 * browser context of their own, made by newCtx(). check(page, name, resp,
 * status) is called on every page reached.
 */
async function flow(newCtx, run, check) {
  const base = server.url;
  const slug = `cycle-${run.name}`;
  const fac = await (await newCtx()).newPage();
  const step = async (name, status, action) => {
    const resp = await action();
    await check(fac, name, resp, status);
    return resp;
  };

  await login(fac, base, `fac-${run.name}@example.org`, PASSWORD);
  if (run.lang !== 'fr') await navigate(fac, () => fac.click(`header a[hreflang="${run.lang}"]`));

  // A cycle.
  await step('cycle list', 200, () => navigate(fac, () => fac.click('header nav a[href="/cycles"]')));
  await step('new cycle form', 200, () => navigate(fac, () => fac.click('main a[href="/cycles/new"]')));
  await step('new cycle, refused', 422, async () => {
    const resp = await fillAndSubmit(fac, 'form[action="/cycles"]', { title: 'Villes 2040', slug: 'Pas Valide' });
    assert.equal(await fac.getAttribute('#slug', 'aria-invalid'), 'true');
    assert.equal(await fac.locator('.form-errors a[href="#slug"]').count(), 1);
    return resp;
  });
  await step('cycle page', 200, async () => {
    const resp = await fillAndSubmit(fac, 'form[action="/cycles"]', { title: 'Villes 2040', slug, visibility: 'members', builtins: true });
    assert.equal(new URL(fac.url()).pathname, `/c/${slug}`);
    return resp;
  });
  await step('settings', 200, () => navigate(fac, () => fac.click(`nav.cycle a[href="/c/${slug}/settings"]`)));
  if (run.js) {
    // A browser without a date picker lets anyone type a wrong date.
    await step('settings, phases refused', 422, async () => {
      await fac.evaluate(() => { document.getElementById('phase-0-start').type = 'text'; });
      const resp = await fillAndSubmit(fac, `form[action="/c/${slug}/phases"]`,
        { 'phase-0-name': 'Explorer', 'phase-0-start': '2030-02-30' }, 'button[type=submit]:not([name])');
      assert.equal(await fac.locator('.form-errors a[href="#phase-0-start"]').count(), 1);
      return resp;
    });
  }
  await step('settings, a phase added', 200, async () => {
    // The refused date came back as typed (as text); correct it by emptying it.
    const resp = await fillAndSubmit(fac, `form[action="/c/${slug}/phases"]`, { 'phase-0-name': 'Imaginer', 'phase-0-start': '' }, 'button[name=add]');
    assert.equal(await fac.locator('input[name="phase-1-name"]').count(), 1, 'a second row');
    return resp;
  });
  await step('members', 200, () => navigate(fac, () => fac.click(`nav.cycle a[href="/c/${slug}/members"]`)));
  await step('members, participant added', 200, async () => {
    const resp = await fillAndSubmit(fac, `form[action="/c/${slug}/members"]`, { email: `part-${run.name}@example.org` });
    assert.equal(new URL(fac.url()).pathname, `/c/${slug}/members`);
    assert.equal(await fac.locator(`td:has-text("Paul ${run.name}")`).count(), 1);
    return resp;
  });
  await step('members, invitation link', 200, async () => {
    const resp = await fillAndSubmit(fac, `form[action="/c/${slug}/members"]`, { email: `nobody-${run.name}@example.org` });
    assert.match(await fac.locator('.flash code').innerText(), /\/invitations\/[A-Za-z0-9_-]{20,}$/);
    return resp;
  });

  // A scenario in the rupture template.
  await step('scenarios list (empty)', 200, () => navigate(fac, () => fac.click(`nav.cycle a[href="/c/${slug}/scenarios"]`)));
  await step('new scenario: choose a template', 200, () => navigate(fac, () => fac.click(`main a[href="/c/${slug}/scenarios/new"]`)));
  await step('editor (rupture)', 200, () => navigate(fac, () => fac.click(`main a[href="/c/${slug}/scenarios/new?template=rupture"]`)));
  await step('editor with errors', 422, async () => {
    const resp = await fillAndSubmit(fac, 'form.editor', {
      title: 'Villes sobres', 's.chronique.0.year': 'abc', 's.chronique.0.text': 'Les premières villes sobres',
      's.recit': 'La ville ralentit lentement puis bascule.',
    }, SAVE);
    // The typed values stay; the error summary links to the year, which is described by its message.
    assert.equal(await fac.inputValue('[name="s.chronique.0.year"]'), 'abc');
    assert.equal(await fac.inputValue('#title'), 'Villes sobres');
    assert.equal(await fac.locator('.form-errors a[href="#s.chronique.0.year"]').count(), 1);
    const year = fac.locator('[id="s.chronique.0.year"]');
    assert.equal(await year.getAttribute('aria-invalid'), 'true');
    const described = (await year.getAttribute('aria-describedby')).split(' ')[0];
    assert.ok((await fac.locator(`[id="${described}"]`).innerText()).trim().length > 5, 'the message the input points to');
    // Following the summary's link lands on the field.
    await fac.locator('.form-errors a[href="#s.chronique.0.year"]').click();
    await fac.waitForURL((u) => u.hash === '#s.chronique.0.year');
    return resp;
  });
  let scenarioUrl;
  await step('scenario page', 200, async () => {
    const resp = await fillAndSubmit(fac, 'form.editor', {
      's.chronique.0.year': '2030', 's.chronique.1.year': '2040', 's.chronique.1.text': 'La sobriété devient la norme',
    }, SAVE);
    scenarioUrl = new URL(fac.url()).pathname;
    assert.match(scenarioUrl, new RegExp(`^/c/${slug}/scenarios/[A-Za-z0-9]+$`));
    assert.equal(await fac.locator('h1').innerText(), 'Villes sobres');
    assert.equal(await fac.locator('dl.chronicle dt').count(), 2);
    return resp;
  });
  await step('editor (edit)', 200, () => navigate(fac, () => fac.click(`.actions a[href="${scenarioUrl}/edit"]`)));
  await step('scenario page, revision 2', 200, () => fillAndSubmit(fac, 'form.editor',
    { 's.recit': 'La ville ralentit puis bascule brusquement.' }, SAVE));
  await step('history', 200, async () => {
    const resp = await navigate(fac, () => fac.click(`.actions a[href="${scenarioUrl}/history"]`));
    assert.equal(await fac.locator('tbody tr').count(), 2);
    return resp;
  });
  await step('diff', 200, async () => {
    const resp = await navigate(fac, () => fac.click(`form[action="${scenarioUrl}/diff"] button[type=submit]`));
    const u = new URL(fac.url());
    assert.equal(u.searchParams.get('from'), '1');
    assert.equal(u.searchParams.get('to'), '2');
    assert.match(await fac.locator('ins').first().innerText(), /brusquement/);
    assert.match(await fac.locator('del').first().innerText(), /lentement/);
    return resp;
  });
  await step('print view', 200, async () => {
    await navigate(fac, () => fac.goto(`${base}${scenarioUrl}`));
    const resp = await navigate(fac, () => fac.click(`.actions a[href="${scenarioUrl}/print"]`));
    assert.equal(await fac.locator('nav.cycle').count(), 0, 'no cycle navigation');
    assert.equal(await fac.locator('h1').innerText(), 'Villes sobres');
    return resp;
  });

  // An opening for others to continue.
  await fac.goto(`${base}/c/${slug}/scenarios/new?template=rupture`);
  // An opening may leave required sections empty: here the story itself.
  await fac.fill('[name="title"]', 'Une histoire à poursuivre');
  await fac.fill('[name="s.chronique.0.year"]', '2030');
  await fac.fill('[name="s.chronique.0.text"]', 'Le début');
  // A second date: in place with JavaScript, through the server without.
  const addDate = async (page) => {
    const n = await page.locator('input[name$=".year"][name^="s.chronique."]').count();
    const add = () => page.click('button[name=add][value="s.chronique"]');
    if (run.js) await add();
    else assert.equal((await navigate(page, add)).status(), 200);
    await page.waitForSelector(`input[name="s.chronique.${n}.year"]`, { timeout: 5000 });
    return n;
  };
  assert.equal(await addDate(fac), 1);
  assert.equal(await fac.inputValue('[name="s.chronique.0.text"]'), 'Le début', 'what was typed stays');
  await fillAndSubmit(fac, 'form.editor', {
    's.chronique.1.year': '2031', 's.chronique.1.text': 'La suite du début', opening: true,
  }, SAVE);
  const openingUrl = new URL(fac.url()).pathname;
  assert.match(openingUrl, /\/scenarios\/[A-Za-z0-9]+$/);
  await fac.close();

  // A participant continues it.
  const part = await (await newCtx()).newPage();
  const pstep = async (name, status, action) => {
    const resp = await action();
    await check(part, name, resp, status);
    return resp;
  };
  await login(part, base, `part-${run.name}@example.org`, PASSWORD);
  if (run.lang !== 'fr') await navigate(part, () => part.click(`header a[hreflang="${run.lang}"]`));
  await pstep('scenarios list with an opening', 200, async () => {
    const resp = await navigate(part, () => part.goto(`${base}/c/${slug}/scenarios`));
    assert.equal(await part.locator(`section[aria-labelledby="op-h"] a[href="${openingUrl}"]`).count(), 1);
    return resp;
  });
  await pstep('fork in the editor', 200, async () => {
    const resp = await navigate(part, () => part.click(`form[action="${openingUrl}/fork"] button`));
    assert.match(new URL(part.url()).pathname, /\/scenarios\/[A-Za-z0-9]+\/edit$/);
    return resp;
  });
  await pstep('forked scenario with its family', 200, async () => {
    assert.equal(await part.inputValue('[name="s.chronique.1.text"]'), 'La suite du début', 'the content is copied');
    await part.fill('[name="title"]', 'La suite');
    // The copy holds two dates and a blank slot; one more date.
    assert.equal(await addDate(part), 3);
    assert.equal(await part.inputValue('[name="s.chronique.0.text"]'), 'Le début');
    const resp = await fillAndSubmit(part, 'form.editor', {
      's.chronique.2.year': '2032', 's.chronique.2.text': 'Ça continue',
      's.chronique.3.year': '2033', 's.chronique.3.text': 'Et encore', 's.recit': 'Voici ce qui se passe ensuite.',
    }, SAVE);
    assert.deepEqual(await part.locator('dl.chronicle dt').allInnerTexts(), ['2030', '2031', '2032', '2033']);
    assert.equal(await part.locator(`header a[href="${openingUrl}"]`).count(), 1, 'a link to the parent');
    const family = part.locator('section[aria-labelledby="fam-h"]');
    assert.equal(await family.locator(`a[href="${openingUrl}"]`).count(), 1, 'the parent in the family');
    assert.equal(await family.locator('[aria-current="page"]').innerText(), 'La suite');
    return resp;
  });
  await pstep('opening with its family', 200, async () => {
    const resp = await navigate(part, () => part.click(`section[aria-labelledby="fam-h"] a[href="${openingUrl}"]`));
    assert.equal(await part.locator('section[aria-labelledby="fam-h"] li').count(), 2);
    return resp;
  });
  await part.close();
}

/** Checks every page passes, whatever the run; returns the HTML. */
async function checkPage(page, run, name, resp, status) {
  const where = `${run.name} · ${name}`;
  assert.equal(resp.status(), status, `${where}: HTTP status`);
  assert.equal(new URL(resp.url()).origin, server.url, `${where}: left the site`);
  assert.match(resp.headers()['content-type'] || '', /^text\/html/, `${where}: not HTML`);
  assert.equal(await page.getAttribute('html', 'lang'), run.lang, `${where}: <html lang>`);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one <h1>`);
  assert.equal(await page.locator('main#main').count(), 1, `${where}: one <main id="main">`);
  assert.equal(await page.evaluate(() => document.styleSheets.length), 1, `${where}: the stylesheet did not load`);
  return resp.text();
}

for (const run of RUNS.filter((r) => r.js)) {
  test(`${run.lang}, with JavaScript: the flow, and axe-core finds no WCAG 2.1 A/AA violation on any page`, async () => {
    const contexts = [], consoleErrors = [];
    const newCtx = async () => {
      const ctx = await newContext(browser, server.url, { js: true });
      contexts.push(ctx);
      consoleErrors.push(watchConsole(ctx));
      return ctx;
    };
    const problems = [];
    const names = [];
    await flow(newCtx, run, async (page, name, resp, status) => {
      const html = await checkPage(page, run, name, resp, status);
      names.push(name);
      documents.push({ name: `${run.name}-${name}`, html });
      const v = await axe(page);
      if (v.length) problems.push(formatAxe(`${run.name} · ${name} (${new URL(page.url()).pathname})`, v));
    });
    visited.set(run.name, names);
    for (const ctx of contexts) { assertSameOrigin(ctx); await ctx.close(); }
    assert.ok(names.length >= 20, `only ${names.length} pages`);
    assert.deepEqual(consoleErrors.flat(), [], 'console errors (Content-Security-Policy violations?)');
    assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
  });
}

test('fr, without JavaScript: the same flow works', async () => {
  const run = RUNS.find((r) => !r.js);
  const contexts = [];
  const newCtx = async () => { const c = await newContext(browser, server.url, { js: false }); contexts.push(c); return c; };
  const names = [];
  await flow(newCtx, run, async (page, name, resp, status) => {
    names.push(name);
    await checkPage(page, run, name, resp, status);
  });
  for (const ctx of contexts) { assertSameOrigin(ctx); await ctx.close(); }
  // The same pages as with JavaScript, but the wrong date typed by hand.
  const withJs = visited.get('fr-js');
  if (withJs) assert.deepEqual(names, withJs.filter((n) => n !== 'settings, phases refused'));
});

test('the Nu HTML checker finds no error in the pages of the flow', async () => {
  assert.ok(documents.length >= 40, `only ${documents.length} documents captured`);
  // A known-bad document proves the checker runs and reports.
  const docs = [...documents, { name: 'canary', html: '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></div></p></body></html>' }];
  const { errors, checked } = await nuCheck(docs);
  assert.equal(checked, docs.length);
  assert.ok(errors.some((e) => e.name === 'canary'), 'the Nu checker missed the known error');
  const real = errors.filter((e) => e.name !== 'canary');
  if (real.length) console.log(formatNu(real));
  assert.equal(real.length, 0, `Nu HTML checker errors:\n${formatNu(real)}`);
});

// ---- the editor's "add" buttons ----

/** Signs in as the editor and opens the editor of a new scenario in a fresh cycle. */
async function openEditor(ctx, slug) {
  const page = await ctx.newPage();
  await login(page, server.url, 'editor@example.org', PASSWORD);
  await page.goto(`${server.url}/cycles/new`);
  await fillAndSubmit(page, 'form[action="/cycles"]', { title: `Cycle ${slug}`, slug, builtins: true });
  assert.equal(new URL(page.url()).pathname, `/c/${slug}`);
  const resp = await page.goto(`${server.url}/c/${slug}/scenarios/new?template=rupture`);
  assert.equal(resp.status(), 200);
  return page;
}

test('without JavaScript, "add an item" submits the form and the server answers with one more slot', async (t) => {
  const ctx = await newContext(browser, server.url, { js: false });
  t.after(() => ctx.close());
  const page = await openEditor(ctx, 'ajout-sans-js');
  assert.equal(await page.locator('input[name^="s.concernes."]').count(), 1);
  await page.fill('[name="title"]', 'Gardé');
  await page.fill('[name="s.concernes.0"]', 'les élus');
  const resp = await navigate(page, () => page.click('button[name=add][value="s.concernes"]'));
  assert.equal(resp.status(), 200);
  assert.equal(resp.request().method(), 'POST', 'the form was submitted');
  assert.equal(await page.locator('input[name^="s.concernes."]').count(), 3, 'the item, the usual blank slot and one more');
  assert.equal(await page.inputValue('[name="s.concernes.0"]'), 'les élus', 'the typed value is kept');
  assert.equal(await page.inputValue('[name="title"]'), 'Gardé');
  assert.equal(await page.locator('.form-errors').count(), 0, 'no validation on "add"');
  // Nothing was saved.
  await page.goto(`${server.url}/c/ajout-sans-js/scenarios`);
  assert.equal(await page.locator('main a[href^="/c/ajout-sans-js/scenarios/"]:not([href$="/new"])').count(), 0);
  assertSameOrigin(ctx);
});

test('with JavaScript, "add an item" adds the next slot in place, without a request, and it is saved', async (t) => {
  const ctx = await newContext(browser, server.url, { js: true });
  const consoleErrors = watchConsole(ctx);
  t.after(() => ctx.close());
  const page = await openEditor(ctx, 'ajout-avec-js');
  const url = page.url();
  await page.waitForFunction(() => document.querySelector('script[src^="/static/editor.js"]') !== null);
  await page.evaluate(() => { window.sameDocument = true; });
  let requests = 0;
  page.on('request', () => { requests++; });
  let navigations = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });

  await page.fill('[name="s.concernes.0"]', 'les élus');
  await page.click('button[name=add][value="s.concernes"]');
  await page.waitForSelector('input[name="s.concernes.1"]', { timeout: 5000 });
  assert.equal(page.url(), url, 'the address did not change');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no new document was loaded');
  assert.equal(navigations, 0, 'no navigation');
  assert.equal(requests, 0, 'no request');
  const added = page.locator('input[name="s.concernes.1"]');
  assert.equal(await added.getAttribute('id'), 's.concernes.1', 'the new input has the next id');
  assert.equal(await added.inputValue(), '', 'the new slot is empty');
  assert.equal(await page.locator('label[for="s.concernes.1"]').count(), 1, 'the new input has its label');
  assert.match(await page.locator('label[for="s.concernes.1"]').innerText(), /2$/, 'numbered 2');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 's.concernes.1', 'the focus is in the new slot');
  assert.equal(await page.inputValue('[name="s.concernes.0"]'), 'les élus', 'the first item is untouched');
  // Once more, and in the chronicle (two inputs per slot).
  await page.click('button[name=add][value="s.concernes"]');
  await page.waitForSelector('input[name="s.concernes.2"]', { timeout: 5000 });
  assert.equal(await page.locator('input[name^="s.concernes."]').count(), 3);
  assert.equal(await page.locator('input[name$=".year"]').count(), 1, 'one chronicle slot to begin with');
  await page.click('button[name=add][value="s.chronique"]');
  await page.waitForSelector('input[name="s.chronique.1.year"]', { timeout: 5000 });
  await page.click('button[name=add][value="s.chronique"]');
  await page.waitForSelector('input[name="s.chronique.2.year"]', { timeout: 5000 });
  assert.equal(await page.locator('input[name="s.chronique.2.text"]').count(), 1);
  assert.equal(await page.locator('label[for="s.chronique.2.year"]').count(), 1);
  assert.equal(requests, 0, 'still no request');
  // The axe check of the editor after the additions (ids stay unique, labels match).
  const v = await axe(page);
  assert.equal(v.length, 0, formatAxe('editor after "add" with JavaScript', v));
  const dup = await page.evaluate(() => {
    const seen = new Set(), twice = [];
    for (const e of document.querySelectorAll('[id]')) { if (seen.has(e.id)) twice.push(e.id); seen.add(e.id); }
    return twice;
  });
  assert.deepEqual(dup, [], 'duplicate ids');

  // What was typed in the added slots is saved under the names they got.
  await page.fill('[name="title"]', 'Avec JavaScript');
  await page.fill('[name="s.concernes.1"]', 'les commerçants');
  await page.fill('[name="s.chronique.0.year"]', '2030');
  await page.fill('[name="s.chronique.0.text"]', 'Un');
  await page.fill('[name="s.chronique.1.year"]', '2031');
  await page.fill('[name="s.chronique.1.text"]', 'Deux');
  await page.fill('[name="s.chronique.2.year"]', '2032');
  await page.fill('[name="s.chronique.2.text"]', 'Trois');
  await page.fill('[name="s.recit"]', 'Un récit.');
  const resp = await navigate(page, () => page.click(`form.editor ${SAVE}`));
  assert.equal(resp.status(), 200);
  assert.match(new URL(page.url()).pathname, /^\/c\/ajout-avec-js\/scenarios\/[A-Za-z0-9]+$/);
  assert.deepEqual(await page.locator('#sec-concernes li').allInnerTexts(), ['les élus', 'les commerçants']);
  assert.deepEqual(await page.locator('dl.chronicle dt').allInnerTexts(), ['2030', '2031', '2032']);
  assertSameOrigin(ctx);
  assert.deepEqual(consoleErrors, [], 'console errors');
});
