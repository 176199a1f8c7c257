// controversy.test.mjs — a controversy in a browser, as a cycle lives it.
//  - A facilitator creates a controversy from the pages (meeting a
//    validation error first), adds eight statements (a duplicate, accents
//    and capitals aside, is refused) and edits it.
//  - Twelve participants vote over HTTP, in two camps that disagree on six
//    statements, all agree on one and all pass on another.
//  - Kim takes part and votes with the keyboard only (Tab to the buttons,
//    Enter or Space), without JavaScript: the count of statements left goes
//    down by one at each vote, the page says when none is left, a vote is
//    changed under "your votes", and a statement is proposed.
//  - Fanny (French) and Jo (English) do the same with JavaScript, with the
//    mouse: the pages behave the same.
//  - The facilitator accepts Kim's proposal and rejects Jo's with a reason;
//    the accepted one comes to vote.
//  - The report, polled until the background worker has taken every vote
//    into account: the SVG map (role="img", a name), its table alternative
//    (the groups and their sizes), the viewer's own point ringed and their
//    group named, representative statements per group, consensus, divisive
//    and uncertain statements — every share worked out by hand below.
//  - A frozen report does not move when new votes come in.
//  - Closing: a vote sent from a page left open is refused.
//  - axe-core (WCAG 2.1 A/AA) on every controversy page, in French and in
//    English, and the Nu HTML checker on every page reached, with or
//    without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, dropDb, Client } from '../lib/server.mjs';
import {
  launch, newContext, assertSameOrigin, navigate, login, axe, formatAxe, nuCheck, formatNu,
} from './browser.mjs';

const PASSWORD = 'correct horse battery';
const FAC = 'animatrice@example.org';
const FAC_NAME = 'Anna Animatrice';
const SLUG = 'numerique-2040';
const TITLE = 'Le numérique en 2040';

// The eight statements, S0 .. S7, and how each camp votes on them
// (1 agree, -1 disagree, 0 pass). Camp A and camp B disagree on S0 .. S5,
// everyone agrees with S6 and everyone passes on S7.
const ST = [
  'Les données publiques doivent être ouvertes à tous par défaut.',
  'Chaque commune devrait avoir son propre centre de données.',
  'Le logiciel libre doit être obligatoire dans les administrations.',
  'La 5G doit couvrir tout le territoire avant 2030.',
  'Les écrans devraient entrer à l’école dès la maternelle.',
  'La reconnaissance faciale aide à la sécurité des villes.',
  'Chacun doit pouvoir faire ses démarches sans internet.',
  'Les cryptomonnaies remplaceront l’euro d’ici 2040.',
];
const SIDE = {
  A: [1, 1, 1, -1, -1, -1, 1, 0],
  B: [-1, -1, -1, 1, 1, 1, 1, 0],
};
// Proposals: Kim's is accepted (S8), Jo's rejected.
const KIM_PROPOSAL = 'Les mairies doivent garder un guichet ouvert tous les jours.';
const JO_PROPOSAL = 'Social networks should be banned for children under fifteen.';
const REJECT_NOTE = 'Hors sujet : le débat porte sur les services publics.';

// Who votes. Over HTTP: six per camp; bulk voter i passes on statement i
// instead of following the camp (so no two points coincide).
// In the browser: Kim and Fanny in camp A, Jo in camp B.
// Camp A: 6 + Kim + Fanny = 8 people; camp B: 6 + Jo = 7; 15 placed.
// Votes: 12 × 8 + Kim 8 (one changed) + 1 on S8 + Fanny 8 + Jo 8 = 121.
const BULK = 6;
const SIZE = { A: 8, B: 7 };
const VOTERS = 15;
const VOTES = 121;
// Shares worked out from the votes above (counts include passes):
//  S0 .. S2: camp A agrees 7 of 8 (88 %), camp B 0 of 7;
//  S3 .. S5: camp A 0 of 8, camp B agrees 6 of 7 (86 %);
//  S6: everyone agrees (100 %); S7: everyone passes (100 % of passes).
// Divisiveness, |(A_a+1)/(S_a+2) − (A_b+1)/(S_b+2)|: S0..S2 8/10 − 1/9 =
// 0.689, S3..S5 7/9 − 1/10 = 0.678, so S0, S1, S2, S3, S4 are the five shown.
const SHARE = { A: 88, B: 86 };

const FR = {
  joined: 'Vous participez à la controverse.',
  voted: 'Votre vote est enregistré.',
  proposed: 'Merci : votre affirmation sera montrée dès qu’un·e animateur·rice l’aura acceptée.',
  left: (name, n) => `Vous participez en tant que ${name} — ${n === 0 ? 'plus aucune affirmation' : `${n} affirmation${n > 1 ? 's restantes' : ' restante'}`}`,
  done: 'Vous avez voté sur toutes les affirmations. Revenez plus tard : d’autres en proposeront peut-être de nouvelles.',
  buttons: ['D’accord', 'Pas d’accord', 'Passer / je ne sais pas'],
  again: ['D’accord', 'Pas d’accord', 'Passer'],
  words: { 1: 'd’accord', '-1': 'pas d’accord', 0: 'passe' },
  statement: (n) => `Affirmation ${n}`,
  yourVotes: (n) => (n > 1 ? `Vos ${n} votes` : `Votre vote (${n})`),
  noNickname: 'Choisissez un pseudonyme.',
  noBody: 'Écrivez l’affirmation.',
  closed: 'Cette controverse est close : les votes ne sont plus reçus.',
  mapTitle: 'Les participant·es qui votent de même sont proches ; les lettres marquent les groupes d’opinion. Le tableau donne les mêmes informations.',
  mapCaption: 'Carte des opinions : chaque point est un·e participant·e, placé·e selon ses votes',
  tableCaption: 'Groupes d’opinion sur la carte',
  you: 'vous',
  inGroup: (g) => `Vous êtes dans le groupe ${g}.`,
  yourGroup: 'votre groupe',
  summary: (p, v) => `${p} participant·es ont voté (${v} votes). ${p} votent sur assez d’affirmations pour être placé·es dans un groupe d’opinion.`,
  groupHead: (g, n) => `Groupe ${g} — ${n} participant·es`,
  agree: (s) => `${s} d’accord`,
  disagree: (s) => `${s} pas d’accord`,
  stale: 'rechargez dans un instant',
  group: (g) => `Groupe ${g}`,
  pct: (n) => `${n} %`, // a no-break space, read as a space
};
const EN = {
  joined: 'You are taking part in the controversy.',
  voted: 'Your vote is recorded.',
  proposed: 'Thank you: your statement will be shown once a facilitator accepts it.',
  left: (name, n) => `Taking part as ${name} — ${n === 0 ? 'no statement left' : `${n} statement${n > 1 ? 's' : ''} left`}`,
  done: 'You have voted on every statement. Come back later: others may propose new ones.',
  buttons: ['Agree', 'Disagree', 'Pass / unsure'],
  again: ['Agree', 'Disagree', 'Pass'],
  words: { 1: 'agree', '-1': 'disagree', 0: 'pass' },
  statement: (n) => `Statement ${n}`,
  yourVotes: (n) => `Your ${n} vote${n > 1 ? 's' : ''}`,
  noNickname: 'Choose a nickname.',
  noBody: 'Write the statement.',
  notOpen: 'This controversy is not open: votes are no longer taken.',
  mapTitle: 'Participants who vote alike are close; the letters mark the opinion groups. The table gives the same information.',
  mapCaption: 'Opinion map: each point is a participant, placed by their votes',
  tableCaption: 'Opinion groups on the map',
  you: 'you',
  inGroup: (g) => `You are in group ${g}.`,
  yourGroup: 'your group',
  summary: (p, v) => `${p} participants voted (${v} votes). ${p} vote on enough statements to be placed in an opinion group.`,
  groupHead: (g, n) => `Group ${g} — ${n} participants`,
  agree: (s) => `${s} agree`,
  disagree: (s) => `${s} disagree`,
  stale: 'reload in a moment',
  group: (g) => `Group ${g}`,
  pct: (n) => `${n}%`,
};
const VALUE = { 1: 'agree', '-1': 'disagree', 0: 'pass' };

let server, browser, fac, facCtx;
const cv = {}; // uid, url, num[k] (the number of ST[k]), s8 (number of Kim's proposal), ...
const people = {}; // name -> {page, lang, side}
const group = {}; // camp (A/B) -> the letter the map gives it
const documents = []; // every page reached, for the Nu checker
const contexts = [];
const consoleErrors = [];

/** Spaces as a person reads them: no-break spaces count as spaces. */
const norm = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

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
  await addUser(server.db, FAC, { name: FAC_NAME, password: PASSWORD });
  // The cycle through the API: the controversy is what is under test here.
  // Public: anyone with the link takes part with a nickname.
  const api = new Client(server.url);
  await api.login(FAC, PASSWORD);
  const r = await api.api('POST', '/api/v1/cycles', { slug: SLUG, title: 'Services publics 2040', visibility: 'public', builtins: false });
  assert.equal(r.status, 201, `cycle: ${r.text_}`);
  browser = await launch();
  facCtx = await context({ js: true });
  fac = await facCtx.newPage();
  await login(fac, server.url, FAC, PASSWORD);
});

after(async () => {
  await browser?.close();
  if (server && (server.proc.exitCode !== null || server.proc.signalCode !== null)) {
    console.error(`fabrique exited (${server.proc.exitCode ?? server.proc.signalCode}):\n${server.output().slice(-4000)}`);
  }
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

const cvUrl = (suffix = '') => `/c/${SLUG}/controversies/${cv.uid}${suffix}`;
const go = (page, path) => navigate(page, () => page.goto(`${server.url}${path}`));

/** The rows of a table as arrays of cell texts (th and td). */
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.innerText.trim())));
}

/** The flash message of the page (role=status), spaces normalised. */
async function flash(page) {
  const f = page.locator('main .flash[role=status]');
  assert.equal(await f.count(), 1, 'one flash message');
  return norm(await f.innerText());
}

/**
 * A refused form: the error summary links to the field, the field points to
 * its message, and the message is the one expected.
 */
async function assertLinkedError(page, field, message) {
  const summary = page.locator('.form-errors[role=alert]');
  assert.equal(await summary.count(), 1, 'one error summary');
  const link = summary.locator(`a[href="#${field}"]`);
  assert.equal(await link.count(), 1, `the summary links to #${field}`);
  assert.equal(norm(await link.innerText()), norm(message));
  const target = page.locator(`[id="${field}"]`);
  assert.equal(await target.count(), 1, `the field #${field} exists`);
  const described = ((await target.getAttribute('aria-describedby')) || '').split(/\s+/);
  assert.ok(described.includes(`${field}-error`), `#${field} is described by its message (${described})`);
  assert.equal(norm(await page.locator(`[id="${field}-error"]`).innerText()), norm(message));
  return target;
}

/** What has the keyboard focus, for a message. */
const focusOf = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${e.className}` : ''} "${(e.innerText || e.value || '').slice(0, 40)}"` : 'nothing';
});

/**
 * Presses Tab until the focused element matches selector; fails after max
 * presses. Returns how many presses it took. The focused element must show
 * a focus indicator.
 */
async function tabTo(page, selector, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) {
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', `${selector}: no visible focus indicator`);
      return i;
    }
  }
  assert.fail(`Tab never reached ${selector} in ${max} presses; the focus is on ${await focusOf(page)}`);
}

/** The participant page's line "Taking part as X — N statements left". */
const takingPart = async (page) => norm(await page.locator('section[aria-labelledby=to-vote] > p.hint').innerText());

/** The statement shown to vote on: {number, text}, or null when none. */
async function shown(page) {
  const form = page.locator('form.vote');
  if (!(await form.count())) return null;
  const number = Number(await form.locator('input[name=statement]').inputValue());
  const text = norm(await page.locator('blockquote.statement > p').first().innerText());
  return { number, text };
}

/** Index k of ST (or 8 for Kim's proposal) of a statement number. */
const indexOf = (number) => (number === cv.s8 ? 8 : cv.num.indexOf(number));

/** How the camp votes on the statement of number (Kim's proposal: agree). */
function planned(side, number) {
  const k = indexOf(number);
  assert.ok(k >= 0, `statement ${number} is one of ours`);
  return k === 8 ? (side === 'A' ? 1 : -1) : SIDE[side][k];
}

/** The rows of "your votes": [statement, vote]. */
async function myVotes(page) {
  return (await tableRows(page.locator('details table'))).map((r) => [norm(r[0]), norm(r[1])]);
}

/** Waits until the report shows a map computed from `votes` votes of
 *  `voters` people, reloading it (the worker runs ~300 ms after votes);
 *  returns the last response. */
async function waitForMap(page, path, L, voters, votes, what) {
  const deadline = Date.now() + 20000;
  let last = '';
  for (;;) {
    const r = await go(page, path);
    const p = page.locator('main > p').filter({ hasText: /\(\d+ votes\)/ });
    last = (await p.count()) ? norm(await p.first().innerText()) : norm(await page.locator('main').innerText()).slice(0, 300);
    const stale = norm(await page.locator('main').innerText()).includes(L.stale);
    if (r.status() === 200 && last === L.summary(voters, votes) && !stale && await page.locator('svg.omap').count()) return r;
    if (Date.now() > deadline) assert.fail(`${what}: after 20 s the report still says: ${last}${stale ? ' (stale)' : ''}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Reloads the report until it no longer says the map is being brought up
 *  to date (5 s at most); returns the last response. */
async function waitFresh(page, path, L, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await go(page, path);
    if (!norm(await page.locator('main').innerText()).includes(L.stale)) return { r, stale: null };
    if (Date.now() > deadline) return { r, stale: `${what}: after 5 s the report still says "${L.stale}", and nothing is left to take into account` };
    await new Promise((res) => setTimeout(res, 250));
  }
}

// ---- 1. the facilitator prepares the controversy ----

test('a facilitator creates a controversy, adds its statements and edits it', async () => {
  const run = a11y();
  const base = `/c/${SLUG}/controversies`;
  let r = await go(fac, base);
  await run(fac, 'controversies, none yet', r);
  assert.equal(norm(await fac.locator('main').innerText()).includes('Aucune controverse pour l’instant.'), true);
  assert.equal(await fac.locator('main table').count(), 0);
  assert.equal(await fac.locator('nav a[aria-current=page]').filter({ hasText: 'Controverses' }).count(), 1, 'the cycle navigation marks Controversies');

  r = await navigate(fac, () => fac.click(`main a[href="${base}/new"]`));
  await run(fac, 'new controversy form', r);
  const form = fac.locator(`form[action="${base}"]`);
  assert.equal(await form.count(), 1);
  assert.equal(await form.locator('#state').inputValue(), 'open', 'open by default');
  assert.equal(await form.locator('#proposals').isChecked(), true, 'proposals by default');
  // Refused first: a title of spaces only (an empty one is stopped by the
  // browser: the field is required). The values typed stay.
  await form.locator('#title').fill('   ');
  await form.locator('#question').fill('À quoi doit servir le numérique public ?');
  await form.locator('#description').fill('Un débat sur les **services publics** numériques.');
  r = await navigate(fac, () => form.locator('button[type=submit]').click());
  await run(fac, 'new controversy, refused', r, { status: 422 });
  const title = await assertLinkedError(fac, 'title', 'Donnez un titre à la controverse.');
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await form.locator('#question').inputValue(), 'À quoi doit servir le numérique public ?', 'the question typed stays');
  await title.fill(TITLE);
  r = await navigate(fac, () => form.locator('button[type=submit]').click());
  const m = new RegExp(`^${base}/([A-Za-z0-9]+)/statements$`).exec(new URL(fac.url()).pathname);
  assert.ok(m, `the statements page after creating: ${fac.url()}`);
  cv.uid = m[1];
  assert.equal(await flash(fac), 'La controverse est enregistrée.');
  await run(fac, 'statements, none yet', r);
  assert.equal(await fac.locator('h1').innerText(), TITLE);
  assert.match(await fac.locator('strong.code').innerText(), /^[A-Z0-9]{3} ?[A-Z0-9]{3}$/, 'the join code');
  assert.match(norm(await fac.locator('main').innerText()), /0 affirmation attend la modération\./);

  // Eight statements, then a duplicate (accents and capitals aside).
  const add = fac.locator(`form[action="${cvUrl('/statements')}"]`);
  for (const [k, s] of ST.entries()) {
    await add.locator('#body').fill(s);
    r = await navigate(fac, () => add.locator('button[type=submit]').click());
    assert.equal(new URL(fac.url()).pathname, cvUrl('/statements'));
    assert.equal(await flash(fac), 'L’affirmation est ajoutée.');
    if (k === 0) await run(fac, 'statements, one added', r);
  }
  const dup = 'les DONNEES publiques doivent etre ouvertes a tous par defaut.';
  await add.locator('#body').fill(dup);
  r = await navigate(fac, () => add.locator('button[type=submit]').click());
  await run(fac, 'statements, duplicate refused', r, { status: 422 });
  await assertLinkedError(fac, 'body', 'Cette affirmation existe déjà : votez plutôt sur elle.');
  assert.equal(await add.locator('#body').inputValue(), dup, 'the text typed stays');

  r = await go(fac, cvUrl('/statements'));
  const rows = await tableRows(fac.locator('table.statements'));
  assert.equal(rows.length, 8, 'eight statements');
  cv.num = ST.map((s) => {
    const row = rows.find((x) => norm(x[1]).startsWith(s));
    assert.ok(row, `a row for ${s}`);
    assert.equal(norm(row[1]).slice(norm(s).length).trim(), `par ${FAC_NAME}`, 'by the facilitator');
    assert.equal(row[2], 'acceptée', 'accepted at once');
    assert.equal(norm(row[3]), '0 / 0 / 0');
    return Number(row[0]);
  });
  assert.equal(new Set(cv.num).size, 8);

  // Editing: the question changes; back to the statements page. A person
  // takes more than a second between the last statement and the edit (the
  // map's times are in seconds).
  await new Promise((res) => setTimeout(res, 1100));
  r = await navigate(fac, () => fac.click(`main a[href="${cvUrl('/edit')}"]`));
  await run(fac, 'edit the controversy', r);
  const edit = fac.locator(`form[action="${cvUrl('/edit')}"]`);
  assert.equal(await edit.locator('#title').inputValue(), TITLE);
  await edit.locator('#question').fill('À quoi doit servir le numérique public en 2040 ?');
  r = await navigate(fac, () => edit.locator('button[type=submit]').click());
  assert.equal(new URL(fac.url()).pathname, cvUrl('/statements'));
  assert.equal(await flash(fac), 'La controverse est enregistrée.');

  // The list; the participant page as the facilitator sees it (not taking part yet).
  r = await go(fac, base);
  await run(fac, 'controversies of the cycle', r);
  const list = await tableRows(fac.locator('main table'));
  assert.deepEqual(list.map((x) => x.map(norm)), [[`${TITLE} — rapport — affirmations`, 'ouverte', '8', '0', '0']]);
  r = await navigate(fac, () => fac.click(`main a[href="${cvUrl()}"]`));
  await run(fac, 'participant page, facilitator not taking part', r);
  assert.equal(norm(await fac.locator('p.lead').innerText()), 'À quoi doit servir le numérique public en 2040 ?');
  assert.equal(await fac.locator('main strong').filter({ hasText: 'services publics' }).count(), 1, 'the description, in Markdown');
  assert.equal(await fac.locator(`form[action="${cvUrl('/identity')}"]`).count(), 1, 'the form to take part');
  assert.equal(await fac.locator('#nickname').inputValue(), FAC_NAME, 'the account name offered as nickname');
  assert.equal(await fac.locator('form.vote').count(), 0, 'no vote before taking part');
  r = await navigate(fac, () => fac.click(`main a[href="${cvUrl('/report')}"]`));
  // No vote yet: no map. The page may say the map is being brought up to
  // date, but not for long (the edit above changed nothing to vote on).
  const fresh = await waitFresh(fac, cvUrl('/report'), FR, 'the report before any vote');
  r = fresh.r;
  await run(fac, 'report, no vote yet', r);
  assert.equal(await fac.locator('svg.omap').count(), 0, 'no map without votes');
  assert.match(norm(await fac.locator('main').innerText()), /Pas encore de vote : la carte apparaît après les premiers votes\.|Pas encore assez de votes pour dégager des groupes d’opinion/);
  r = await go(fac, `${base}/import`);
  await run(fac, 'import form', r);
  await fac.locator(`form[action="${base}/import"] #title`).fill('Conversation importée');
  r = await navigate(fac, () => fac.locator(`form[action="${base}/import"] button[type=submit]`).click());
  await run(fac, 'import, refused (no file)', r, { status: 422 });
  assert.equal(norm(await fac.locator('.form-errors[role=alert]').innerText()), 'Choisissez comments.csv, et votes.csv ou participants-votes.csv.');
  run.done();
  assert.equal(fresh.stale, null);
});

// ---- 2. the bulk of the voters, over HTTP ----

test('twelve participants take part and vote over HTTP, in two camps', async () => {
  assert.ok(cv.num, 'the controversy exists');
  await Promise.all(['A', 'B'].flatMap((side) => Array.from({ length: BULK }, async (_, i) => {
    const c = new Client(server.url);
    const nickname = `Camp ${side} ${i + 1}`;
    let r = await c.post(cvUrl('/identity'), { nickname, org_kind: 'recherche' });
    assert.equal(r.status, 303, `${nickname} takes part: ${r.text_.slice(0, 300)}`);
    for (const [k, v] of SIDE[side].entries()) {
      r = await c.post(cvUrl('/vote'), { statement: String(cv.num[k]), value: VALUE[k === i ? 0 : v] });
      assert.equal(r.status, 303, `${nickname} votes on S${k}: ${r.text_.slice(0, 300)}`);
    }
  })));
});

// ---- 3. one participant, with the keyboard only, without JavaScript ----

test('Kim takes part and votes with the keyboard only, without JavaScript; the count of statements left goes down', async () => {
  assert.ok(cv.num, 'the controversy exists');
  const run = a11y();
  const ctx = await context({ js: false });
  const page = await ctx.newPage();
  people.Kim = { page, lang: 'fr', side: 'A' };
  let r = await go(page, cvUrl());
  await run(page, 'participant page, before taking part (no JS)', r, { js: false });
  assert.equal(await page.locator('form.vote').count(), 0);

  // The nickname, the kind of organisation (type-ahead in the list), Enter.
  await tabTo(page, '#nickname');
  await page.keyboard.type('Kim');
  await tabTo(page, '#org_kind');
  await page.keyboard.type('asso');
  assert.equal(await page.locator('#org_kind').inputValue(), 'association', 'chosen with the keyboard');
  await tabTo(page, `form[action="${cvUrl('/identity')}"] button[type=submit]`);
  r = await navigate(page, () => page.keyboard.press('Enter'));
  await run(page, 'participant page, after taking part (no JS)', r, { js: false });
  assert.equal(new URL(page.url()).pathname, cvUrl());
  assert.equal(await flash(page), FR.joined);
  assert.equal(await takingPart(page), FR.left('Kim', 8));

  // Eight statements. The first vote on S0 is a pass by mistake, changed
  // below; Enter on Agree and Pass, Space on Disagree.
  const seen = [];
  for (let left = 8; left > 0; left--) {
    const s = await shown(page);
    assert.ok(s, `a statement to vote on, ${left} left`);
    const k = indexOf(s.number);
    assert.ok(k >= 0 && k < 8, `statement ${s.number} is one of the eight`);
    assert.ok(!seen.includes(k), `S${k} is not shown twice`);
    seen.push(k);
    assert.equal(s.text, ST[k]);
    assert.equal(norm(await page.locator('blockquote.statement p.hint').innerText()), FR.statement(s.number));
    assert.deepEqual((await page.locator('form.vote button').allInnerTexts()).map(norm), FR.buttons);
    const v = k === 0 ? 0 : SIDE.A[k];
    const presses = await tabTo(page, `form.vote button[value=${VALUE[v]}]`);
    if (left < 8) {
      // Back on #to-vote after a vote: the buttons are the next stops.
      assert.equal(presses, { 1: 1, '-1': 2, 0: 3 }[v], `after a vote, Tab goes to the buttons first (${presses} presses to ${VALUE[v]})`);
    }
    r = await navigate(page, () => page.keyboard.press(v === -1 ? 'Space' : 'Enter'));
    if (left === 8) await run(page, 'participant page, first vote (no JS)', r, { js: false });
    assert.equal(new URL(page.url()).hash, '#to-vote', 'back at the statement to vote on');
    assert.equal(await flash(page), FR.voted);
    assert.equal(await takingPart(page), FR.left('Kim', left - 1), 'one statement fewer left');
    assert.equal(norm(await page.locator('details > summary').innerText()), FR.yourVotes(9 - left));
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6, 7], 'every statement shown once');
  await run(page, 'participant page, no statement left (no JS)', r, { js: false });
  assert.equal(await takingPart(page), FR.left('Kim', 0));
  assert.equal(await page.locator('form.vote').count(), 0, 'no vote form any more');
  assert.equal(norm(await page.locator('section[aria-labelledby=to-vote] > p:not(.hint)').innerText()), FR.done);

  // "Your votes": opened with the keyboard; the pass on S0 becomes an agree.
  await tabTo(page, 'details > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details').evaluate((d) => d.open), true, 'the details open with Enter');
  let mine = await myVotes(page);
  assert.equal(mine.length, 8);
  for (const [k, s] of ST.entries()) {
    assert.deepEqual(mine.find((x) => x[0] === s), [s, FR.words[k === 0 ? 0 : SIDE.A[k]]], `the vote on S${k}`);
  }
  const row0 = `form.vote-again:has(input[name=statement][value="${cv.num[0]}"])`;
  // Each button of the table names its statement for screen readers.
  assert.deepEqual((await page.locator(`${row0} button`).allInnerTexts()).map(norm),
    FR.again.map((b) => `${b} — Affirmation ${cv.num[0]}`));
  await tabTo(page, `${row0} button[value=agree]`);
  r = await navigate(page, () => page.keyboard.press('Space'));
  assert.equal(await flash(page), FR.voted);
  assert.equal(await takingPart(page), FR.left('Kim', 0), 'a change leaves nothing new to vote on');
  await page.locator('details > summary').click();
  mine = await myVotes(page);
  assert.equal(mine.length, 8, 'still eight votes: the new one replaced the old');
  assert.deepEqual(mine.find((x) => x[0] === ST[0]), [ST[0], FR.words[1]]);

  // A proposal, with the keyboard.
  await tabTo(page, '#body');
  await page.keyboard.type(KIM_PROPOSAL);
  await tabTo(page, `form[action="${cvUrl('/propose')}"] button[type=submit]`);
  r = await navigate(page, () => page.keyboard.press('Enter'));
  await run(page, 'participant page, statement proposed (no JS)', r, { js: false });
  assert.equal(new URL(page.url()).hash, '#propose');
  assert.equal(await flash(page), FR.proposed);
  assert.equal(await takingPart(page), FR.left('Kim', 0), 'a proposal waits for moderation before it is shown');
  assertSameOrigin(ctx);
  run.done();
});

// ---- 4. the same with JavaScript, in French and in English ----

for (const who of [{ name: 'Fanny', lang: 'fr', side: 'A', org: 'collectivite' }, { name: 'Jo', lang: 'en', side: 'B', org: 'pme' }]) {
  test(`${who.name} takes part with JavaScript (${who.lang}): the pages behave the same`, async () => {
    assert.ok(cv.num, 'the controversy exists');
    const L = who.lang === 'en' ? EN : FR;
    const lang = who.lang;
    const run = a11y();
    const ctx = await context({ js: true, lang });
    const page = await ctx.newPage();
    people[who.name] = { page, lang, side: who.side };
    let r = await go(page, cvUrl());
    await run(page, `participant page, before taking part (${lang})`, r, { lang });
    const id = page.locator(`form[action="${cvUrl('/identity')}"]`);
    // Refused first: no nickname. The kind chosen stays.
    await id.locator('#org_kind').selectOption(who.org);
    r = await navigate(page, () => id.locator('button[type=submit]').click());
    await run(page, `participant page, nickname missing (${lang})`, r, { status: 422, lang });
    await assertLinkedError(page, 'nickname', L.noNickname);
    assert.equal(await id.locator('#org_kind').inputValue(), who.org, 'the kind chosen stays');
    await id.locator('#nickname').fill(who.name);
    r = await navigate(page, () => id.locator('button[type=submit]').click());
    await run(page, `participant page, after taking part (${lang})`, r, { lang });
    assert.equal(await flash(page), L.joined);
    assert.equal(await takingPart(page), L.left(who.name, 8));

    for (let left = 8; left > 0; left--) {
      const s = await shown(page);
      assert.ok(s, `a statement to vote on, ${left} left`);
      assert.deepEqual((await page.locator('form.vote button').allInnerTexts()).map(norm), L.buttons);
      const v = planned(who.side, s.number);
      r = await navigate(page, () => page.locator(`form.vote button[value=${VALUE[v]}]`).click());
      if (left === 8) await run(page, `participant page, first vote (${lang})`, r, { lang });
      assert.equal(new URL(page.url()).hash, '#to-vote');
      assert.equal(await flash(page), L.voted);
      assert.equal(await takingPart(page), L.left(who.name, left - 1), 'one statement fewer left');
    }
    await run(page, `participant page, no statement left (${lang})`, r, { lang });
    assert.equal(await page.locator('form.vote').count(), 0);
    assert.equal(norm(await page.locator('section[aria-labelledby=to-vote] > p:not(.hint)').innerText()), L.done);
    await page.locator('details > summary').click();
    assert.equal((await myVotes(page)).length, 8);

    if (who.name === 'Jo') {
      // An empty proposal is refused, linked to its field; then a proposal.
      const prop = page.locator(`form[action="${cvUrl('/propose')}"]`);
      await prop.locator('#body').fill('  ');
      r = await navigate(page, () => prop.locator('button[type=submit]').click());
      await run(page, `participant page, empty proposal refused (${lang})`, r, { status: 422, lang });
      await assertLinkedError(page, 'body', L.noBody);
      await prop.locator('#body').fill(JO_PROPOSAL);
      r = await navigate(page, () => prop.locator('button[type=submit]').click());
      assert.equal(await flash(page), L.proposed);
    }
    run.done();
  });
}

// ---- 5. moderation ----

test('the facilitator accepts one proposal and rejects the other with a reason; the accepted one comes to vote', async () => {
  assert.ok(people.Kim && people.Jo, 'the participants took part');
  const run = a11y();
  let r = await go(fac, cvUrl('/statements'));
  await run(fac, 'statements, two proposals awaiting moderation', r);
  assert.match(norm(await fac.locator('main').innerText()), /2 affirmations attendent la modération\./);
  let rows = await tableRows(fac.locator('table.statements'));
  assert.equal(rows.length, 10);
  // Awaiting moderation first, with who proposed them.
  const pending = rows.slice(0, 2).map((x) => [norm(x[1]), x[2]]).sort();
  assert.deepEqual(pending, [
    [`${KIM_PROPOSAL} proposée par Kim`, 'en attente de modération'],
    [`${JO_PROPOSAL} proposée par Jo`, 'en attente de modération'],
  ].sort());
  // The votes so far: S6, everyone agrees (12 + Kim + Fanny + Jo).
  const s6 = rows.find((x) => Number(x[0]) === cv.num[6]);
  assert.equal(norm(s6[3]), '15 / 0 / 0');
  const s7 = rows.find((x) => Number(x[0]) === cv.num[7]);
  assert.equal(norm(s7[3]), '0 / 0 / 15');

  const rowOf = (text) => fac.locator('table.statements tbody tr').filter({ hasText: text });
  cv.s8 = Number(await rowOf(KIM_PROPOSAL).locator('td').first().innerText());
  // Accept Kim's.
  const kim = rowOf(KIM_PROPOSAL).locator('form.moderate');
  assert.deepEqual((await kim.locator('button').allInnerTexts()).map(norm),
    ['Accepter', 'Rejeter', 'Marquer comme méta'].map((b) => `${b} — Affirmation ${cv.s8}`));
  r = await navigate(fac, () => kim.locator('button[value=accept]').click());
  assert.equal(new URL(fac.url()).pathname, cvUrl('/statements'));
  assert.equal(await flash(fac), 'L’affirmation est modérée.');
  // Reject Jo's, with a reason.
  const jo = rowOf(JO_PROPOSAL).locator('form.moderate');
  await jo.locator('input[name=note]').fill(REJECT_NOTE);
  r = await navigate(fac, () => jo.locator('button[value=reject]').click());
  await run(fac, 'statements, moderated', r);
  assert.equal(await flash(fac), 'L’affirmation est modérée.');
  assert.match(norm(await fac.locator('main').innerText()), /0 affirmation attend la modération\./);
  rows = await tableRows(fac.locator('table.statements'));
  const status = (text) => norm(rows.find((x) => norm(x[1]).startsWith(text))[2]);
  assert.equal(status(KIM_PROPOSAL), 'acceptée');
  assert.equal(status(JO_PROPOSAL), `rejetée ${REJECT_NOTE}`, 'rejected, the reason kept');

  // Kim: one statement left, the accepted one; voted with the keyboard.
  const page = people.Kim.page;
  r = await go(page, cvUrl());
  assert.equal(await takingPart(page), FR.left('Kim', 1));
  const s = await shown(page);
  assert.deepEqual(s, { number: cv.s8, text: KIM_PROPOSAL });
  await tabTo(page, 'form.vote button[value=agree]');
  r = await navigate(page, () => page.keyboard.press('Enter'));
  await run(page, 'participant page, the accepted proposal voted (no JS)', r, { js: false });
  assert.equal(await takingPart(page), FR.left('Kim', 0));
  assert.equal(await shown(page), null);
  // The rejected one is never shown; a vote on it is refused.
  const j = people.Jo.page;
  r = await go(j, cvUrl());
  assert.equal(await takingPart(j), EN.left('Jo', 1), 'Jo has the accepted proposal left, not the rejected one');
  assert.equal((await shown(j)).number, cv.s8);
  const rejected = rows.find((x) => norm(x[1]).startsWith(JO_PROPOSAL))[0];
  const refused = await j.request.post(`${server.url}${cvUrl('/vote')}`, {
    form: { csrf: (await j.context().cookies()).find((c) => c.name === 'fab_csrf').value, statement: rejected, value: 'agree' },
    maxRedirects: 0,
  });
  assert.equal(refused.status(), 409, 'a vote on a rejected statement is refused');
  run.done();
});

// ---- 6. the report ----

/** Checks the report (or a frozen report) that `page` shows, for viewer
 *  `me` (a person's name, or null for the facilitator). */
async function checkReport(page, L, me) {
  const fig = page.locator('figure.omap');
  assert.equal(await fig.count(), 1, 'one opinion map');
  assert.equal(norm(await fig.locator('figcaption').innerText()), L.mapCaption);
  const svg = fig.locator('svg');
  assert.equal(await svg.count(), 1);
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.equal(await page.getByRole('img', { name: L.mapTitle, exact: true }).count(), 1, 'the SVG is an image named by its title');
  // One point per participant, in the colour of their group.
  assert.equal(await svg.locator('circle.A, circle.B').count(), VOTERS, 'a point per participant');
  assert.equal(await svg.locator(`circle.${group.A}`).count(), SIZE.A);
  assert.equal(await svg.locator(`circle.${group.B}`).count(), SIZE.B);
  assert.deepEqual((await svg.locator('text.om-label').allTextContents()).sort(), ['A', 'B'], 'the groups lettered');

  // The table alternative: the groups, their sizes and shares.
  const table = fig.locator('table.chart-data');
  assert.equal(norm(await table.locator('caption').innerText()), L.tableCaption);
  const rows = (await tableRows(table)).map((x) => x.map(norm));
  const pc = (n) => L.pct(Math.round((100 * n) / VOTERS));
  // The viewer's group is marked in the table too.
  const mineG = me ? group[people[me].side] : null;
  const head = (g) => (g === mineG ? `${g} (${L.yourGroup})` : g);
  assert.deepEqual(rows, [
    [head(group.A), String(SIZE.A), pc(SIZE.A)], [head(group.B), String(SIZE.B), pc(SIZE.B)],
  ].sort(), 'each group with its size and share');

  // The viewer's own point: ringed and labelled on the map, their group said in words.
  const ring = svg.locator('circle.om-me');
  if (!me) {
    assert.equal(await ring.count(), 0, 'no ring for someone who did not vote');
    assert.equal(norm(await page.locator('main').innerText()).includes(L.inGroup('A').slice(0, -3)), false);
  } else {
    const side = people[me].side;
    assert.equal(await ring.count(), 1, 'the viewer\'s point is ringed');
    assert.equal(norm(await svg.locator('text.om-me-label').textContent()), L.you);
    const at = await ring.evaluate((c) => [c.getAttribute('cx'), c.getAttribute('cy')]);
    assert.equal(await svg.locator(`circle.${group[side]}[cx="${at[0]}"][cy="${at[1]}"]`).count() >= 1, true,
      'the ring is on a point of the viewer\'s group');
    assert.equal(await page.locator('main p strong').filter({ hasText: L.inGroup(group[side]) }).count(), 1, 'the viewer\'s group, in words');
  }

  // Representative statements per group, with both shares.
  for (const side of ['A', 'B']) {
    const g = group[side];
    const sec = page.locator(`section.ogroup:has(h3:text-is("${L.groupHead(g, SIZE[side])}"))`);
    assert.equal(await sec.count(), 1, `a section for group ${g}`);
    const reps = (await tableRows(sec.locator('table'))).map((x) => x.map(norm));
    assert.ok(reps.length >= 1, `group ${g} has representative statements`);
    for (const [text, mine, rest] of reps) {
      const k = ST.indexOf(text);
      if (k === -1 && text === KIM_PROPOSAL) continue; // one or two votes: the model may keep it
      assert.ok(k >= 0 && k < 6, `group ${g}: "${text}" is one the camps disagree on`);
      const agrees = SIDE[side][k] === 1;
      assert.deepEqual([mine, rest], agrees ? [L.agree(L.pct(SHARE[side])), L.agree(L.pct(0))] : [L.disagree(L.pct(SHARE[side])), L.disagree(L.pct(0))],
        `group ${g}: the shares on "${text}"`);
    }
  }
  // Consensus: S6, everyone agrees; none of the statements the camps split on.
  const h2table = (id) => page.locator(`h2#${id} + table`);
  const cons = (await tableRows(h2table('consensus'))).map((x) => x.map(norm));
  assert.deepEqual(cons.find((x) => x[0] === ST[6]), [ST[6], L.agree(L.pct(100))], 'everyone agrees with S6');
  for (const x of cons) assert.ok(!ST.slice(0, 6).includes(x[0]) && x[0] !== ST[7], `not a consensus: ${x[0]}`);
  // Divisive: the five most divisive, with each group's share of agreement.
  const div = h2table('divisive');
  const heads = (await div.locator('thead th').allInnerTexts()).map(norm);
  const ga = heads.indexOf(L.group(group.A)), gb = heads.indexOf(L.group(group.B));
  assert.ok(ga > 0 && gb > 0, `a column per group: ${heads}`);
  const drows = (await tableRows(div)).map((x) => x.map(norm));
  assert.deepEqual(drows.map((x) => [x[0], x[ga], x[gb]]), [
    [ST[0], L.pct(SHARE.A), L.pct(0)], [ST[1], L.pct(SHARE.A), L.pct(0)], [ST[2], L.pct(SHARE.A), L.pct(0)],
    [ST[3], L.pct(0), L.pct(SHARE.B)], [ST[4], L.pct(0), L.pct(SHARE.B)],
  ], 'the statements that divide the groups most');
  // Uncertain: S7, only passes.
  assert.deepEqual((await tableRows(h2table('uncertain'))).map((x) => x.map(norm)), [[ST[7], L.pct(100)]]);
}

test('the report: the map, its table, the viewer\'s position, the groups and their statements', async () => {
  assert.ok(cv.s8, 'the votes took place');
  const run = a11y();
  const path = cvUrl('/report');
  // Kim, without JavaScript, waits for the map of every vote.
  const kim = people.Kim.page;
  let r = await waitForMap(kim, path, FR, VOTERS, VOTES, 'Kim\'s report');
  await run(kim, 'report, Kim (no JS)', r, { js: false });
  const mine = /Vous êtes dans le groupe ([A-E])\./.exec(norm(await kim.locator('main').innerText()));
  assert.ok(mine, 'Kim is told their group');
  group.A = mine[1];
  group.B = group.A === 'A' ? 'B' : 'A';
  assert.equal(norm(await kim.locator('p.lead').innerText()), 'Carte des opinions');
  assert.match(norm(await kim.locator('main p.hint').first().innerText()), /^Calculée le \d\d\/\d\d\/\d{4} \d\d:\d\d UTC\.$/);
  await checkReport(kim, FR, 'Kim');
  assert.equal(await kim.locator(`form[action="${cvUrl('/freeze')}"]`).count(), 0, 'participants do not freeze');

  // Jo, in English, with JavaScript.
  const jo = people.Jo.page;
  r = await waitForMap(jo, path, EN, VOTERS, VOTES, 'Jo\'s report');
  await run(jo, 'report, Jo (en)', r, { lang: 'en' });
  await checkReport(jo, EN, 'Jo');
  // Fanny, in French, with JavaScript.
  const fanny = people.Fanny.page;
  r = await waitForMap(fanny, path, FR, VOTERS, VOTES, 'Fanny\'s report');
  await run(fanny, 'report, Fanny', r);
  await checkReport(fanny, FR, 'Fanny');
  // The facilitator, who did not vote.
  r = await waitForMap(fac, path, FR, VOTERS, VOTES, 'the facilitator\'s report');
  await run(fac, 'report, facilitator', r);
  await checkReport(fac, FR, null);
  assert.equal(await fac.locator(`form[action="${cvUrl('/freeze')}"]`).count(), 1, 'the facilitator may freeze it');
  run.done();
});

// ---- 7. a frozen report ----

test('a frozen report keeps the map of its moment while new votes come in', async () => {
  assert.ok(group.A, 'the report was read');
  const run = a11y();
  let r = await go(fac, cvUrl('/report'));
  r = await navigate(fac, () => fac.locator(`form[action="${cvUrl('/freeze')}"] button[type=submit]`).click());
  assert.equal(new URL(fac.url()).pathname, cvUrl('/reports/1'));
  await run(fac, 'frozen report 1', r);
  assert.equal(await flash(fac), 'Le rapport est figé dans les archives du cycle.');
  assert.equal(await fac.locator('h1').innerText(), TITLE);
  assert.equal(norm(await fac.locator('p.lead').innerText()), 'Rapport 1');
  assert.match(norm(await fac.locator('main p.hint').first().innerText()), new RegExp(`^Figé le .* par ${FAC_NAME} ; les chiffres et les affirmations sont ceux de ce moment\\.$`));
  assert.equal(norm(await fac.locator('main > p').filter({ hasText: /\(\d+ votes\)/ }).innerText()), FR.summary(VOTERS, VOTES));
  await checkReport(fac, FR, null);

  // Jo votes on the accepted proposal (disagree): the current map moves, the frozen one does not.
  const jo = people.Jo.page;
  r = await go(jo, cvUrl());
  r = await navigate(jo, () => jo.locator('form.vote button[value=disagree]').click());
  assert.equal(await takingPart(jo), EN.left('Jo', 0));
  r = await waitForMap(fac, cvUrl('/report'), FR, VOTERS, VOTES + 1, 'the report after one more vote');
  await run(fac, 'report, with a frozen report listed', r);
  assert.deepEqual((await fac.locator('main ul li a').filter({ hasText: /^Rapport \d+$/ }).allInnerTexts()), ['Rapport 1']);
  r = await navigate(fac, () => fac.click(`main a[href="${cvUrl('/reports/1')}"]`));
  assert.equal(norm(await fac.locator('main > p').filter({ hasText: /\(\d+ votes\)/ }).innerText()), FR.summary(VOTERS, VOTES), 'the frozen report did not move');

  // Participants read it too, their point ringed.
  const kim = people.Kim.page;
  r = await go(kim, cvUrl('/reports/1'));
  await run(kim, 'frozen report, Kim (no JS)', r, { js: false });
  await checkReport(kim, FR, 'Kim');
  r = await go(jo, cvUrl('/reports/1'));
  await run(jo, 'frozen report, Jo (en)', r, { lang: 'en' });
  await checkReport(jo, EN, 'Jo');
  r = await go(jo, cvUrl('/reports/9'));
  await run(jo, 'no such frozen report (en)', r, { status: 404, lang: 'en' });
  run.done();
});

// ---- 8. the facilitator's pages in English ----

test('in English: every page of the facilitator', async () => {
  assert.ok(group.A, 'the report was read');
  const run = a11y();
  const ctx = await context({ js: true, lang: 'en' });
  const page = await ctx.newPage();
  await login(page, server.url, FAC, PASSWORD);
  const base = `/c/${SLUG}/controversies`;
  let r = await go(page, base);
  await run(page, 'controversies (en)', r, { lang: 'en' });
  assert.deepEqual((await tableRows(page.locator('main table'))).map((x) => x.map(norm)),
    [[`${TITLE} — report — statements`, 'open', '9', String(VOTERS), String(VOTES + 1)]]);
  r = await navigate(page, () => page.click(`main a[href="${base}/new"]`));
  await run(page, 'new controversy form (en)', r, { lang: 'en' });
  await page.locator(`form[action="${base}"] #title`).fill('  ');
  r = await navigate(page, () => page.locator(`form[action="${base}"] button[type=submit]`).click());
  await run(page, 'new controversy, refused (en)', r, { status: 422, lang: 'en' });
  await assertLinkedError(page, 'title', 'Give the controversy a title.');
  r = await go(page, cvUrl('/statements'));
  await run(page, 'statements (en)', r, { lang: 'en' });
  assert.match(norm(await page.locator('main').innerText()), /0 statements await moderation\./);
  r = await navigate(page, () => page.click(`main a[href="${cvUrl('/edit')}"]`));
  await run(page, 'edit the controversy (en)', r, { lang: 'en' });
  const edit = page.locator(`form[action="${cvUrl('/edit')}"]`);
  await edit.locator('#title').fill(' ');
  r = await navigate(page, () => edit.locator('button[type=submit]').click());
  await run(page, 'edit the controversy, refused (en)', r, { status: 422, lang: 'en' });
  await assertLinkedError(page, 'title', 'Give the controversy a title.');
  r = await go(page, cvUrl());
  await run(page, 'participant page, facilitator not taking part (en)', r, { lang: 'en' });
  r = await go(page, cvUrl('/report'));
  await run(page, 'report (en)', r, { lang: 'en' });
  assert.equal(norm(await page.locator('main > p').filter({ hasText: /\(\d+ votes\)/ }).innerText()), EN.summary(VOTERS, VOTES + 1));
  r = await navigate(page, () => page.click(`main a[href="${cvUrl('/reports/1')}"]`));
  await run(page, 'frozen report 1 (en)', r, { lang: 'en' });
  await checkReport(page, EN, null);
  r = await go(page, `${base}/import`);
  await run(page, 'import form (en)', r, { lang: 'en' });
  await page.locator(`form[action="${base}/import"] #title`).fill('Imported conversation');
  r = await navigate(page, () => page.locator(`form[action="${base}/import"] button[type=submit]`).click());
  await run(page, 'import, refused (en)', r, { status: 422, lang: 'en' });
  assert.equal(norm(await page.locator('.form-errors[role=alert]').innerText()), 'Choose comments.csv, and votes.csv or participants-votes.csv.');
  run.done();
});

// ---- 9. closing ----

test('closing the controversy: the participant page says so, a vote from a page left open is refused', async () => {
  assert.ok(group.A, 'the report was read');
  const run = a11y();
  const jo = people.Jo.page;
  let r = await go(jo, cvUrl());
  await jo.locator('details > summary').click();
  assert.equal(await jo.locator('form.vote-again').count(), 9, 'Jo can change any of their nine votes');

  r = await go(fac, cvUrl('/edit'));
  const edit = fac.locator(`form[action="${cvUrl('/edit')}"]`);
  await edit.locator('#state').selectOption('closed');
  r = await navigate(fac, () => edit.locator('button[type=submit]').click());
  assert.equal(await flash(fac), 'La controverse est enregistrée.');
  assert.match(norm(await fac.locator('main h1 + p').innerText()), /^close — /);
  r = await go(fac, `/c/${SLUG}/controversies`);
  await run(fac, 'controversies, one closed', r);
  assert.equal(norm((await tableRows(fac.locator('main table')))[0][1]), 'close');

  // Kim, without JavaScript: closed, nothing to vote on or propose.
  const kim = people.Kim.page;
  r = await go(kim, cvUrl());
  await run(kim, 'participant page, closed (no JS)', r, { js: false });
  assert.equal(norm(await kim.locator('main p.notice').innerText()), FR.closed);
  assert.equal(await kim.locator(`main form[action^="${cvUrl()}"]`).count(), 0, 'no form to vote or propose');
  // Jo's page was left open: changing a vote now is refused, and says why.
  r = await navigate(jo, () => jo.locator(`form.vote-again:has(input[name=statement][value="${cv.num[6]}"]) button[value=disagree]`).click());
  await run(jo, 'participant page, vote refused after closing (en)', r, { status: 409, lang: 'en' });
  assert.equal(norm(await jo.locator('.form-errors[role=alert]').innerText()), EN.notOpen);
  // The report stays, and is not said to be waiting for votes that can no
  // longer come.
  const fresh = await waitFresh(kim, cvUrl('/report'), FR, 'the report of a closed controversy');
  await run(kim, 'report, closed (no JS)', fresh.r, { js: false });
  await checkReport(kim, FR, 'Kim');
  r = await go(jo, cvUrl('/report'));
  await run(jo, 'report, closed (en)', r, { lang: 'en' });
  await checkReport(jo, EN, 'Jo');
  run.done();
  assert.equal(fresh.stale, null);
});

// ---- what every test shares ----

test('no request left the site, no console error', () => {
  for (const ctx of contexts) assertSameOrigin(ctx);
  assert.deepEqual(consoleErrors, [], 'console errors (Content-Security-Policy violations?)');
});

test('the Nu HTML checker finds no error in the controversy pages', async () => {
  assert.ok(documents.length >= 40, `only ${documents.length} documents captured`);
  const docs = [...documents, { name: 'canary', html: '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></div></p></body></html>' }];
  const { errors, checked } = await nuCheck(docs);
  assert.equal(checked, docs.length);
  assert.ok(errors.some((e) => e.name === 'canary'), 'the Nu checker missed the known error');
  const real = errors.filter((e) => e.name !== 'canary');
  assert.equal(real.length, 0, `Nu HTML checker errors:\n${formatNu(real)}`);
});
