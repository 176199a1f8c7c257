// controversy_flow.test.mjs — a controversy over HTTP, as a facilitator and
// participants without accounts live it: the facilitator creates it and
// seeds statements (a duplicate, accents and capitals aside, and a
// statement over 280 characters are refused on the field); people take part
// with a nickname and the kind of organisation they come from, vote agree /
// disagree / pass (a later vote replaces the earlier one); a proposal waits
// for moderation and is accepted, rejected with a reason or marked meta;
// sixty people in two planted camps produce a report with opinion groups
// and representative statements, where each one finds "you" on the map;
// a frozen report keeps its figures when more votes come; the Pol.is export
// holds what was voted; a real Pol.is conversation (bg2050-volunteers) is
// imported through the form and its map appears; a garbage upload is
// refused and creates nothing; a join code opens one controversy of a
// members-only cycle and nothing else. English and French where the words
// matter.
//
// Every expected count below is counted here from the votes sent (the
// ledger), never read from the server first. The map is computed by a
// background worker a moment after the votes: tests poll the report until
// it shows the expected numbers (with a deadline), they never sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, T, ROOT } from '../lib/server.mjs';
import { assertCleanHtml } from '../lib/checks.mjs';

const POLIS = join(ROOT, '..', 'shared', 'data', 'polis-opendata', 'bg2050-volunteers');
const SLUG = 'avenir';          // public: people take part from the page
const CLOSED_SLUG = 'conclave'; // members-only: people join by code
const FR = { 'accept-language': 'fr' };

let kit, fac;
let cvUid;                      // the controversy of the whole flow
const num = {};                 // statement text -> number
const ledger = new Map();       // `${person}|${number}` -> 1, -1, 0 (latest accepted vote)
const authors = new Set();      // people who proposed a statement
let people = 0;

// Planted camps: A agrees with PRO and disagrees with CONTRA, B the other
// way round; everyone agrees with CONS and mostly passes on UNSURE.
const PRO = ['Le télétravail deviendra la norme des bureaux', 'Les données publiques doivent être ouvertes à tous',
  'Chaque commune aura son réseau de fibre coopératif', 'Les écrans seront bannis des écoles primaires avant 2040',
  'La sobriété numérique passera par la loi', 'Les plateformes paieront un impôt local'];
const CONTRA = ['Le marché régulera mieux le numérique que l’État', 'Les voitures autonomes remplaceront les bus',
  'La reconnaissance faciale rendra les villes plus sûres', 'Chacun aura un assistant artificiel personnel',
  'Les centres de données doivent s’installer près des villes', 'Le vote électronique remplacera le vote papier'];
const CONS = ['Les services publics doivent rester accessibles sans internet', 'Il faut former les élus au numérique'];
const UNSURE = ['La monnaie numérique de banque centrale sera utile'];
const META = 'Il manque la voix des personnes âgées dans ce débat';

async function postForm(client, path, fields, { csrf = true, headers = {} } = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) p.append(k, String(x));
  if (csrf) p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: p.toString() });
}

/** multipart/form-data, as the import form sends it: files are {file, name}. */
async function postMultipart(client, path, fields, { headers = {} } = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v && typeof v === 'object') fd.append(k, new Blob([v.file], { type: 'text/csv' }), v.name);
    else fd.append(k, v);
  }
  fd.append('csrf', await client.csrf());
  return client.request('POST', path, { body: fd, headers });
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status} ${String(res.text_).replace(/[\s\S]*<main[^>]*>/, '').slice(0, 1500)}`);
  return res;
}

const url = (suffix = '', uid = cvUid, slug = SLUG) => `/c/${slug}/controversies/${uid}${suffix}`;
const mainOf = (html) => html.replace(/[\s\S]*<main[^>]*>/, '').replace(/<\/main>[\s\S]*/, '')
  .replace(/<p class="flash"[^>]*>[^<]*<\/p>/, '').replace(/<input[^>]*name="csrf"[^>]*>/g, '');
/** French typography puts no-break spaces before colons and percent signs. */
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

/** The statements of the facilitators' page. */
function parseStatements(html) {
  const out = [];
  const re = /<tr><td>(\d+)<\/td><td>([^<]*)(?:<br><span class="hint">[^<]*<\/span>)?<\/td><td>([^<]*)(?:<br><span class="hint">([^<]*)<\/span>)?<\/td><td>(\d+) \/ (\d+) \/ (\d+)<\/td>/g;
  for (const m of html.matchAll(re)) {
    out.push({ number: Number(m[1]), body: m[2], status: m[3], note: m[4] || '', agree: Number(m[5]), disagree: Number(m[6]), pass: Number(m[7]) });
  }
  return out;
}
async function statements(uid = cvUid, slug = SLUG) {
  return parseStatements(expectStatus(await fac.get(url('/statements', uid, slug)), 200, 'statements page').text_);
}
const unescape = (s) => s.replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A minimal RFC 4180 reader: rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') q = false; else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** A new person without an account takes part from the page. */
async function takePart(nickname, org = 'association', headers = {}) {
  const c = kit.client(headers);
  const r = await postForm(c, url('/identity'), { nickname, org_kind: org });
  expectStatus(r, 303, `${nickname} takes part`);
  assert.equal(r.headers.get('location'), url());
  assert.ok([...c.cookies.keys()].some((k) => /^fab_p\d+$/.test(k)), `${nickname} holds an identity cookie`);
  c.person = `p${people++}`;
  c.nickname = nickname;
  return c;
}

const VALUE = { agree: 1, disagree: -1, pass: 0 };
/** Votes as the buttons send it; an accepted vote goes into the ledger. */
async function vote(c, number, value, status = 303) {
  const r = await postForm(c, url('/vote'), { statement: number, value });
  expectStatus(r, status, `${c.nickname} votes ${value} on ${number}`);
  if (status === 303) {
    assert.equal(r.headers.get('location'), `${url()}#to-vote`);
    ledger.set(`${c.person}|${number}`, VALUE[value]);
  }
  return r;
}

/** What the ledger says: per statement [agree, disagree, pass], voters, votes. */
function tally() {
  const per = new Map();
  const voters = new Set();
  for (const [k, v] of ledger) {
    const [p, n] = k.split('|');
    voters.add(p);
    const t = per.get(Number(n)) || [0, 0, 0];
    t[v === 1 ? 0 : v === -1 ? 1 : 2]++;
    per.set(Number(n), t);
  }
  return { per, voters: voters.size, votes: ledger.size };
}

/** Polls a report page until ok(text) holds; the deadline is a guard
 *  against a worker that never runs, not a measure of its speed. */
async function poll(client, path, ok, what, ms = 45000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await client.get(path);
    if (r.status === 200 && ok(r.text_)) return r.text_;
    if (Date.now() > deadline) assert.fail(`${what}: not shown before the deadline; last page:\n${mainOf(r.text_).slice(0, 2500)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
const figures = (n, v) => `${n} participant${n === 1 ? '' : 's'} voted (${v} votes).`;
const fresh = (t) => !t.includes('New votes are being taken into account');

before(async () => {
  kit = await startWithAdmin();
  const u = await kit.createUser('flora@example.org', { name: 'Flora Facilitatrice' });
  fac = await kit.loginAs(u.email, u.password);
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
  ok(await fac.api('POST', '/api/v1/cycles', { slug: SLUG, title: 'Avenir numérique', visibility: 'public', builtins: false }), 201, 'public cycle');
  ok(await fac.api('POST', '/api/v1/cycles', { slug: CLOSED_SLUG, title: 'Conclave fermé', visibility: 'members', builtins: false }), 201, 'members-only cycle');
});

after(async () => { if (kit) await kit.stop(); });

test('the facilitator creates a controversy and seeds statements; a duplicate or a too long one is refused on the field', T, async () => {
  // The form, in French and in English.
  const fr = expectStatus(await fac.get(`/c/${SLUG}/controversies/new`, { headers: FR }), 200, 'new (fr)').text_;
  assert.match(fr, /<h1>Nouvelle controverse<\/h1>/);
  assertCleanHtml(fr, 'new controversy form');
  let r = await postForm(fac, `/c/${SLUG}/controversies`, { title: '', question: '', description: '', state: 'open', proposals: '1' }, { headers: FR });
  expectStatus(r, 422, 'no title (fr)');
  assert.match(r.text_, /<p class="field-error" id="title-error">Donnez un titre à la controverse\.<\/p>/);
  r = await postForm(fac, `/c/${SLUG}/controversies`, { title: '', question: '', description: '', state: 'open', proposals: '1' });
  expectStatus(r, 422, 'no title');
  assert.match(r.text_, /<p class="field-error" id="title-error">Give the controversy a title\.<\/p>/);
  assert.ok(!(await fac.get(`/c/${SLUG}/controversies`)).text_.includes('<td><a href'), 'nothing created');

  r = await postForm(fac, `/c/${SLUG}/controversies`, {
    title: 'Le numérique en 2050', question: 'À quoi devra servir le numérique ?', description: 'Un débat **ouvert**.', state: 'open', proposals: '1',
  });
  expectStatus(r, 303, 'create');
  const m = /^\/c\/avenir\/controversies\/([A-Za-z0-9]+)\/statements$/.exec(r.headers.get('location'));
  assert.ok(m, r.headers.get('location'));
  cvUid = m[1];
  for (const s of [...PRO, ...CONTRA, ...CONS, ...UNSURE]) {
    expectStatus(await postForm(fac, url('/statements'), { body: s }), 303, `seeding "${s}"`);
  }
  // Accents, capitals and spaces aside, the same statement: refused, with
  // the message on the field and the text kept.
  const dup = '  le TELETRAVAIL deviendra la norme des BUREAUX ';
  r = expectStatus(await postForm(fac, url('/statements'), { body: dup }), 422, 'duplicate');
  assert.match(r.text_, /<div class="field invalid"><label for="body">Statement<\/label>/);
  assert.match(r.text_, /<p class="field-error" id="body-error">This statement is already there: vote on it instead\.<\/p>/);
  assert.match(r.text_, /<textarea id="body" name="body" rows="2" required aria-invalid="true" aria-describedby="body-error body-hint">  le TELETRAVAIL/);
  r = expectStatus(await postForm(fac, url('/statements'), { body: dup }, { headers: FR }), 422, 'duplicate (fr)');
  assert.ok(plain(r.text_).includes('<p class="field-error" id="body-error">Cette affirmation existe déjà : votez plutôt sur elle.</p>'), 'the French message');
  // 281 characters: too long; 280 (accented, more bytes than characters): fine.
  const long = 'é'.repeat(281);
  r = expectStatus(await postForm(fac, url('/statements'), { body: long }), 422, 'too long');
  assert.match(r.text_, /<p class="field-error" id="body-error">The statement is too long \(280 characters at most\)\.<\/p>/);
  r = expectStatus(await postForm(fac, url('/statements'), { body: long }, { headers: FR }), 422, 'too long (fr)');
  assert.match(r.text_, /<p class="field-error" id="body-error">L’affirmation est trop longue \(280 caractères au plus\)\.<\/p>/);
  expectStatus(await postForm(fac, url('/statements'), { body: '   ' }), 422, 'empty');

  const st = await statements();
  assert.equal(st.length, PRO.length + CONTRA.length + CONS.length + UNSURE.length, 'only the seeds were added');
  for (const x of st) {
    assert.equal(x.status, 'accepted', `${x.body}: a facilitator's statement is accepted at once`);
    assert.deepEqual([x.agree, x.disagree, x.pass], [0, 0, 0]);
    num[unescape(x.body)] = x.number;
  }
  for (const s of [...PRO, ...CONTRA, ...CONS, ...UNSURE]) assert.ok(num[s], `"${s}" has a number`);
  assert.equal(new Set(Object.values(num)).size, st.length, 'distinct numbers');
  // The list of the cycle: one open controversy with its statements.
  const list = expectStatus(await fac.get(`/c/${SLUG}/controversies`), 200, 'list').text_;
  assert.match(list, new RegExp(`<a href="${url()}">Le numérique en 2050</a>[\\s\\S]*?</td><td>open</td><td>${st.length}</td><td>0</td><td>0</td>`));
  const listFr = expectStatus(await fac.get(`/c/${SLUG}/controversies`, { headers: FR }), 200, 'list (fr)').text_;
  assert.ok(listFr.includes('<h1>Controverses</h1>'), 'the French list');
});

test('people take part with a nickname and their kind of organisation; a later vote replaces the earlier one', T, async () => {
  // The form, before taking part.
  const anon = kit.client();
  let page = expectStatus(await anon.get(url()), 200, 'participant page').text_;
  assertCleanHtml(page, 'participant page');
  assert.match(page, /<h2 id="take-part">Take part<\/h2>/);
  assert.match(page, /<label for="nickname">Nickname<\/label>/);
  assert.match(page, /<select id="org_kind" name="org_kind"/);
  assert.ok(!page.includes('action="' + url('/vote') + '"'), 'no vote buttons before taking part');
  const pageFr = expectStatus(await anon.get(url(), { headers: FR }), 200, 'participant page (fr)').text_;
  assert.match(pageFr, /<h2 id="take-part">Participer<\/h2>/);
  assert.match(pageFr, /<label for="nickname">Pseudonyme<\/label>/);
  // Refused: no nickname, no kind; too long a nickname; a kind not offered.
  let r = expectStatus(await postForm(anon, url('/identity'), { nickname: '', org_kind: '' }), 422, 'empty identity');
  assert.match(r.text_, /<p class="field-error" id="nickname-error">Choose a nickname\.<\/p>/);
  assert.match(r.text_, /<p class="field-error" id="org_kind-error">Choose the kind of organisation you come from\.<\/p>/);
  r = expectStatus(await postForm(anon, url('/identity'), { nickname: '', org_kind: '' }, { headers: FR }), 422, 'empty identity (fr)');
  assert.match(r.text_, /<p class="field-error" id="nickname-error">Choisissez un pseudonyme\.<\/p>/);
  r = expectStatus(await postForm(anon, url('/identity'), { nickname: 'N'.repeat(61), org_kind: 'pme' }), 422, 'long nickname');
  assert.match(r.text_, /The nickname is too long \(60 characters at most\)\./);
  r = expectStatus(await postForm(anon, url('/identity'), { nickname: 'Ana', org_kind: 'multinationale' }), 422, 'unknown kind');
  assert.match(r.text_, /id="org_kind-error"/);
  assert.ok(!r.headers.getSetCookie().some((c) => /^fab_p\d+=/.test(c)), 'no identity for a refused form');
  // Voting without an identity: refused.
  r = expectStatus(await postForm(anon, url('/vote'), { statement: num[PRO[0]], value: 'agree' }), 403, 'vote without identity');
  assert.match(r.text_, /Choose a nickname before voting\./);

  const ana = await takePart('Ana', 'pme');
  page = expectStatus(await ana.get(url()), 200, 'after taking part').text_;
  assert.match(page, /Taking part as Ana — 15 statements left/);
  assert.match(page, /<button type="submit" name="value" value="agree" class="agree">Agree</);
  const shown = /<blockquote class="statement" id="statement"><p>([^<]*)<\/p><p class="hint">Statement (\d+)<\/p><\/blockquote>/.exec(page);
  assert.ok(shown, 'one statement shown');
  assert.equal(num[unescape(shown[1])], Number(shown[2]), 'the statement shown with its number');
  const pageFr2 = expectStatus(await ana.get(url(), { headers: FR }), 200, 'after taking part (fr)').text_;
  assert.match(pageFr2, /Vous participez en tant que Ana/);
  assert.match(pageFr2, /value="agree" class="agree">D’accord</);
  // Taking part again with the same cookie keeps the same person.
  expectStatus(await postForm(ana, url('/identity'), { nickname: 'Ana bis', org_kind: 'pme' }), 303, 'again');
  assert.match((await ana.get(url())).text_, /Taking part as Ana —/);

  const ben = await takePart('Ben', 'recherche');
  const s1 = num[PRO[0]], s2 = num[PRO[1]], s3 = num[CONTRA[0]];
  await vote(ana, s1, 'agree');
  await vote(ana, s2, 'pass');
  await vote(ben, s1, 'agree');
  await vote(ben, s3, 'disagree');
  let st = await statements();
  const counts = (n) => { const x = st.find((y) => y.number === n); return [x.agree, x.disagree, x.pass]; };
  assert.deepEqual(counts(s1), [2, 0, 0]);
  assert.deepEqual(counts(s2), [0, 0, 1]);
  assert.deepEqual(counts(s3), [0, 1, 0]);
  // Ana changes her mind on s1, then again on s2: the latest counts, once.
  await vote(ana, s1, 'disagree');
  await vote(ana, s2, 'agree');
  await vote(ana, s2, 'disagree');
  st = await statements();
  assert.deepEqual(counts(s1), [1, 1, 0], 'Ana\'s disagree replaced her agree');
  assert.deepEqual(counts(s2), [0, 1, 0], 'one vote of Ana\'s on s2, the last');
  page = expectStatus(await ana.get(url()), 200, 'after voting').text_;
  assert.match(page, /Taking part as Ana — 13 statements left/);
  assert.match(page, /<summary>Your 2 votes<\/summary>/);
  assert.ok(page.includes(`<tr><td>${PRO[0]}</td><td>disagree</td>`), 'her table shows the latest vote');
  // A bad value, an unknown statement, no statement: refused, nothing counted.
  r = expectStatus(await postForm(ana, url('/vote'), { statement: s3, value: 'plutôt' }), 422, 'bad value');
  assert.match(r.text_, /Choose agree, disagree or pass\./);
  r = expectStatus(await postForm(ana, url('/vote'), { statement: s3, value: 'plutôt' }, { headers: FR }), 422, 'bad value (fr)');
  assert.match(r.text_, /Choisissez d’accord, pas d’accord ou passer\./);
  r = expectStatus(await postForm(ana, url('/vote'), { statement: 9999, value: 'agree' }), 404, 'unknown statement');
  assert.match(r.text_, /There is no such statement in this controversy\./);
  expectStatus(await postForm(ana, url('/vote'), { value: 'agree' }), 422, 'no statement');
  assert.deepEqual(await statements(), st, 'the refused votes changed nothing');
  // The list counts the voters and votes.
  const t = tally();
  const list = (await fac.get(`/c/${SLUG}/controversies`)).text_;
  assert.match(list, new RegExp(`<td>open</td><td>15</td><td>${t.voters}</td><td>${t.votes}</td>`));
});

test('a proposal waits for moderation, then is accepted, rejected with a reason or marked meta', T, async () => {
  const cleo = await takePart('Cléo', 'collectivite');
  let r = await postForm(cleo, url('/propose'), { body: 'Les bibliothèques prêteront des ordinateurs' });
  expectStatus(r, 303, 'proposal');
  assert.equal(r.headers.get('location'), `${url()}#propose`);
  authors.add(cleo.person);
  const flash = await cleo.get(url());
  assert.match(flash.text_, /Thank you: your statement will be shown once a facilitator accepts it\./);
  for (const body of ['Le numérique doit rester un outil, pas un but', 'Tout ira bien, pas de souci', META]) {
    expectStatus(await postForm(cleo, url('/propose'), { body }), 303, `proposal ${body}`);
  }
  // A duplicate of a seed, an empty and a too long one: refused on the field.
  r = expectStatus(await postForm(cleo, url('/propose'), { body: 'LES SERVICES PUBLICS doivent rester accessibles sans Internet' }), 422, 'duplicate proposal');
  assert.match(r.text_, /<p class="field-error" id="body-error">This statement is already there: vote on it instead\.<\/p>/);
  r = expectStatus(await postForm(cleo, url('/propose'), { body: 'x'.repeat(281) }), 422, 'long proposal');
  assert.match(r.text_, /The statement is too long \(280 characters at most\)\./);
  r = expectStatus(await postForm(cleo, url('/propose'), { body: '' }), 422, 'empty proposal');
  assert.match(r.text_, /Write the statement\./);

  // The queue comes first on the statements page.
  let page = expectStatus(await fac.get(url('/statements')), 200, 'statements').text_;
  assert.match(page, /<p>4 statements await moderation\.<\/p>/);
  let st = parseStatements(page);
  assert.deepEqual(st.slice(0, 4).map((x) => x.status), ['awaiting moderation', 'awaiting moderation', 'awaiting moderation', 'awaiting moderation']);
  for (const x of st.slice(0, 4)) num[unescape(x.body)] = x.number;
  const acc = num['Les bibliothèques prêteront des ordinateurs'];
  const rej = num['Tout ira bien, pas de souci'];
  const keep = num['Le numérique doit rester un outil, pas un but'];
  const meta = num[META];
  assert.ok(page.includes('Les bibliothèques prêteront des ordinateurs<br><span class="hint">proposed by Cléo</span>'), 'the author is shown');
  const pageFr = (await fac.get(url('/statements'), { headers: FR })).text_;
  assert.ok(plain(pageFr).includes('en attente de modération'), 'the French status');

  // Not shown to vote, and a vote on it is refused.
  r = expectStatus(await postForm(cleo, url('/vote'), { statement: acc, value: 'agree' }), 409, 'vote on a pending statement');
  assert.match(r.text_, /This statement is not open to votes: the moderators have not accepted it\./);
  assert.ok(!(await cleo.get(url())).text_.includes(`<p class="hint">Statement ${acc}</p>`), 'a pending statement is not offered');

  expectStatus(await postForm(fac, url('/moderate'), { statement: acc, action: 'accept', note: '' }), 303, 'accept');
  expectStatus(await postForm(fac, url('/moderate'), { statement: rej, action: 'reject', note: 'Ce n’est pas une affirmation discutable' }), 303, 'reject');
  expectStatus(await postForm(fac, url('/moderate'), { statement: meta, action: 'meta', note: '' }), 303, 'meta');
  page = expectStatus(await fac.get(url('/statements')), 200, 'statements').text_;
  assert.match(page, /<p>1 statement awaits moderation\.<\/p>/);
  st = parseStatements(page);
  const of = (n) => st.find((x) => x.number === n);
  assert.equal(of(keep).status, 'awaiting moderation');
  assert.equal(of(acc).status, 'accepted');
  assert.equal(of(rej).status, 'rejected');
  assert.equal(unescape(of(rej).note), 'Ce n’est pas une affirmation discutable', 'the reason is kept');
  assert.equal(of(meta).status, 'meta (about the debate)');
  // Votes: on the accepted and the meta statement, yes; on the rejected, no.
  await vote(cleo, acc, 'agree');
  await vote(cleo, meta, 'agree');
  r = await vote(cleo, rej, 'agree', 409);
  assert.match(r.text_, /This statement is not open to votes: the moderators have not accepted it\./);
  st = await statements();
  assert.deepEqual([of(rej).agree, of(rej).disagree, of(rej).pass], [0, 0, 0], 'the rejected statement counts nothing');
  const stNow = await statements();
  assert.deepEqual([stNow.find((x) => x.number === rej).agree], [0]);
  assert.deepEqual([stNow.find((x) => x.number === acc).agree], [1]);
  // The reason, in French, with the French status.
  const fr = plain((await fac.get(url('/statements'), { headers: FR })).text_);
  assert.ok(fr.includes('<td>rejetée<br><span class="hint">Ce n’est pas une affirmation discutable</span></td>'), 'rejected, with its reason, in French');
  // A rejected statement can be proposed again (it is not "already there")
  // and a facilitator can put a statement back in the queue.
  expectStatus(await postForm(fac, url('/moderate'), { statement: keep, action: 'reject', note: '' }), 303, 'reject keep');
  expectStatus(await postForm(fac, url('/moderate'), { statement: keep, action: 'pending', note: '' }), 303, 'back to the queue');
  assert.equal((await statements()).find((x) => x.number === keep).status, 'awaiting moderation');
  expectStatus(await postForm(fac, url('/moderate'), { statement: keep, action: 'reject', note: 'Doublon' }), 303, 'reject keep again');

  // No proposals when the facilitators take none.
  expectStatus(await postForm(fac, url('/edit'), { title: 'Le numérique en 2050', question: 'À quoi devra servir le numérique ?', description: 'Un débat **ouvert**.', state: 'open' }), 303, 'proposals off');
  r = expectStatus(await postForm(cleo, url('/propose'), { body: 'Une proposition de trop' }), 409, 'proposal refused');
  assert.match(r.text_, /The facilitators of this controversy do not take proposals\./);
  assert.ok(!(await cleo.get(url())).text_.includes('id="propose"'), 'no proposal form');
  expectStatus(await postForm(fac, url('/edit'), { title: 'Le numérique en 2050', question: 'À quoi devra servir le numérique ?', description: 'Un débat **ouvert**.', state: 'open', proposals: '1' }), 303, 'proposals on');
  assert.ok(!(await statements()).some((x) => x.body === 'Une proposition de trop'), 'the refused proposal is not there');
});

// The planted camps, kept for the tests that follow.
const camp = { A: [], B: [] };
let frozenMain;

function planted(i) {
  // Person i of 60: camp A for i < 30. A little noise: one pass on a camp
  // statement for some, one disagreement on a consensus statement.
  const a = i < 30;
  const out = [];
  [...PRO, ...CONTRA].forEach((s, j) => {
    let v = (j < PRO.length) === a ? 'agree' : 'disagree';
    if ((i * 7 + j) % 13 === 0) v = 'pass';
    out.push([s, v]);
  });
  CONS.forEach((s, j) => out.push([s, (i + j) % 17 === 5 ? 'disagree' : 'agree']));
  UNSURE.forEach((s) => out.push([s, i % 3 === 0 ? 'agree' : 'pass']));
  out.push([META, 'agree']); // a meta statement everyone agrees with stays out of the map
  return out;
}

/** The opinion groups of a report: [{letter, size, reps: [{text, agree}]}]. */
function groupsOf(html) {
  const out = [];
  const re = /<section class="ogroup g\d" aria-labelledby="group-\d"><h3 id="group-\d">Group ([A-E]) — (\d+) participants?<\/h3>([\s\S]*?)<\/section>/g;
  for (const m of html.matchAll(re)) {
    const reps = [...m[3].matchAll(/<tr><td>([^<]*)<\/td><td>\d+\u00a0?% (agree|disagree)<\/td><td>\d+\u00a0?% (?:agree|disagree)<\/td><\/tr>/g)]
      .map((x) => ({ text: unescape(x[1]), agree: x[2] === 'agree' }));
    out.push({ letter: m[1], size: Number(m[2]), reps });
  }
  return out;
}
/** The camp a representative statement speaks for, or null. */
function campOf(rep) {
  if (PRO.includes(rep.text)) return rep.agree ? 'A' : 'B';
  if (CONTRA.includes(rep.text)) return rep.agree ? 'B' : 'A';
  return null;
}
const section = (html, id) => (new RegExp(`<h2 id="${id}">[\\s\\S]*?(?=<h2|<p class="hint">How the map)`).exec(html) || [''])[0];

test('sixty people in two planted camps: a map with opinion groups and representative statements, "you" on it', { timeout: 120000 }, async () => {
  const crowd = [];
  for (let i = 0; i < 60; i++) {
    const c = await takePart(`Planté ${i}`, ['pme', 'association', 'recherche', 'collectivite'][i % 4]);
    crowd.push(c);
    camp[i < 30 ? 'A' : 'B'].push(c);
  }
  // Ten at a time, each person's votes in order.
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let i = next++; i < crowd.length; i = next++) {
      for (const [s, v] of planted(i)) await vote(crowd[i], num[s], v);
    }
  }));
  const t = tally();
  const html = await poll(kit.admin, url('/report'), (x) => x.includes(figures(t.voters, t.votes)) && fresh(x) && x.includes('id="groups"'), 'the map of the planted camps');
  assertCleanHtml(html, 'report');
  // Everyone of the crowd votes on 16 statements: all clustered.
  const groups = groupsOf(html);
  assert.ok(groups.length >= 2, `at least two opinion groups, got ${groups.length}`);
  const camps = new Set();
  for (const g of groups) {
    assert.ok(g.reps.length > 0, `group ${g.letter} has representative statements`);
    const cs = new Set(g.reps.map(campOf).filter(Boolean));
    assert.equal(cs.size, 1, `group ${g.letter}'s representative statements speak for one camp: ${JSON.stringify(g.reps)}`);
    g.camp = [...cs][0];
    camps.add(g.camp);
    assert.ok(g.reps.length <= 5, 'at most five per group');
  }
  assert.deepEqual([...camps].sort(), ['A', 'B'], 'both camps are found');
  const sizeOf = (c) => groups.filter((g) => g.camp === c).reduce((s, g) => s + g.size, 0);
  assert.equal(sizeOf('A'), 30, 'camp A\'s groups hold its 30 people');
  assert.equal(sizeOf('B'), 30, 'camp B\'s groups hold its 30 people');
  // The table beside the picture gives the same sizes.
  for (const g of groups) {
    assert.match(html, new RegExp(`<tr><th scope="row"><span class="swatch ${g.letter}" aria-hidden="true"></span> ${g.letter}</th><td class="num">${g.size}</td>`));
  }
  // What unites: the two consensus statements; what leaves unsure: UNSURE;
  // what divides: camp statements. The meta statement stays out.
  const unites = section(html, 'consensus');
  for (const s of CONS) assert.ok(unites.includes(s), `"${s}" unites`);
  assert.ok(section(html, 'uncertain').includes(UNSURE[0]), 'the uncertain statement');
  const divides = section(html, 'divisive');
  const firstDivisive = /<tbody><tr><td>([^<]*)<\/td>/.exec(divides);
  assert.ok(firstDivisive && [...PRO, ...CONTRA].includes(unescape(firstDivisive[1])), `a camp statement divides most: ${firstDivisive && firstDivisive[1]}`);
  assert.ok(!html.includes(META), 'the meta statement is left out of the map');
  assert.match(html, /<svg class="omap"[\s\S]*<\/svg>/, 'the picture');

  // Each one finds themself: ringed, "you", and their group named.
  for (const [c, want] of [[camp.A[3], 'A'], [camp.B[7], 'B']]) {
    const mine = expectStatus(await c.get(url('/report')), 200, `${c.nickname}'s report`).text_;
    assert.match(mine, /<circle cx="\d+" cy="\d+" r="9" class="om-me"\/><text x="\d+" y="\d+" class="om-halo">you<\/text><text x="\d+" y="\d+" class="om-me-label">you<\/text>/);
    const g = /<p><strong>You are in group ([A-E])\.<\/strong><\/p>/.exec(mine);
    assert.ok(g, `${c.nickname} is told their group`);
    assert.equal(groups.find((x) => x.letter === g[1]).camp, want, `${c.nickname} is in a group of camp ${want}`);
    const fr = expectStatus(await c.get(url('/report'), { headers: FR }), 200, 'report (fr)').text_;
    assert.match(fr, /class="om-me-label">vous<\/text>/);
    assert.match(fr, new RegExp(`<p><strong>Vous êtes dans le groupe ${g[1]}\\.</strong></p>`));
    assert.match(fr, /<h2 id="groups">Groupes d’opinion<\/h2>/);
  }
  // Someone who only watches is not on the map.
  const watcher = await kit.client().get(url('/report'));
  assert.ok(!watcher.text_.includes('om-me'), 'no "you" for someone who did not vote');
});

test('a frozen report keeps its figures when more votes come', { timeout: 90000 }, async () => {
  const before = tally();
  const r = expectStatus(await postForm(fac, url('/freeze'), {}), 303, 'freeze');
  assert.equal(r.headers.get('location'), url('/reports/1'));
  const first = expectStatus(await fac.get(url('/reports/1')), 200, 'report 1').text_;
  assertCleanHtml(first, 'report 1');
  assert.match(first, /<p class="lead">Report 1<\/p>/);
  assert.match(first, /Frozen [^<]* by Flora Facilitatrice; the figures and statements are those of that moment\./);
  assert.ok(first.includes(figures(before.voters, before.votes)), 'the frozen figures');
  assert.ok(groupsOf(first).length >= 2, 'the frozen groups');
  frozenMain = mainOf(first);
  // The report lists it for the facilitators.
  assert.match((await fac.get(url('/report'))).text_, new RegExp(`<li><a href="${url('/reports/1')}">Report 1</a>`));

  // Three more people, camp B's way, and a change of heart in camp A.
  for (let k = 0; k < 3; k++) {
    const c = await takePart(`Retardataire ${k}`, 'autre');
    camp.B.push(c);
    for (const [s, v] of planted(40 + k)) await vote(c, num[s], v);
  }
  await vote(camp.A[0], num[PRO[0]], 'disagree');
  const t = tally();
  assert.equal(t.voters, before.voters + 3);
  await poll(kit.admin, url('/report'), (x) => x.includes(figures(t.voters, t.votes)) && fresh(x), 'the map with the late votes');
  const again = expectStatus(await fac.get(url('/reports/1')), 200, 'report 1 again').text_;
  assert.equal(mainOf(again), frozenMain, 'report 1 did not change');
  // A participant reads the frozen report too, with their place then.
  const p = expectStatus(await camp.A[3].get(url('/reports/1')), 200, 'report 1 for a participant').text_;
  assert.ok(p.includes(figures(before.voters, before.votes)));
  assert.match(p, /class="om-me-label">you<\/text>/);
  // A second freeze is report 2, with the new figures.
  expectStatus(await postForm(fac, url('/freeze'), {}), 303, 'freeze 2');
  assert.ok((await fac.get(url('/reports/2'))).text_.includes(figures(t.voters, t.votes)), 'report 2 has the new figures');
  expectStatus(await fac.get(url('/reports/3')), 404, 'no report 3');
});

test('the Pol.is export holds what was voted: headers and counts', T, async () => {
  const st = await statements();
  const t = tally();
  // votes.csv: one row per person and statement, the latest vote.
  let res = expectStatus(await fac.get(url('/polis/votes.csv')), 200, 'votes.csv');
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${cvUid}-votes.csv"`);
  const votes = parseCsv(res.text_);
  assert.deepEqual(votes[0], ['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote']);
  const rows = votes.slice(1);
  assert.equal(rows.length, ledger.size, 'one row per vote counted');
  for (const r of rows) {
    assert.match(r[0], /^\d{13}$/, 'milliseconds');
    assert.match(r[1], /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/, `datetime ${r[1]}`);
    assert.equal(new Date(Number(r[0])).toUTCString().slice(17, 25), r[1].slice(11, 19), 'the datetime is the timestamp');
  }
  // Each voter's votes as a set: the same as the ledger's, person by person.
  const byVoter = new Map();
  for (const r of rows) byVoter.set(r[3], [...(byVoter.get(r[3]) || []), `${r[2]}:${r[4]}`]);
  const mine = new Map();
  for (const [k, v] of ledger) { const [p, n] = k.split('|'); mine.set(p, [...(mine.get(p) || []), `${n}:${v}`]); }
  const norm = (m) => [...m.values()].map((l) => l.sort().join(' ')).sort();
  assert.deepEqual(norm(byVoter), norm(mine), 'every person\'s votes, as sent');
  const people = new Set([...mine.keys(), ...authors]).size;
  assert.deepEqual([...byVoter.keys()].map(Number).sort((a, b) => a - b), [...Array(byVoter.size).keys()], 'voters numbered 0, 1, 2…');

  // comments.csv: one row per statement, every status, counts from the votes.
  res = expectStatus(await fac.get(url('/polis/comments.csv')), 200, 'comments.csv');
  const com = parseCsv(res.text_);
  assert.deepEqual(com[0], ['timestamp', 'comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'is-meta', 'is-seed', 'group-informed-consensus', 'comment-body']);
  assert.equal(com.length - 1, st.length, 'one row per statement');
  for (const r of com.slice(1)) {
    const x = st.find((y) => y.number === Number(r[1]));
    assert.ok(x, `comment ${r[1]} is a statement`);
    assert.equal(r[9], unescape(x.body), `comment ${r[1]}'s text`);
    const [a, d] = t.per.get(x.number) || [0, 0, 0];
    assert.deepEqual([Number(r[3]), Number(r[4])], [a, d], `comment ${r[1]}: agrees and disagrees`);
    const moderated = { accepted: '1', 'meta (about the debate)': '1', rejected: '-1', 'awaiting moderation': '0' }[x.status];
    assert.equal(r[5], moderated, `comment ${r[1]} moderated`);
    assert.equal(r[6], x.status.startsWith('meta') ? 'true' : 'false', `comment ${r[1]} is-meta`);
    const seed = [...PRO, ...CONTRA, ...CONS, ...UNSURE].includes(r[9]);
    assert.equal(r[7], seed ? 'true' : 'false', `comment ${r[1]} is-seed`);
    assert.equal(r[2] === '', seed, `comment ${r[1]}: an author for the proposals only`);
  }
  // participants-votes.csv: one row per person, a column per comment.
  res = expectStatus(await fac.get(url('/polis/participants-votes.csv')), 200, 'participants-votes.csv');
  const pv = parseCsv(res.text_);
  const ids = st.map((x) => x.number).sort((a, b) => a - b).map(String);
  assert.deepEqual(pv[0], ['participant', 'xid', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree', ...ids]);
  assert.equal(pv.length - 1, people, 'one row per person who voted or proposed');
  let grouped = 0;
  for (const r of pv.slice(1)) {
    const cells = r.slice(7);
    const filled = cells.filter((x) => x !== '');
    assert.equal(Number(r[4]), filled.length, `participant ${r[0]}: n-votes`);
    assert.equal(Number(r[5]), filled.filter((x) => x === '1').length, `participant ${r[0]}: n-agree`);
    assert.equal(Number(r[6]), filled.filter((x) => x === '-1').length, `participant ${r[0]}: n-disagree`);
    const fromVotes = (byVoter.get(r[0]) || []).slice().sort().join(' ');
    const fromCells = ids.map((id, k) => (cells[k] === '' ? null : `${id}:${cells[k]}`)).filter(Boolean).sort().join(' ');
    assert.equal(fromCells, fromVotes, `participant ${r[0]}: the same votes as votes.csv`);
    if (r[2] !== '') grouped++;
  }
  assert.ok(grouped >= 63, `the planted people have a group-id (${grouped})`);
  // An unknown file name.
  expectStatus(await fac.get(url('/polis/summary.csv')), 404, 'summary.csv is not written');
});

/** Pol.is' own files, counted here: statements by status, voters and votes
 *  (the latest vote of each pair). */
function polisCounts() {
  const comments = parseCsv(readFileSync(join(POLIS, 'comments.csv'), 'utf8'));
  const h = comments[0];
  const rows = comments.slice(1).filter((r) => r.length === h.length);
  const moderated = h.indexOf('moderated'), meta = h.indexOf('is-meta');
  const votes = parseCsv(readFileSync(join(POLIS, 'votes.csv'), 'utf8'));
  const vh = votes[0];
  const pairs = new Set(), voters = new Set();
  for (const r of votes.slice(1)) {
    if (r.length !== vh.length) continue;
    const voter = r[vh.indexOf('voter-id')], comment = r[vh.indexOf('comment-id')];
    pairs.add(`${voter}|${comment}`);
    voters.add(voter);
  }
  return {
    statements: rows.length,
    rejected: rows.filter((r) => r[moderated] === '-1').length,
    meta: rows.filter((r) => r[meta] === 'true' && r[moderated] !== '-1').length,
    voters: voters.size, votes: pairs.size,
  };
}

test('a Pol.is conversation imported through the form becomes a closed controversy with its map', { timeout: 120000 }, async () => {
  const want = polisCounts();
  assert.equal(want.statements, 371, 'the file as published');
  const form = expectStatus(await fac.get(`/c/${SLUG}/controversies/import`), 200, 'import form').text_;
  assert.match(form, /<form method="post" action="\/c\/avenir\/controversies\/import" enctype="multipart\/form-data"/);
  const formFr = expectStatus(await fac.get(`/c/${SLUG}/controversies/import`, { headers: FR }), 200, 'import form (fr)').text_;
  assert.match(formFr, /<h1>Importer une conversation Pol\.is<\/h1>/);
  const r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, {
    title: 'Bowling Green 2050',
    comments: { file: readFileSync(join(POLIS, 'comments.csv')), name: 'comments.csv' },
    votes: { file: readFileSync(join(POLIS, 'votes.csv')), name: 'votes.csv' },
  });
  expectStatus(r, 303, 'import');
  const m = /^\/c\/avenir\/controversies\/([A-Za-z0-9]+)\/report$/.exec(r.headers.get('location'));
  assert.ok(m, `to the report: ${r.headers.get('location')}`);
  const uid = m[1];
  const list = (await fac.get(`/c/${SLUG}/controversies`)).text_;
  assert.match(list, new RegExp(`<a href="${url('', uid)}">Bowling Green 2050</a>[\\s\\S]*?</td><td>closed</td><td>${want.statements - want.rejected}</td><td>${want.voters}</td><td>${want.votes}</td>`));
  const st = await statements(uid);
  assert.equal(st.length, want.statements, 'every comment is a statement');
  assert.equal(st.filter((x) => x.status === 'rejected').length, want.rejected, 'moderated out: rejected');
  assert.equal(st.filter((x) => x.status.startsWith('meta')).length, want.meta, 'meta kept');
  assert.equal(st.reduce((s, x) => s + x.agree + x.disagree + x.pass, 0), want.votes, 'every vote, once');
  // Closed: the page says so, and the map appears.
  const page = expectStatus(await kit.client().get(url('', uid)), 200, 'imported controversy').text_;
  assert.match(page, /This controversy is closed: votes are no longer taken\./);
  // The report counts the people and votes the list counts (two people of
  // this conversation voted only on statements moderated out: they count).
  const rep = await poll(kit.admin, url('/report', uid), (x) => x.includes(figures(want.voters, want.votes)) && x.includes('id="groups"'), 'the map of the import', 90000);
  // Pol.is found two groups in this conversation (summary.csv); ours are
  // made the same way.
  assert.ok(groupsOf(rep).length >= 2, 'opinion groups in the imported conversation');
  const clustered = Number(/(\d+) votes? on enough statements to be placed in an opinion group\./.exec(rep)[1]);
  assert.equal(groupsOf(rep).reduce((n, g) => n + g.size, 0), clustered, 'the groups hold everyone placed');
});

test('a garbage upload is refused with a message and creates nothing', T, async () => {
  const listBefore = mainOf((await fac.get(`/c/${SLUG}/controversies`)).text_);
  const garbage = 'bonjour;le;monde\n\u0001\u0002,,"\n';
  let r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, {
    title: 'Ordures', comments: { file: garbage, name: 'comments.csv' }, votes: { file: garbage, name: 'votes.csv' },
  });
  expectStatus(r, 422, 'garbage');
  assert.match(r.text_, /The files were refused: [^<]{8,}/);
  assert.match(r.text_, /value="Ordures"/, 'the form is shown again with the title');
  r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, {
    title: 'Ordures', comments: { file: garbage, name: 'comments.csv' }, votes: { file: garbage, name: 'votes.csv' },
  }, { headers: FR });
  expectStatus(r, 422, 'garbage (fr)');
  assert.ok(plain(r.text_).includes('Les fichiers ont été refusés :'), 'the French refusal');
  // A vote on a comment the file does not have.
  const comments = 'timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n1,0,0,0,0,1,false,true,Seul\n';
  const votes = 'timestamp,datetime,comment-id,voter-id,vote\n1,x,7,0,1\n';
  r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, { title: 'Orphelins', comments: { file: comments, name: 'c.csv' }, votes: { file: votes, name: 'v.csv' } });
  expectStatus(r, 422, 'a vote on no comment');
  assert.match(r.text_, /The files were refused:/);
  // No votes file at all.
  r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, { title: 'Sans votes', comments: { file: comments, name: 'c.csv' } });
  expectStatus(r, 422, 'no votes');
  assert.match(r.text_, /Choose comments\.csv, and votes\.csv or participants-votes\.csv\./);
  // A vote value Pol.is does not have.
  r = await postMultipart(fac, `/c/${SLUG}/controversies/import`, { title: 'Valeur', comments: { file: comments, name: 'c.csv' }, votes: { file: 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,2\n', name: 'v.csv' } });
  expectStatus(r, 422, 'a vote of 2');
  assert.equal(mainOf((await fac.get(`/c/${SLUG}/controversies`)).text_), listBefore, 'nothing was created');
});

test('a join code opens its controversy in a members-only cycle, and nothing else', T, async () => {
  const base = `/c/${CLOSED_SLUG}/controversies`;
  const make = async (title, state) => {
    const r = expectStatus(await postForm(fac, base, { title, question: '', description: '', state, proposals: '1' }), 303, title);
    const uid = /\/controversies\/([A-Za-z0-9]+)\/statements$/.exec(r.headers.get('location'))[1];
    expectStatus(await postForm(fac, url('/statements', uid, CLOSED_SLUG), { body: `Une affirmation de ${title}` }), 303, 'statement');
    const code = /<strong class="code">([A-Z0-9]{3} [A-Z0-9]{3})<\/strong>/.exec((await fac.get(url('/statements', uid, CLOSED_SLUG))).text_)[1];
    return { uid, code };
  };
  const secret = await make('Controverse du conclave', 'open');
  const other = await make('Autre controverse', 'open');
  const draft = await make('Controverse en préparation', 'draft');
  const shut = await make('Controverse terminée', 'open');
  expectStatus(await postForm(fac, url('/edit', shut.uid, CLOSED_SLUG), { title: 'Controverse terminée', state: 'closed' }), 303, 'close');
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
  ok(await fac.api('POST', `/api/v1/cycles/${CLOSED_SLUG}/templates`, { slug: 'court', name: 'Court', sections: [] }), 201, 'template');
  const sc = ok(await fac.api('POST', `/api/v1/cycles/${CLOSED_SLUG}/scenarios`, { template: 'court', title: 'Scénario secret' }), 201, 'scenario');

  // The join form prefilled from the link, in French.
  const guest = kit.client();
  const form = expectStatus(await guest.get(`/join?code=${secret.code.replace(' ', '')}`, { headers: FR }), 200, 'join form').text_;
  assert.match(form, /<h1>Rejoindre avec un code<\/h1>/);
  assert.ok(form.includes(`value="${secret.code}"`), 'the code is filled in');
  // A draft's or a closed controversy's code: refused on the field.
  for (const [c, what] of [[draft, 'draft'], [shut, 'closed']]) {
    const r = expectStatus(await postForm(guest, '/join', { code: c.code, nickname: 'Gaëlle', org_kind: 'pme' }), 422, `joining the ${what} one`);
    assert.match(r.text_, /<p class="field-error" id="code-error">This controversy is closed: it no longer takes participants\.<\/p>/);
    assert.ok(!r.headers.getSetCookie().some((x) => /^fab_p\d+=/.test(x)), 'no identity');
  }
  const rf = expectStatus(await postForm(guest, '/join', { code: shut.code, nickname: 'Gaëlle', org_kind: 'pme' }, { headers: FR }), 422, 'closed (fr)');
  assert.ok(plain(rf.text_).includes('Cette controverse est close : elle n’accueille plus de participant·es.'), 'the French refusal');
  // Joining: a person without an account, the code typed loosely.
  const r = expectStatus(await postForm(guest, '/join', { code: ` ${secret.code.toLowerCase()} `, nickname: 'Gaëlle', org_kind: 'pme' }), 303, 'join');
  assert.equal(r.headers.get('location'), url('', secret.uid, CLOSED_SLUG));
  const page = expectStatus(await guest.get(url('', secret.uid, CLOSED_SLUG)), 200, 'the controversy').text_;
  assert.match(page, /You are taking part in the controversy\./);
  assert.match(page, /Taking part as Gaëlle — 1 statement left/);
  assert.ok(!page.includes('Conclave fermé</a>'), 'no link into the cycle');
  expectStatus(await postForm(guest, url('/vote', secret.uid, CLOSED_SLUG), { statement: 1, value: 'agree' }), 303, 'vote');
  expectStatus(await guest.get(url('/report', secret.uid, CLOSED_SLUG)), 200, 'its report');
  // Nothing else of the cycle.
  for (const path of [`/c/${CLOSED_SLUG}`, base, `/c/${CLOSED_SLUG}/scenarios`, `/c/${CLOSED_SLUG}/scenarios/${sc.uid}`,
    `/c/${CLOSED_SLUG}/seminars`, url('', other.uid, CLOSED_SLUG), url('/report', other.uid, CLOSED_SLUG), url('', draft.uid, CLOSED_SLUG)]) {
    const x = await guest.get(path);
    assert.equal(x.status, 404, `${path}: ${x.status}`);
    assert.ok(!x.text_.includes('Conclave fermé') && !x.text_.includes('Autre controverse'), `${path} shows nothing of the cycle`);
  }
  const fo = await postForm(guest, url('/vote', other.uid, CLOSED_SLUG), { statement: 1, value: 'agree' });
  assert.equal(fo.status, 404, 'no vote in the other controversy');
  expectStatus(await guest.get(url('/statements', secret.uid, CLOSED_SLUG)), 303, 'the facilitators\' page needs an account');
  // Someone signed in, member of no cycle, joins by code the same way.
  const stranger = await kit.createUser('stranger@example.org', { name: 'Stranger' });
  const s = await kit.loginAs(stranger.email, stranger.password);
  expectStatus(await s.get(url('', secret.uid, CLOSED_SLUG)), 404, 'before joining');
  expectStatus(await postForm(s, '/join', { code: secret.code, nickname: 'Sacha', org_kind: 'autre' }), 303, 'stranger joins');
  expectStatus(await s.get(url('', secret.uid, CLOSED_SLUG)), 200, 'after joining');
  expectStatus(await s.get(`/c/${CLOSED_SLUG}`), 404, 'still not the cycle');
  // The facilitator sees both votes.
  const st = await statements(secret.uid, CLOSED_SLUG);
  assert.deepEqual([st[0].agree, st[0].disagree, st[0].pass], [1, 0, 0]);
});
