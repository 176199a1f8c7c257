// seminar.test.mjs — the seminar day in a browser, as a room lives it.
//  - A facilitator creates one seminar per ballot method (approval, dots,
//    Schulze, majority judgment, Borda) from the pages, and moves each one to
//    "vote ouvert" from its control page.
//  - Participants without an account join by the code at /join, in browser
//    contexts of their own: one without JavaScript, one with it (in English
//    for two methods). Each sends a ballot the rules refuse (the error is
//    linked to its field and the values stay), then a ballot, then changes
//    it; the page shows the ballot as recorded. A third person votes too.
//  - The projector view, open in the facilitator's browser with JavaScript,
//    follows the counts live (Server-Sent Events, aria-live region) without
//    reloading, shows no result while the vote is open, reloads itself when
//    the vote closes and then shows the count, and the retained scenarios
//    once they are published.
//  - A ballot sent from a page left open after the vote closed is refused
//    with a clear message and changes nothing.
//  - Results with each method's chart and table, the working groups.
//  - axe-core (WCAG 2.1 A/AA) on every page reached with JavaScript, and the
//    Nu HTML checker on every page reached, with or without it.
//
// Every expected count, ranking and grade below was worked out by hand from
// the rules of DESIGN.md section 3 and the rule texts shown to voters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb, Client } from '../lib/server.mjs';
import {
  launch, newContext, assertSameOrigin, navigate, login, axe, formatAxe, nuCheck, formatNu,
} from './browser.mjs';

const PASSWORD = 'correct horse battery';
const FAC = 'animatrice@example.org';
const SLUG = 'journee-2040';
// Presented in this order; A, B, C, D below.
const SCEN = ['Archipel', 'Bascule', 'Canopée', 'Dérive'];
const [A, B, C, D] = [0, 1, 2, 3];

/**
 * One seminar per method. Ballots give one value per scenario A..D: 1/0 for
 * approval, dots, ranks (null: not ranked), grades 0 (à rejeter) to 6
 * (excellent) (null: not graded). p1 votes without JavaScript, p2 with it;
 * first, then final (a change); p3 is a third voter. Every order expected
 * differs from the order of presentation.
 */
const METHODS = [
  {
    method: 'approval', title: 'Séminaire par approbation', params: { max_approvals: '2' }, p2lang: 'en',
    // K = 2. Final: P1 {A, C}, P2 {C, D}, P3 {A, C} → A 2, B 0, C 3, D 1.
    p1: { bad: [1, 1, 1, 0], first: [0, 1, 0, 0], final: [1, 0, 1, 0] },
    p2: { bad: [1, 1, 1, 1], first: [1, 1, 0, 0], final: [0, 0, 1, 1] },
    p3: [1, 0, 1, 0],
    order: [C, A, D, B], ranks: [1, 2, 3, 4], scores: { [A]: '2', [B]: '0', [C]: '3', [D]: '1' },
  },
  {
    method: 'dots', title: 'Séminaire par gommettes', params: { dots: '5', dots_max: '3' }, p2lang: 'fr',
    // 5 dots, at most 3 on one. Final: P1 B2 D3, P2 A1 B2 D2, P3 C2 D3
    // → A 1, B 4, C 2, D 8.
    p1: { bad: [4, 0, 0, 0], first: [1, 1, 1, 1], final: [0, 2, 0, 3] },
    p2: { bad: [3, 3, 0, 0], first: [2, 0, 3, 0], final: [1, 2, 0, 2] },
    p3: [0, 0, 2, 3],
    order: [D, B, C, A], ranks: [1, 2, 3, 4], scores: { [A]: '1', [B]: '4', [C]: '2', [D]: '8' },
  },
  {
    method: 'schulze', title: 'Séminaire de Schulze', params: { unranked: 'last' }, p2lang: 'fr',
    // Final: P1 B1 D2 A3 (C unranked), P2 D1 B2 (A, C unranked), P3 B1 C2 D3 A4.
    // Pairs (unranked below every ranked one): B>D 2-1, B>A 3-0, B>C 3-0,
    // D>A 3-0, D>C 2-1, A-C 1-1 → B, D, then A and C tied (no path either way).
    p1: { bad: [null, null, null, null], first: [1, 4, 4, null], shownFirst: [1, 2, 2, null], final: [3, 1, null, 2] },
    p2: { first: [1, 1, 2, 2], final: [null, 2, null, 1] },
    p3: [4, 1, 2, 3],
    order: [B, D, A, C], ranks: [1, 2, 3, 3],
    pairwise: { [B]: { [D]: 2, [A]: 3, [C]: 3 }, [D]: { [B]: 1, [A]: 3, [C]: 2 }, [A]: { [B]: 0, [D]: 0, [C]: 1 }, [C]: { [B]: 0, [D]: 1, [A]: 1 } },
  },
  {
    method: 'mj', title: 'Séminaire au jugement majoritaire', params: {}, p2lang: 'en',
    // Final grades: P1 A4 B3 C1 D5, P2 A3 B4 C2 D5, P3 A5 B2 C- D6 (not
    // graded counts as 0). Lower medians of three: A 4 (bien), B 3 (assez
    // bien), C 1 (insuffisant), D 5 (très bien) → D, A, B, C.
    p1: { bad: [null, null, null, null], first: [6, 6, 6, 6], final: [4, 3, 1, 5] },
    p2: { first: [0, 1, 2, 3], final: [3, 4, 2, 5] },
    p3: [5, 2, null, 6],
    order: [D, A, B, C], ranks: [1, 2, 3, 4],
    profiles: { [A]: [0, 0, 0, 1, 1, 1, 0], [B]: [0, 0, 1, 1, 1, 0, 0], [C]: [1, 1, 1, 0, 0, 0, 0], [D]: [0, 0, 0, 0, 0, 2, 1] },
    medians: { [A]: 'bien', [B]: 'assez bien', [C]: 'insuffisant', [D]: 'très bien' },
  },
  {
    method: 'borda', title: 'Séminaire de Borda', params: { unranked: 'last' }, p2lang: 'fr',
    // Final: P1 A1 C2, P2 C1 A2 B3, P3 C1 D2 A3 B4. One point per scenario
    // ranked below (unranked ones below every ranked one): A 3+2+1 = 6,
    // B 0+1+0 = 1, C 2+3+3 = 8, D 0+0+2 = 2 → C, A, D, B.
    p1: { bad: [null, null, null, null], first: [1, 2, 3, 4], final: [1, null, 2, null] },
    p2: { first: [4, 3, 2, 1], final: [2, 3, 1, null] },
    p3: [3, 4, 1, 2],
    order: [C, A, D, B], ranks: [1, 2, 3, 4], scores: { [A]: '6', [B]: '1', [C]: '8', [D]: '2' },
  },
];

const FR = {
  joined: 'Vous avez rejoint le séminaire.',
  cast: 'Votre bulletin est enregistré\u00a0; vous pouvez le modifier jusqu’à la clôture du vote.',
  recordedOn: /^Votre bulletin a été enregistré le \d\d\/\d\d\/\d{4} \d\d:\d\d UTC\. Vous pouvez le modifier jusqu’à la clôture du vote\.$/,
  tooMany: 'Trop de scénarios approuvés.',
  dotsOne: 'Trop de gommettes sur un même scénario.',
  dotsTotal: 'Plus de gommettes que vous n’en avez.',
  empty: 'Le bulletin est vide\u00a0: choisissez au moins un scénario.',
  badRank: 'Choisissez un rang dans la liste.',
  badGrade: 'Choisissez l’une des mentions.',
  closed: 'Le vote est clos\u00a0: votre bulletin n’a pas été enregistré.',
  change: 'Modifier mon bulletin',
  cast1: 'Voter',
};
const EN = {
  joined: 'You have joined the seminar.',
  cast: 'Your ballot is recorded; you can change it until the vote closes.',
  recordedOn: /^Your ballot was recorded on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. You can change it until the vote closes\.$/,
  tooMany: 'Too many scenarios approved.',
  badGrade: 'Choose one of the grades.',
  closed: 'The vote is closed: your ballot was not recorded.',
  change: 'Change my ballot',
  cast1: 'Cast my ballot',
};
const GRADES_FR = ['à rejeter', 'insuffisant', 'passable', 'assez bien', 'bien', 'très bien', 'excellent'];

let server, browser, fac, facCtx, api;
const sc = []; // per scenario: {title, uid}
const sem = {}; // method -> {uid, code, url, ...}
const documents = []; // every page reached, for the Nu checker
const contexts = [];
const consoleErrors = [];

/** Console errors other than the 4xx documents the tests ask for on purpose. */
function watchConsole(ctx) {
  ctx.on('page', (p) => p.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url || '';
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) &&
        url.startsWith(server.url) && !/^\/(static\/|favicon)/.test(new URL(url).pathname)) return;
    consoleErrors.push(`${p.url()}: ${m.text()} (${url})`);
  }));
}

async function context({ js, lang = 'fr' }) {
  const ctx = await newContext(browser, server.url, { js, locale: lang === 'en' ? 'en-GB' : 'de-DE' });
  if (js) watchConsole(ctx);
  contexts.push(ctx);
  return ctx;
}

before(async () => {
  server = await startServer();
  await addUser(server.db, FAC, { name: 'Anna Animatrice', password: PASSWORD });
  // The cycle and its scenarios through the API: the seminar is what is
  // under test here. Members only: the room joins by the code, without accounts.
  api = new Client(server.url);
  await api.login(FAC, PASSWORD);
  const ok = (r, what) => { assert.equal(r.status, 201, `${what}: ${r.text_}`); return r.json_; };
  ok(await api.api('POST', '/api/v1/cycles', { slug: SLUG, title: 'Villes 2040', visibility: 'members', builtins: false }), 'cycle');
  ok(await api.api('POST', `/api/v1/cycles/${SLUG}/templates`, { slug: 'court', name: 'Court', sections: [{ id: 'idee', type: 'text', label: 'Idée' }] }), 'template');
  for (const title of SCEN) {
    const s = ok(await api.api('POST', `/api/v1/cycles/${SLUG}/scenarios`, { template: 'court', title, summary: `Le scénario ${title}.` }), title);
    sc.push({ title, uid: s.uid });
  }
  browser = await launch();
  facCtx = await context({ js: true });
  fac = await facCtx.newPage();
  await login(fac, server.url, FAC, PASSWORD);
});

after(async () => {
  await browser?.close();
  if (server) { await server.stop(); dropDb(server.db); }
});

// ---- helpers ----

/**
 * Checks a page reached by a navigation and keeps its HTML for the Nu
 * checker; runs axe-core when the page's context runs JavaScript. Returns
 * the list of axe violations (formatted), empty when none.
 */
async function check(page, name, resp, { status = 200, lang = 'fr', js = true } = {}) {
  assert.ok(resp, `${name}: no response`);
  const html = await resp.text();
  assert.equal(resp.status(), status, `${name}: HTTP status`);
  assert.equal(new URL(resp.url()).origin, server.url, `${name}: left the site`);
  assert.match(resp.headers()['content-type'] || '', /^text\/html/, `${name}: not HTML`);
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
  assert.equal(await page.locator('h1').count(), 1, `${name}: one <h1>`);
  assert.equal(await page.locator('main#main').count(), 1, `${name}: one <main id="main">`);
  assert.equal(await page.evaluate(() => document.styleSheets.length), 1, `${name}: the stylesheet did not load`);
  documents.push({ name, html });
  if (!js) return [];
  const v = await axe(page);
  return v.length ? [formatAxe(`${name} (${new URL(page.url()).pathname})`, v)] : [];
}

/** Collects axe violations over a test; fails the test at its end. */
function a11y() {
  const problems = [];
  const run = async (...args) => { problems.push(...await check(...args)); };
  run.done = () => assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
  return run;
}

const fieldOf = (k) => `c-${sc[k].uid}`;
const semUrl = (s, suffix = '') => `/c/${SLUG}/seminars/${s.uid}${suffix}`;

/** Fills the ballot form of a method with values[k] for scenario k. */
async function fillBallot(page, method, values) {
  const form = page.locator('form.ballot');
  for (const [k, v] of values.entries()) {
    const name = fieldOf(k);
    switch (method) {
      case 'approval': await form.locator(`input[name="${name}"]`).setChecked(v === 1); break;
      case 'dots': await form.locator(`input[name="${name}"]`).fill(String(v ?? 0)); break;
      case 'mj':
        if (v !== null) await form.locator(`input[name="${name}"][value="${v}"]`).check();
        else assert.equal(await form.locator(`input[name="${name}"]:checked`).count(), 0, 'no grade to take back');
        break;
      default: await form.locator(`select[name="${name}"]`).selectOption(v === null ? '' : String(v));
    }
  }
}

/** What the ballot form shows, in the shape of the values above. */
async function readBallot(page, method) {
  const form = page.locator('form.ballot');
  const out = [];
  for (let k = 0; k < SCEN.length; k++) {
    const name = fieldOf(k);
    switch (method) {
      case 'approval': out.push(await form.locator(`input[name="${name}"]`).isChecked() ? 1 : 0); break;
      case 'dots': out.push(Number(await form.locator(`input[name="${name}"]`).inputValue())); break;
      case 'mj': {
        const on = form.locator(`input[name="${name}"]:checked`);
        out.push(await on.count() ? Number(await on.getAttribute('value')) : null);
        break;
      }
      default: {
        const v = await form.locator(`select[name="${name}"]`).inputValue();
        out.push(v === '' ? null : Number(v));
      }
    }
  }
  return out;
}

/** Submits the ballot form; returns the final response. */
const sendBallot = (page) => navigate(page, () => page.locator('form.ballot button[type=submit]').click());

/**
 * A refused form: the error summary links to the field, the field points to
 * its message, and the message is the one expected.
 */
async function assertLinkedError(page, field, message) {
  const summary = page.locator('.form-errors[role=alert]');
  assert.equal(await summary.count(), 1, 'one error summary');
  const link = summary.locator(`a[href="#${field}"]`);
  assert.equal(await link.count(), 1, `the summary links to #${field}`);
  assert.equal((await link.innerText()).trim(), message);
  const target = page.locator(`[id="${field}"]`);
  assert.equal(await target.count(), 1, `the field #${field} exists`);
  const described = ((await target.getAttribute('aria-describedby')) || '').split(/\s+/);
  assert.ok(described.includes(`${field}-error`), `#${field} is described by its message (${described})`);
  assert.equal((await page.locator(`[id="${field}-error"]`).innerText()).trim(), message);
  return target;
}

/** Opens the facilitator's control page of a seminar. */
async function control(s) {
  return navigate(fac, () => fac.goto(`${server.url}${semUrl(s, '/control')}`));
}

/** Clicks the control page's button moving the seminar to state `to`. */
async function moveTo(s, to, label) {
  const button = fac.locator(`form[action="${semUrl(s, '/state')}"]:has(input[name=to][value="${to}"]) button[type=submit]`);
  assert.equal(await button.count(), 1, `a button to move to ${to}`);
  assert.equal((await button.innerText()).trim(), label);
  const resp = await navigate(fac, () => button.click());
  assert.equal(new URL(fac.url()).pathname, semUrl(s, '/control'));
  assert.equal(await fac.locator('main .flash[role=status]').innerText(), 'Le séminaire est passé à l’étape suivante.');
  return resp;
}

const currentState = async () => (await fac.locator('ol.states li[aria-current=step]').innerText()).trim();

/** The counts shown on a projector page, read inside its aria-live region. */
async function projectorCounts(proj) {
  const live = proj.locator('[aria-live=polite]');
  assert.equal(await live.count(), 1, 'one aria-live region');
  return {
    joined: Number(await live.locator('#n-joined').innerText()),
    ballots: Number(await live.locator('#n-ballots').innerText()),
    text: await live.innerText(),
  };
}

/** Waits until the projector shows these counts, without any reload. */
async function waitCounts(proj, joined, ballots, what) {
  try {
    await proj.waitForFunction(([j, b]) => {
      const live = document.querySelector('[aria-live=polite]');
      const nj = live && live.querySelector('#n-joined');
      const nb = live && live.querySelector('#n-ballots');
      return nj && nb && nj.textContent === String(j) && nb.textContent === String(b);
    }, [joined, ballots], { timeout: 10000 });
  } catch (e) {
    const now = await projectorCounts(proj);
    assert.fail(`${what}: the projector shows ${now.joined} joined, ${now.ballots} ballots; expected ${joined}, ${ballots}`);
  }
  const c = await projectorCounts(proj);
  assert.match(c.text, new RegExp(`\\b${joined}\\b[\\s\\S]*\\b${ballots}\\b`), 'the live region reads the counts');
  assert.equal(await proj.evaluate(() => window.sameDocument), true, `${what}: the projector did not reload`);
}

/** No result on the projector: no results section, no chart, no retained list. */
async function assertNoResults(proj, what) {
  assert.equal(await proj.locator('#res-h').count(), 0, `${what}: no results heading`);
  assert.equal(await proj.locator('figure.chart, ol.retained, table').count(), 0, `${what}: no chart, table or retained list`);
  assert.doesNotMatch(await proj.locator('main').innerText(), /retenu|comptés?|Résultats/, `${what}: no result text`);
}

/** The rows of a table as arrays of cell texts (th and td). */
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.innerText.trim())));
}

/** A person without an account, outside the browser, joins and votes. */
async function thirdVoter(s, nickname, values) {
  const c = new Client(server.url);
  let r = await c.post('/join', { code: s.code, nickname, org_kind: 'recherche' });
  assert.equal(r.status, 303, `${nickname} joins: ${r.text_.slice(0, 300)}`);
  const f = {};
  values.forEach((v, k) => { if (v !== null) f[fieldOf(k)] = String(v); });
  r = await c.post(semUrl(s, '/ballot'), f);
  assert.equal(r.status, 303, `${nickname} votes: ${r.text_.slice(0, 300)}`);
}

// ---- 1. the facilitator prepares the seminars ----

test('a facilitator creates a seminar per ballot method and opens the vote from the control page; a participant follows along', async () => {
  const run = a11y();
  const base = server.url;
  await run(fac, 'seminars, none yet', await navigate(fac, () => fac.goto(`${base}/c/${SLUG}/seminars`)));
  assert.equal(await fac.locator('main table').count(), 0, 'no seminar yet');

  for (const [i, m] of METHODS.entries()) {
    await navigate(fac, () => fac.goto(`${base}/c/${SLUG}/seminars`));
    const resp = await navigate(fac, () => fac.click(`main a[href="/c/${SLUG}/seminars/new"]`));
    if (i === 0) await run(fac, 'new seminar form', resp);
    const form = fac.locator(`form[action="/c/${SLUG}/seminars"]`);
    assert.equal(await form.count(), 1);
    for (const t of SCEN) {
      const box = form.locator('#candidates .check').filter({ hasText: t }).locator('input[type=checkbox]');
      assert.equal(await box.count(), 1, `a box for ${t}`);
      await box.setChecked(true);
    }
    await form.locator('select[name=method]').selectOption(m.method);
    for (const [k, v] of Object.entries(m.params)) {
      const input = form.locator(`[name="${k}"]`);
      if (await input.evaluate((e) => e.tagName === 'SELECT')) await input.selectOption(v);
      else await input.fill(v);
    }
    if (i === 0) {
      // Refused first: as many to retain as there are candidates.
      await form.locator('[name=title]').fill(m.title);
      await form.locator('[name=seats]').fill('4');
      const refused = await navigate(fac, () => form.locator('button[type=submit]').click());
      await run(fac, 'new seminar, refused', refused, { status: 422 });
      const seats = await assertLinkedError(fac, 'seats', 'Retenez moins de scénarios qu’il n’y a de candidats.');
      assert.equal(await seats.getAttribute('aria-invalid'), 'true');
      assert.equal(await seats.inputValue(), '4', 'the value typed stays');
      assert.equal(await form.locator('select[name=method]').inputValue(), m.method, 'the method chosen stays');
      assert.equal(await form.locator('[name=max_approvals]').inputValue(), '2', 'the parameter typed stays');
      assert.equal(await form.locator('#candidates input:checked').count(), 4, 'the candidates chosen stay');
    }
    await form.locator('[name=title]').fill(m.title);
    await form.locator('[name=seats]').fill('2');
    const created = await navigate(fac, () => form.locator('button[type=submit]').click());
    const path = new URL(fac.url()).pathname;
    const mm = new RegExp(`^/c/${SLUG}/seminars/([A-Za-z0-9]+)/control$`).exec(path);
    assert.ok(mm, `the control page after creating: ${path}`);
    assert.equal(await fac.locator('main .flash[role=status]').innerText(), 'Le séminaire a été créé.');
    const code = (await fac.locator('strong.code').innerText()).trim();
    assert.match(code, /^[A-Z0-9]{6}$/, 'a join code of six characters');
    const s = { ...m, uid: mm[1], code };
    sem[m.method] = s;
    assert.equal(await currentState(), 'préparation (en cours)');
    if (i === 0) await run(fac, 'control, preparation', created);

    if (m.method === 'approval') {
      // Someone joins early, with the code on the screen, from their phone.
      const ctx = await context({ js: true });
      const p = await ctx.newPage();
      s.early = p;
      let r = await navigate(p, () => p.goto(`${base}/join?code=${code}`));
      await run(p, 'join form with the code of the link', r);
      assert.equal(await p.inputValue('#code'), `${code.slice(0, 3)} ${code.slice(3)}`, 'the code of the link, as it is read');
      await p.fill('#nickname', 'Ariane');
      await p.selectOption('#org_kind', 'association');
      r = await navigate(p, () => p.click('form[action="/join"] button[type=submit]'));
      await run(p, 'participant, preparation', r);
      assert.equal(new URL(p.url()).pathname, semUrl(s));
      assert.equal(await p.locator('main .flash[role=status]').innerText(), FR.joined);
      assert.match(await p.locator('main').innerText(), /Vous participez sous le nom Ariane \(association\)\./);
      assert.match(await p.locator('main').innerText(), /Le séminaire n’a pas encore commencé\./);
      assert.deepEqual(await p.locator('ol.candidates h3').allInnerTexts(), SCEN, 'the candidates in their order');
      assert.match(await p.locator('main').innerText(), /Approuvez les scénarios que vous soutenez \(2 au plus\)\./, 'the rule, before the vote');
      assert.equal(await p.locator('form.ballot').count(), 0, 'no ballot before the vote opens');

      r = await moveTo(s, 'presentation', 'Commencer la présentation');
      await run(fac, 'control, presentation', r);
      assert.equal(await currentState(), 'présentation (en cours)');
      r = await navigate(p, () => p.reload());
      await run(p, 'participant, presentation', r);
      assert.match(await p.locator('p.lead').innerText(), /État\s: présentation/);
      assert.equal(await p.locator('form.ballot').count(), 0, 'still no ballot');
      // The facilitator puts a scenario on stage; the participant's page marks it.
      await navigate(fac, () => fac.locator('ol.present li').filter({ hasText: SCEN[B] }).locator('button[type=submit]').click());
      assert.match(await fac.locator('ol.present li').filter({ hasText: SCEN[B] }).innerText(), /en cours de présentation|présenté/i);
      await navigate(p, () => p.reload());
      assert.deepEqual(await p.locator('ol.candidates li[aria-current=true] h3').allInnerTexts(), [SCEN[B]], 'the scenario on stage is marked');
      r = await moveTo(s, 'vote_open', 'Ouvrir le vote');
      await run(fac, 'control, vote open', r);
    } else {
      await moveTo(s, 'presentation', 'Commencer la présentation');
      await moveTo(s, 'vote_open', 'Ouvrir le vote');
    }
    assert.equal(await currentState(), 'vote ouvert (en cours)');
    assert.equal(await fac.locator(`form[action="${semUrl(s, '/state')}"] input[value=vote_closed]`).count(), 1, 'the vote can be closed next');
  }

  const r = await navigate(fac, () => fac.goto(`${base}/c/${SLUG}/seminars`));
  await run(fac, 'seminars of the cycle', r);
  const rows = await tableRows(fac.locator('main table'));
  assert.equal(rows.length, 5);
  for (const m of METHODS) assert.ok(rows.some((row) => row[0].startsWith(m.title) && row[2] === 'vote ouvert' && row[3] === '2'), `${m.title} is listed, vote open`);
  run.done();
});

// ---- 2 and 3. participants vote; the projector follows live ----

for (const m of METHODS) {
  test(`${m.method}: participants join by code and vote without and with JavaScript; the projector follows live`, async () => {
    const s = sem[m.method];
    assert.ok(s, 'the seminar was created');
    const run = a11y();
    const base = server.url;
    const L2 = s.p2lang === 'en' ? EN : FR;

    // The projector, on the room's screen.
    const proj = await facCtx.newPage();
    s.proj = proj;
    let r = await navigate(proj, () => proj.goto(`${base}${semUrl(s, '/projector')}`));
    await run(proj, `${m.method}: projector, vote open`, r);
    assert.equal(await proj.locator('header.site, nav').count(), 0, 'a screen of its own, without the site navigation');
    assert.equal(await proj.locator('.join-code').innerText(), `${s.code.slice(0, 3)} ${s.code.slice(3)}`);
    assert.equal(await proj.locator('.join-screen svg').count(), 1, 'the QR code');
    assert.match(await r.text(), /<noscript><meta http-equiv="refresh" content="\d+"><\/noscript>/, 'without JavaScript the screen refreshes itself');
    await assertNoResults(proj, 'vote open');
    await proj.waitForFunction(() => document.querySelector('script[src^="/static/seminar.js"]'));
    await proj.evaluate(() => { window.sameDocument = true; });
    let navigations = 0;
    proj.on('framenavigated', (f) => { if (f === proj.mainFrame()) navigations++; });
    const start = await projectorCounts(proj);
    assert.equal(start.ballots, 0);
    assert.equal(start.joined, m.method === 'approval' ? 1 : 0, 'who joined before');
    let joined = start.joined, ballots = 0;

    // P1, without JavaScript, types the code in lower case with a space.
    const c1 = await context({ js: false });
    const p1 = await c1.newPage();
    s.p1 = p1;
    r = await navigate(p1, () => p1.goto(`${base}/join`));
    await run(p1, `${m.method}: join form (no JS)`, r, { js: false });
    await p1.fill('#code', `${s.code.slice(0, 3).toLowerCase()} ${s.code.slice(3).toLowerCase()}`);
    await p1.fill('#nickname', `Paul ${m.method}`);
    await p1.selectOption('#org_kind', 'pme');
    r = await navigate(p1, () => p1.click('form[action="/join"] button[type=submit]'));
    await run(p1, `${m.method}: ballot form (no JS)`, r, { js: false });
    assert.equal(new URL(p1.url()).pathname, semUrl(s));
    assert.equal(await p1.locator('main .flash[role=status]').innerText(), FR.joined);
    assert.match(await p1.locator('p.lead').innerText(), /État\s: vote ouvert/);
    assert.equal(await p1.locator('form.ballot').count(), 1, 'the ballot form');
    assert.equal((await p1.locator('form.ballot button[type=submit]').innerText()).trim(), FR.cast1);
    await waitCounts(proj, ++joined, ballots, 'P1 joined');

    // The rule of the method is on the page, before the form.
    const ruleBeforeForm = (text) => p1.evaluate((t) => {
      const form = document.querySelector('form.ballot');
      const p = [...document.querySelectorAll('main p')].find((e) => e.textContent.includes(t));
      return !!p && !!(p.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
    }, text);
    if (m.method === 'mj') {
      assert.ok(await ruleBeforeForm('La mention majoritaire d’un scénario est la médiane des mentions qu’il a reçues'), 'the majority grade, explained before the form');
      assert.ok(await ruleBeforeForm('on retient la plus basse des deux mentions du milieu'), 'the lower median, before the form');
      assert.ok(await ruleBeforeForm('on retire à chacun une mention médiane'), 'the tie-break, before the form');
      assert.ok(await ruleBeforeForm('Un scénario auquel vous ne donnez pas de mention compte comme «\u00a0à rejeter\u00a0».'), 'an ungraded scenario, before the form');
      for (let k = 0; k < 4; k++) {
        const labels = await p1.locator(`fieldset[id="${fieldOf(k)}"] label`).allInnerTexts();
        assert.deepEqual(labels.map((x) => x.trim()), GRADES_FR, 'seven named grades');
        assert.equal(await p1.locator(`fieldset[id="${fieldOf(k)}"] legend`).innerText(), SCEN[k]);
      }
    } else if (m.method === 'approval') {
      assert.ok(await ruleBeforeForm('Approuvez les scénarios que vous soutenez (2 au plus).'));
    } else if (m.method === 'dots') {
      assert.ok(await ruleBeforeForm('Vous avez 5 gommettes à répartir entre les scénarios. Vous pouvez mettre au plus 3 gommettes sur un même scénario.'));
    } else {
      assert.ok(await ruleBeforeForm('Un scénario laissé sans rang compte comme placé après tous ceux que vous classez.'));
      assert.ok(await ruleBeforeForm(m.method === 'schulze' ? 'par une chaîne de majorités' : 'chaque scénario gagne un point pour chaque scénario classé après lui'));
    }

    // A ballot the rules refuse: a linked error, the values stay.
    await fillBallot(p1, m.method, m.p1.bad);
    r = await sendBallot(p1);
    await run(p1, `${m.method}: ballot refused (no JS)`, r, { status: 422, js: false });
    if (m.method === 'approval') {
      await assertLinkedError(p1, 'ballot', FR.tooMany);
      assert.equal(await p1.getAttribute('#ballot', 'class'), 'invalid');
    } else if (m.method === 'dots') {
      const field = await assertLinkedError(p1, fieldOf(A), FR.dotsOne);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
    } else {
      await assertLinkedError(p1, 'ballot', FR.empty);
    }
    assert.deepEqual(await readBallot(p1, m.method), m.p1.bad, 'the values typed stay');
    await waitCounts(proj, joined, ballots, 'a refused ballot is not counted');

    // A ballot, then a change.
    await fillBallot(p1, m.method, m.p1.first);
    r = await sendBallot(p1);
    await run(p1, `${m.method}: ballot recorded (no JS)`, r, { js: false });
    assert.equal(new URL(p1.url()).pathname, semUrl(s));
    assert.equal(await p1.locator('main .flash[role=status]').innerText(), FR.cast);
    assert.match((await p1.locator('section[aria-labelledby=ballot-h] p.notice').innerText()).trim(), FR.recordedOn);
    assert.deepEqual(await readBallot(p1, m.method), m.p1.shownFirst || m.p1.first, 'the page shows the ballot recorded');
    assert.equal((await p1.locator('form.ballot button[type=submit]').innerText()).trim(), FR.change);
    await waitCounts(proj, joined, ++ballots, 'P1 voted');
    await fillBallot(p1, m.method, m.p1.final);
    r = await sendBallot(p1);
    assert.equal(r.status(), 200);
    assert.equal(await p1.locator('main .flash[role=status]').innerText(), FR.cast);
    assert.deepEqual(await readBallot(p1, m.method), m.p1.final, 'the page shows the changed ballot');

    // P2, with JavaScript, in English for some methods.
    const c2 = await context({ js: true, lang: s.p2lang });
    const p2 = await c2.newPage();
    s.p2 = p2;
    r = await navigate(p2, () => p2.goto(`${base}/join`));
    await run(p2, `${m.method}: join form (${s.p2lang})`, r, { lang: s.p2lang });
    await p2.fill('#code', s.code);
    await p2.fill('#nickname', `Zoé ${m.method}`);
    await p2.selectOption('#org_kind', 'collectivite');
    r = await navigate(p2, () => p2.click('form[action="/join"] button[type=submit]'));
    await run(p2, `${m.method}: ballot form (${s.p2lang})`, r, { lang: s.p2lang });
    assert.equal(await p2.locator('main .flash[role=status]').innerText(), L2.joined);
    assert.equal((await p2.locator('form.ballot button[type=submit]').innerText()).trim(), L2.cast1);
    await waitCounts(proj, ++joined, ballots, 'P2 joined');

    // A refused ballot with JavaScript: the rules for approval and dots; a
    // value the form does not offer for the ranked ballots and the grades
    // (as a modified page would send).
    if (m.method === 'approval' || m.method === 'dots') {
      await fillBallot(p2, m.method, m.p2.bad);
      r = await sendBallot(p2);
      await run(p2, `${m.method}: ballot refused (${s.p2lang})`, r, { status: 422, lang: s.p2lang });
      await assertLinkedError(p2, 'ballot', m.method === 'approval' ? L2.tooMany : FR.dotsTotal);
      assert.deepEqual(await readBallot(p2, m.method), m.p2.bad, 'the values typed stay');
    } else {
      await fillBallot(p2, m.method, m.p2.first);
      const field = fieldOf(C);
      if (m.method === 'mj') {
        await p2.locator(`input[name="${field}"][value="6"]`).evaluate((e) => { e.value = '7'; e.checked = true; });
      } else {
        await p2.locator(`select[name="${field}"]`).evaluate((e) => { e.add(new Option('9', '9')); e.value = '9'; });
      }
      r = await sendBallot(p2);
      await run(p2, `${m.method}: ballot refused (${s.p2lang})`, r, { status: 422, lang: s.p2lang });
      const target = await assertLinkedError(p2, field, m.method === 'mj' ? L2.badGrade : FR.badRank);
      if (m.method !== 'mj') assert.equal(await target.getAttribute('aria-invalid'), 'true');
      const kept = [...m.p2.first];
      kept[C] = null; // a value the form does not offer cannot be shown again
      assert.deepEqual(await readBallot(p2, m.method), kept, 'the other values typed stay');
      // The summary's link leads to the field.
      await p2.locator(`.form-errors a[href="#${field}"]`).click();
      await p2.waitForURL((u) => u.hash === `#${field}`);
    }
    await fillBallot(p2, m.method, m.p2.first);
    r = await sendBallot(p2);
    await run(p2, `${m.method}: ballot recorded (${s.p2lang})`, r, { lang: s.p2lang });
    assert.equal(await p2.locator('main .flash[role=status]').innerText(), L2.cast);
    assert.match((await p2.locator('section[aria-labelledby=ballot-h] p.notice').innerText()).trim(), L2.recordedOn);
    assert.deepEqual(await readBallot(p2, m.method), m.p2.first);
    await waitCounts(proj, joined, ++ballots, 'P2 voted');
    await fillBallot(p2, m.method, m.p2.final);
    r = await sendBallot(p2);
    assert.equal(r.status(), 200);
    assert.equal((await p2.locator('form.ballot button[type=submit]').innerText()).trim(), L2.change);
    assert.deepEqual(await readBallot(p2, m.method), m.p2.final, 'the page shows the changed ballot');

    // A third voter: the early participant's phone, or someone outside the browser.
    if (m.method === 'approval') {
      const p3 = s.early;
      r = await navigate(p3, () => p3.reload());
      await fillBallot(p3, m.method, m.p3);
      r = await sendBallot(p3);
      assert.equal(r.status(), 200);
      assert.deepEqual(await readBallot(p3, m.method), m.p3);
    } else {
      await thirdVoter(s, `Claire ${m.method}`, m.p3);
      joined++;
    }
    // Every change counted once; still no result and no reload.
    await waitCounts(proj, joined, ++ballots, 'P3 voted');
    assert.equal(ballots, 3);
    assert.equal(joined, 3);
    await assertNoResults(proj, 'after the votes');
    assert.equal(navigations, 0, 'the projector never navigated');
    run.done();
  });
}

// ---- 3 and 4. the vote closes ----

/** The recorded ballot as the French page words it. */
function shownChoice(method, v) {
  switch (method) {
    case 'approval': return v === 1 ? 'approuvé' : 'non approuvé';
    case 'dots': return `${v} gommette${v > 1 ? 's' : ''}`;
    case 'mj': return v === null ? 'sans mention (compte comme «\u00a0à rejeter\u00a0»)' : GRADES_FR[v];
    default: return v === null ? 'sans rang' : `rang ${v}`;
  }
}

for (const m of METHODS) {
  test(`${m.method}: the vote closes; the projector reloads itself to the count; a late ballot is refused and changes nothing`, async () => {
    const s = sem[m.method];
    assert.ok(s && s.p1, 'the vote took place');
    const run = a11y();
    const proj = s.proj;
    await assertNoResults(proj, 'until the vote closes');

    await control(s);
    const reloaded = proj.waitForNavigation({ waitUntil: 'load', timeout: 10000 });
    let r = await moveTo(s, 'vote_closed', 'Clore le vote');
    await run(fac, `${m.method}: control, vote closed`, r);
    assert.equal(await currentState(), 'vote clos (en cours)');
    // The control page shows the outcome: the ranking, no tie.
    const ranking = await tableRows(fac.locator('main table:has(> caption:text-is("Classement"))'));
    assert.deepEqual(ranking.map((row) => row[1]), m.order.map((k) => SCEN[k]), 'the ranking');
    assert.deepEqual(ranking.map((row) => row[2]), ['✓ retenu', '✓ retenu', 'non retenu', 'non retenu']);
    assert.equal(await fac.locator(`form[action="${semUrl(s, '/resolve')}"]`).count(), 0, 'no tie to resolve');

    // The projector reloads itself when the state changes, and shows the count.
    r = await reloaded;
    await run(proj, `${m.method}: projector, vote closed`, r);
    assert.equal(await proj.evaluate(() => window.sameDocument), undefined, 'a new document');
    assert.match(await proj.locator('p.lead').innerText(), /État\s: vote clos/);
    assert.equal(await proj.locator('.join-screen').count(), 0, 'no more joining code');
    assert.equal(await proj.locator('#res-h').innerText(), 'Résultats');
    assert.match(await proj.locator('section[aria-labelledby=res-h]').innerText(), /3 bulletins comptés\./);
    assert.deepEqual(await proj.locator('ol.retained li').allInnerTexts(), m.order.slice(0, 2).map((k) => SCEN[k]), 'the retained, in order');
    assert.equal((await projectorCounts(proj)).ballots, 3);

    // P1's page was left open on the ballot form: the ballot it sends now is refused.
    const p1 = s.p1;
    const late = [...m.p1.first];
    await fillBallot(p1, m.method, late);
    r = await sendBallot(p1);
    await run(p1, `${m.method}: late ballot refused (no JS)`, r, { status: 409, js: false });
    assert.equal((await p1.locator('.form-errors[role=alert]').innerText()).trim(), FR.closed);
    assert.equal(await p1.locator('form.ballot').count(), 0, 'no ballot form any more');
    // What is recorded is the last ballot sent in time.
    const mine = await tableRows(p1.locator('main table'));
    assert.deepEqual(mine, m.p1.final.map((v, k) => [SCEN[k], shownChoice(m.method, v)]), 'the recorded ballot, unchanged');
    const t = await p1.locator('main').innerText();
    assert.match(t, /Le vote est clos\. Les résultats seront bientôt annoncés\./);
    // The participant with JavaScript sees the same state.
    r = await navigate(s.p2, () => s.p2.reload());
    await run(s.p2, `${m.method}: participant, vote closed (${s.p2lang})`, r, { lang: s.p2lang });
    assert.equal(await s.p2.locator('form.ballot').count(), 0);
    assert.equal(await s.p2.locator('main table tbody tr').count(), 4, 'their recorded ballot');
    // The results are not public yet.
    assert.equal(await s.p2.locator(`a[href="${semUrl(s, '/results')}"]`).count(), 0, 'no link to results yet');
    const early = await s.p2.request.get(`${server.url}${semUrl(s, '/results')}`);
    assert.equal(early.status(), 403, 'no results for participants before they are published');
    // Nothing changed in the count.
    const json = await fac.request.get(`${server.url}${semUrl(s, '/results.json')}`);
    assert.equal(json.status(), 200);
    const res = await json.json();
    assert.equal(res.ballots, 3);
    assert.equal(res.tie, false);
    assert.deepEqual(res.retained, m.order.slice(0, 2).map((k) => sc[k].uid));
    run.done();
  });
}

// ---- 3 and 5. publishing; results with each method's chart ----

for (const m of METHODS) {
  test(`${m.method}: the results are published; the projector and the results page show them with their chart`, async () => {
    const s = sem[m.method];
    assert.ok(s && s.proj, 'the vote closed');
    const run = a11y();
    const proj = s.proj;
    await control(s);
    const reloaded = proj.waitForNavigation({ waitUntil: 'load', timeout: 10000 });
    let r = await moveTo(s, 'results', 'Publier les résultats');
    await run(fac, `${m.method}: control, results`, r);
    assert.equal(await currentState(), 'résultats (en cours)');
    r = await reloaded;
    await run(proj, `${m.method}: projector, results`, r);
    assert.match(await proj.locator('p.lead').innerText(), /État\s: résultats/);
    assert.deepEqual(await proj.locator('ol.retained li').allInnerTexts(), m.order.slice(0, 2).map((k) => SCEN[k]));
    // The projector's chart: a figure with its table, or the Schulze ranking.
    if (m.method === 'schulze') {
      const rows = await tableRows(proj.locator('section[aria-labelledby=res-h] table'));
      assert.deepEqual(rows.map((row) => [Number(row[0]), row[1]]), m.order.map((k, i) => [m.ranks[i], SCEN[k]]));
    } else {
      assert.equal(await proj.locator('figure.chart svg').count(), 1, 'a chart');
      assert.equal(await proj.locator('figure.chart table').count(), 1, 'its table');
    }
    await proj.close();

    // A participant follows the link to the results.
    const p = s.p2;
    const lang = s.p2lang;
    r = await navigate(p, () => p.reload());
    await run(p, `${m.method}: participant, results (${lang})`, r, { lang });
    r = await navigate(p, () => p.click(`main a[href="${semUrl(s, '/results')}"]`));
    await run(p, `${m.method}: results page (${lang})`, r, { lang });
    const retained = lang === 'en' ? '✓ retained' : '✓ retenu';
    const not = lang === 'en' ? 'not retained' : 'non retenu';
    const ranking = await tableRows(p.locator(`main table:has(> caption:text-is("${lang === 'en' ? 'Ranking' : 'Classement'}"))`));
    assert.deepEqual(ranking, m.order.map((k, i) => [String(m.ranks[i]), SCEN[k], i < 2 ? retained : not]), 'the ranking, the retained marked');
    const fig = p.locator('figure.chart');
    assert.equal(await fig.count(), 1, 'one chart');
    assert.equal(await fig.locator('svg').count(), 1, 'an SVG chart');
    const svgName = await fig.locator('svg').first().evaluate((e) => e.getAttribute('aria-labelledby') || e.getAttribute('aria-label') || e.getAttribute('role'));
    assert.ok(svgName, 'the SVG is named or marked');
    assert.equal(await fig.locator('figcaption').count(), 1);
    if (m.scores) {
      // Bars with a table beside: one row per scenario with its score.
      const rows = await fig.locator('table.chart-data tbody tr').evaluateAll((trs) => trs.map((tr) => [
        tr.querySelector('th[scope=row]').innerText.trim(), tr.querySelector('td.num').innerText.trim()]));
      assert.deepEqual(rows, m.order.map((k) => [SCEN[k], m.scores[k]]), 'each scenario with its score, in ranking order');
    } else if (m.method === 'mj') {
      // Merit profiles: the count of each grade, and the median grade.
      const rows = await tableRows(fig.locator('table.chart-data'));
      assert.equal(rows.length, 4);
      for (const [i, k] of m.order.entries()) {
        const row = rows[i];
        assert.equal(row[1], SCEN[k], 'in ranking order');
        assert.deepEqual(row.slice(2, 9).map(Number), m.profiles[k], `${SCEN[k]}: its grades`);
      }
    } else if (m.method === 'schulze') {
      // The pairwise matrix: voters who prefer the row to the column.
      const table = fig.locator('table').first();
      const cols = await table.locator('thead th .sr-only').allInnerTexts();
      const rows = await tableRows(table);
      assert.equal(rows.length, 4);
      for (const row of rows) {
        const i = SCEN.indexOf(row[0].replace(/^\d+\. /, ''));
        assert.ok(i >= 0, `a row for a scenario: ${row[0]}`);
        for (const [c, name] of cols.entries()) {
          const j = SCEN.indexOf(name);
          if (i === j) continue;
          assert.equal(Number(row[c + 1].replace(/\D+/g, '')), m.pairwise[i][j], `voters preferring ${SCEN[i]} to ${SCEN[j]}`);
        }
      }
      assert.equal(await fig.locator('table').count(), 2, 'the pairwise preferences and the strongest paths');
    }
    // The French results page, for the facilitator, with the rule explained.
    if (lang === 'en') {
      r = await navigate(fac, () => fac.goto(`${server.url}${semUrl(s, '/results')}`));
      await run(fac, `${m.method}: results page (fr)`, r);
      assert.equal(await fac.locator('figure.chart').count(), 1);
      if (m.method === 'mj') {
        const rows = await tableRows(fac.locator('figure.chart table.chart-data'));
        assert.deepEqual(rows.map((row) => [row[1], row[9]]), m.order.map((k) => [SCEN[k], m.medians[k]]), 'the median grades');
      }
    }
    run.done();
  });
}

// ---- 5. working groups ----

test('working groups: participants rank the groups without and with JavaScript, the groups are formed and shown', async () => {
  const s = sem.approval;
  assert.ok(s && s.p1, 'the approval seminar took place');
  const run = a11y();
  // Retained: Canopée and Archipel. No size limit: everyone gets their first choice.
  await control(s);
  let r = await moveTo(s, 'groups_open', 'Ouvrir l’inscription aux groupes de travail');
  await run(fac, 'control, groups open', r);
  const rank = async (page, lang, ranks, js) => {
    r = await navigate(page, () => page.goto(`${server.url}${semUrl(s)}`));
    await run(page, `participant, group sign-up (${lang}${js ? '' : ', no JS'})`, r, { lang, js });
    const form = page.locator(`form[action="${semUrl(s, '/prefs')}"]`);
    assert.deepEqual((await form.locator('label').allInnerTexts()).sort(), [SCEN[A], SCEN[C]], 'a group per retained scenario');
    for (const [k, v] of Object.entries(ranks)) await form.locator(`select[name="g-${sc[k].uid}"]`).selectOption(String(v));
    r = await navigate(page, () => form.locator('button[type=submit]').click());
    assert.equal(r.status(), 200);
    assert.equal(await page.locator('main .flash[role=status]').count(), 1);
    for (const [k, v] of Object.entries(ranks)) assert.equal(await form.locator(`select[name="g-${sc[k].uid}"]`).inputValue(), String(v), 'the choice shown');
  };
  await rank(s.p1, 'fr', { [C]: 1, [A]: 2 }, false);
  await rank(s.p2, 'en', { [A]: 1, [C]: 2 }, true);
  await rank(s.early, 'fr', { [C]: 1 }, true);

  r = await navigate(fac, () => fac.goto(`${server.url}${semUrl(s, '/groups')}`));
  await run(fac, 'groups, sign-up open', r);
  assert.match(await fac.locator('main').innerText(), /3 participant·es sur 3 ont classé les groupes\./);
  await control(s);
  r = await moveTo(s, 'groups_done', 'Constituer les groupes');
  await run(fac, 'control, groups formed', r);
  r = await navigate(fac, () => fac.click(`main a[href="${semUrl(s, '/groups')}"]`));
  await run(fac, 'groups formed', r);
  const choices = (await tableRows(fac.locator('main table'))).map((row) => row.map((x) => x.replace(/\u00a0/g, ' ')));
  assert.deepEqual(choices, [['choix n° 1', '3'], ['choix n° 2', '0'], ['un groupe non classé', '0']], 'everyone got their first choice');
  const members = async (title) => fac.locator('section.group').filter({ has: fac.locator('h2', { hasText: title }) }).locator('li').allInnerTexts();
  assert.deepEqual((await members(SCEN[C])).map((x) => x.split(' (')[0]).sort(), ['Ariane', 'Paul approval']);
  assert.deepEqual((await members(SCEN[A])).map((x) => x.split(' (')[0]), ['Zoé approval']);

  r = await navigate(s.p1, () => s.p1.goto(`${server.url}${semUrl(s)}`));
  await run(s.p1, 'participant, my group (no JS)', r, { js: false });
  assert.match(await s.p1.locator('section[aria-labelledby=mygroup-h]').innerText(), /Votre groupe\s: Canopée\s+C’était votre choix numéro 1\./);
  r = await navigate(s.p2, () => s.p2.goto(`${server.url}${semUrl(s)}`));
  await run(s.p2, 'participant, my group (en)', r, { lang: 'en' });
  assert.match(await s.p2.locator('section[aria-labelledby=mygroup-h]').innerText(), /Your group: Archipel\s+It was your choice number 1\./);
  run.done();
});

// ---- 5. in English, the facilitator's side ----

test('in English: the control page, the projector and the results of a seminar', async () => {
  const s = sem.mj;
  assert.ok(s, 'the seminar exists');
  const run = a11y();
  const ctx = await context({ js: true, lang: 'en' });
  const page = await ctx.newPage();
  await login(page, server.url, FAC, PASSWORD);
  let r = await navigate(page, () => page.goto(`${server.url}${semUrl(s, '/control')}`));
  await run(page, 'control (en)', r, { lang: 'en' });
  assert.equal((await page.locator('ol.states li[aria-current=step]').innerText()).trim(), 'results (now)');
  r = await navigate(page, () => page.click(`main a[href="${semUrl(s, '/projector')}"]`));
  await run(page, 'projector, results (en)', r, { lang: 'en' });
  assert.deepEqual(await page.locator('ol.retained li').allInnerTexts(), [SCEN[D], SCEN[A]]);
  assert.match(await page.locator('section[aria-labelledby=res-h]').innerText(), /3 ballots counted\./);
  r = await navigate(page, () => page.goto(`${server.url}${semUrl(s, '/results')}`));
  await run(page, 'results (en)', r, { lang: 'en' });
  const rows = await tableRows(page.locator('figure.chart table.chart-data'));
  assert.deepEqual(rows.map((row) => row[9]), ['very good', 'good', 'acceptable', 'poor'], 'the median grades, in English');
  r = await navigate(page, () => page.goto(`${server.url}${semUrl(sem.approval, '/groups')}`));
  await run(page, 'groups (en)', r, { lang: 'en' });
  assert.match(await page.locator('main').innerText(), /3 of 3 participants ranked the groups\./);
  run.done();
});

// ---- what every test shares ----

test('no request left the site, no console error', () => {
  for (const ctx of contexts) assertSameOrigin(ctx);
  assert.deepEqual(consoleErrors, [], 'console errors (Content-Security-Policy violations?)');
});

test('the Nu HTML checker finds no error in the seminar pages', async () => {
  assert.ok(documents.length >= 60, `only ${documents.length} documents captured`);
  const docs = [...documents, { name: 'canary', html: '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></div></p></body></html>' }];
  const { errors, checked } = await nuCheck(docs);
  assert.equal(checked, docs.length);
  assert.ok(errors.some((e) => e.name === 'canary'), 'the Nu checker missed the known error');
  const real = errors.filter((e) => e.name !== 'canary');
  assert.equal(real.length, 0, `Nu HTML checker errors:\n${formatNu(real)}`);
});
