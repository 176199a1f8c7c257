// matrix_controversies.test.mjs — the permission matrix of every controversy
// route of src/web/routes.c (pages_controversies.c), requested by an
// anonymous visitor, a member of another cycle only ("outsider"), a visitor
// without an account who holds a participant identity of the cycle
// ("ident": in the public cycle they took part from the controversy's page,
// in the members-only cycle they joined a *neighbouring* controversy by its
// code), a participant member of the cycle who took part ("member"), a
// facilitator of the cycle, an administrator (not a member) and a visitor
// without an account who joined the controversy by its code ("code"), on a
// members-only cycle and on a public cycle.
//
// The expected statuses are written by hand below from the rules
// (DESIGN.md sections 3, 5 and 8, docs/user-guide.md "Controversies",
// src/domain/controversy.h), never computed by calling the code:
//   - a members-only cycle does not exist (404) for anyone who is not a
//     member or an administrator; a public one is read by anyone;
//   - a visitor who joined a controversy by its code reaches that
//     controversy's participant pages and report (not its cycle, not the
//     other controversies: 404 there), even in a members-only cycle;
//   - a draft ("in preparation") is for the facilitators only: 404 for
//     everyone else, who may see the cycle or not;
//   - ROUTE_AUTH routes answer a visitor without an account first: a GET is
//     sent to the sign-in form (303 to /login?next=<path>), a POST gets 401;
//   - the facilitators' pages, forms and exports need a facilitator or an
//     administrator (who counts as one); others who read the cycle get 403;
//   - a vote or a proposal needs an identity in the cycle (403 without
//     one); a vote needs an accepted statement of an open controversy (409
//     otherwise, "nothing changes"), a value among agree / disagree / pass
//     (422) and a statement that exists (404);
//   - a page answers 200, a successful form 303; freezing needs a map (409
//     while none was ever computed);
//   - an archived cycle is read, never changed: the facilitators' forms
//     answer 403, votes and proposals 409, taking part 409, joining 422.
// Every refused POST must leave the controversy as it was (its statements
// page, the list of controversies, the Pol.is votes file and the list of
// frozen reports, as the administrator sees them), and every accepted one
// must show its change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, readRoutes, T } from '../lib/server.mjs';
import { assertSecurityHeaders, assertCookieFlags, assertCleanHtml } from '../lib/checks.mjs';

const ROLES = ['anon', 'outsider', 'ident', 'member', 'facilitator', 'admin', 'code'];
const KINDS = ['members', 'public'];
const TITLES = { members: 'Cercle des controverses', public: 'Forum des controverses' };
const CV = {
  main: 'Controverse principale', closed: 'Controverse close', draft: 'Controverse brouillon',
  other: 'Controverse voisine', edit: 'Controverse à retoucher', empty: 'Controverse sans vote',
};
const SEEDS = ['Le télétravail doit devenir la règle', 'Les villes moyennes vont attirer les jeunes',
  'La voiture individuelle disparaîtra des centres', 'Il faut taxer davantage le transport aérien'];

let kit, clients;
const users = {};
const cycles = {}; // kind -> {slug, cv: {key: {uid, code}}, st: {name: number}}

/** POSTs a form whose values may be arrays (repeated fields), with the CSRF
 *  token unless csrf is false. A body {multipart: {...}} is sent as
 *  multipart/form-data (string values, or {file, name} for a file). */
async function postForm(client, path, fields, { csrf = true } = {}) {
  if (fields && fields.multipart) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields.multipart)) {
      if (typeof v === 'object') fd.append(k, new Blob([v.file], { type: 'text/csv' }), v.name);
      else fd.append(k, v);
    }
    if (csrf) fd.append('csrf', await client.csrf());
    return client.request('POST', path, { body: fd });
  }
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields || {})) for (const x of [].concat(v)) p.append(k, String(x));
  if (csrf) p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() });
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status} ${String(res.text_).replace(/[\s\S]*<main[^>]*>/, '').slice(0, 600)}`);
  return res;
}

const cvUrl = (cx, key, suffix = '') => `/c/${cx.slug}/controversies/${cx.cv[key].uid}${suffix}`;
const noCsrf = (html) => html.replace(/<input[^>]*name="csrf"[^>]*>/g, '');

/** The statements of the facilitators' page: [{number, body, status, note, agree, disagree, pass}]. */
function parseStatements(html) {
  const out = [];
  const re = /<tr><td>(\d+)<\/td><td>([^<]*)(?:<br><span class="hint">[^<]*<\/span>)?<\/td><td>([^<]*)(?:<br><span class="hint">([^<]*)<\/span>)?<\/td><td>(\d+) \/ (\d+) \/ (\d+)<\/td>/g;
  for (const m of html.matchAll(re)) {
    out.push({ number: Number(m[1]), body: m[2], status: m[3], note: m[4] || '', agree: Number(m[5]), disagree: Number(m[6]), pass: Number(m[7]) });
  }
  return out;
}

async function statementsOf(cx, key) {
  return parseStatements(expectStatus(await kit.admin.get(cvUrl(cx, key, '/statements')), 200, 'statements page').text_);
}

/** The controversy as the administrator sees it: statements page, list of
 *  controversies, Pol.is votes file and the frozen reports. Changes
 *  exactly when the controversy (or the list) changes; the opinion map,
 *  recomputed in the background, is left out. */
async function snapshot(cx, key) {
  const adm = kit.admin;
  const st = expectStatus(await adm.get(cvUrl(cx, key, '/statements')), 200, 'statements page for the snapshot').text_;
  const list = expectStatus(await adm.get(`/c/${cx.slug}/controversies`), 200, 'list for the snapshot').text_;
  const votes = expectStatus(await adm.get(cvUrl(cx, key, '/polis/votes.csv')), 200, 'votes.csv for the snapshot').text_;
  const rep = expectStatus(await adm.get(cvUrl(cx, key, '/report')), 200, 'report for the snapshot').text_;
  const frozen = (/<h2>Frozen reports<\/h2>[\s\S]*?(?=<form|<\/main>)/.exec(rep) || ['no frozen list'])[0];
  const main = (h) => noCsrf(h).replace(/[\s\S]*<main[^>]*>/, '').replace(/<p class="flash"[^>]*>[^<]*<\/p>/, '');
  return [main(st), main(list), votes, frozen].join('\n----\n');
}

async function createControversy(cx, key, state = 'open') {
  const r = await postForm(clients.facilitator, `/c/${cx.slug}/controversies`, {
    title: CV[key], question: 'Que voulons-nous pour 2050 ?', description: 'Un débat *court*.', state, proposals: '1',
  });
  expectStatus(r, 303, `creating ${key}`);
  const m = new RegExp(`^/c/${cx.slug}/controversies/([A-Za-z0-9]+)/statements$`).exec(r.headers.get('location'));
  assert.ok(m, `location ${r.headers.get('location')}`);
  const page = expectStatus(await clients.facilitator.get(`/c/${cx.slug}/controversies/${m[1]}/statements`), 200, 'statements').text_;
  const code = /<strong class="code">([A-Z0-9]{3} [A-Z0-9]{3})<\/strong>/.exec(page);
  assert.ok(code, 'the statements page shows the join code');
  cx.cv[key] = { uid: m[1], code: code[1] };
}

async function addStatement(cx, key, body) {
  expectStatus(await postForm(clients.facilitator, cvUrl(cx, key, '/statements'), { body }), 303, `adding "${body}"`);
}

/** Polls the report (as the administrator) until test(text) holds; the map
 *  is computed by the background worker a moment after the votes. */
async function pollReport(path, ok, what, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await kit.admin.get(path);
    if (r.status === 200 && ok(r.text_)) return r.text_;
    if (Date.now() > deadline) assert.fail(`${what}: the report never showed it:\n${r.text_.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 1500)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const SMALL_COMMENTS = 'timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n' +
  '1726860676783,0,0,1,0,1,false,true,Premier énoncé importé\n1726860676783,1,0,0,1,1,false,true,"Second, importé"\n';
const SMALL_VOTES = 'timestamp,datetime,comment-id,voter-id,vote\n' +
  '1726860583813,Fri Sep 20 14:29:43 CDT 2024,0,0,1\n1726860583813,Fri Sep 20 14:29:43 CDT 2024,1,0,-1\n';

before(async () => {
  kit = await startWithAdmin();
  for (const role of ['outsider', 'member', 'facilitator']) users[role] = await kit.createUser(`${role}@example.org`, { name: `The ${role}` });
  clients = { anon: kit.client(), admin: kit.admin, code: kit.client(), ident: kit.client() };
  for (const c of [clients.anon, clients.code, clients.ident]) await c.csrf();
  for (const role of Object.keys(users)) clients[role] = await kit.loginAs(users[role].email, users[role].password);
  const fac = clients.facilitator;
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
  ok(await fac.api('POST', '/api/v1/cycles', { slug: 'ailleurs', title: 'Ailleurs', builtins: false }), 201, 'other cycle');
  ok(await fac.api('POST', '/api/v1/cycles/ailleurs/members', { email: users.outsider.email, role: 'participant' }), 200, 'outsider');

  for (const kind of KINDS) {
    const slug = `cv-${kind}`;
    const cx = { slug, cv: {}, st: {} };
    cycles[kind] = cx;
    ok(await fac.api('POST', '/api/v1/cycles', { slug, title: TITLES[kind], visibility: kind === 'public' ? 'public' : 'members', builtins: false }), 201, slug);
    ok(await fac.api('POST', `/api/v1/cycles/${slug}/members`, { email: users.member.email, role: 'participant' }), 200, 'member');
    for (const key of Object.keys(CV)) await createControversy(cx, key, key === 'draft' ? 'draft' : 'open');
    for (const s of SEEDS) await addStatement(cx, 'main', s);
    for (const s of SEEDS.slice(0, 2)) await addStatement(cx, 'closed', s);
    await addStatement(cx, 'draft', SEEDS[0]);
    await addStatement(cx, 'other', SEEDS[0]);
    await addStatement(cx, 'edit', SEEDS[0]);
    // "empty" gets no statement: nothing ever computes its map.

    // The member takes part (signed in) and proposes five statements: one
    // stays pending, one is rejected, one marked meta, two are left for the
    // moderation rows.
    expectStatus(await postForm(clients.member, cvUrl(cx, 'main', '/identity'), { nickname: 'Mathilde', org_kind: 'association' }), 303, 'member takes part');
    const proposals = { pending: 'Une proposition en attente', rejected: 'Une proposition hors sujet',
      meta: 'Il manque une voix dans ce débat', acceptMe: 'Une proposition à accepter', rejectMe: 'Une proposition à refuser' };
    for (const body of Object.values(proposals)) {
      expectStatus(await postForm(clients.member, cvUrl(cx, 'main', '/propose'), { body }), 303, `member proposes ${body}`);
    }
    for (const x of await statementsOf(cx, 'main')) {
      const name = Object.keys(proposals).find((k) => proposals[k] === x.body);
      if (name) cx.st[name] = x.number;
      const seed = SEEDS.indexOf(x.body);
      if (seed >= 0) cx.st[`s${seed + 1}`] = x.number;
    }
    for (const k of [...Object.keys(proposals), 's1', 's2', 's3', 's4']) assert.ok(cx.st[k], `statement ${k} numbered`);
    expectStatus(await postForm(fac, cvUrl(cx, 'main', '/moderate'), { statement: cx.st.rejected, action: 'reject', note: 'Hors du sujet' }), 303, 'reject');
    expectStatus(await postForm(fac, cvUrl(cx, 'main', '/moderate'), { statement: cx.st.meta, action: 'meta', note: '' }), 303, 'meta');

    // The "ident" visitor: in the public cycle, takes part from the page;
    // in the members-only cycle, joins the neighbouring controversy by code.
    if (kind === 'public') {
      expectStatus(await postForm(clients.ident, cvUrl(cx, 'main', '/identity'), { nickname: 'Ines', org_kind: 'pme' }), 303, 'ident takes part');
    } else {
      const j = expectStatus(await postForm(clients.ident, '/join', { code: cx.cv.other.code, nickname: 'Ines', org_kind: 'pme' }), 303, 'ident joins the other');
      assert.equal(j.headers.get('location'), cvUrl(cx, 'other'));
    }
    // The code visitor joins the main and the (still open) closed controversy.
    for (const key of ['main', 'closed']) {
      const j = expectStatus(await postForm(clients.code, '/join', { code: cx.cv[key].code.toLowerCase(), nickname: 'Codie', org_kind: 'recherche' }), 303, `code joins ${key}`);
      assert.equal(j.headers.get('location'), cvUrl(cx, key), 'joining by code leads to the controversy');
    }
    // Votes: on the main controversy (not on statement 1, kept for the rows)
    // and on the closed one before it closes.
    const votes = [['member', 's2', 'agree'], ['member', 's3', 'disagree'], ['member', 's4', 'pass'],
      ['code', 's2', 'disagree'], ['code', 's3', 'agree']];
    if (kind === 'public') votes.push(['ident', 's2', 'agree']);
    for (const [who, s, value] of votes) {
      expectStatus(await postForm(clients[who], cvUrl(cx, 'main', '/vote'), { statement: cx.st[s], value }), 303, `${who} votes ${s}`);
    }
    for (const who of ['member', 'code']) {
      expectStatus(await postForm(clients[who], cvUrl(cx, 'closed', '/vote'), { statement: 1, value: 'agree' }), 303, `${who} votes in closed`);
    }
    expectStatus(await postForm(fac, cvUrl(cx, 'closed', '/edit'), { title: CV.closed, question: '', description: '', state: 'closed', proposals: '1' }), 303, 'closing');
    // A map, then report 1.
    const nvoters = kind === 'public' ? 3 : 2;
    await pollReport(cvUrl(cx, 'main', '/report'), (t) => t.includes(`${nvoters} participants voted (${votes.length} votes).`) && !t.includes('New votes are being taken into account'), 'the first map');
    const f = expectStatus(await postForm(fac, cvUrl(cx, 'main', '/freeze'), {}), 303, 'freeze report 1');
    assert.equal(f.headers.get('location'), cvUrl(cx, 'main', '/reports/1'));
  }
}, { timeout: 120000 });

after(async () => { if (kit) await kit.stop(); });

// Expected statuses, role by role:                          anon outs iden memb  fac  adm code
const FAC_GET = { members: [303, 404, 303, 403, 200, 200, 303], public: [303, 403, 303, 403, 200, 200, 303] };
const FAC_POST = { members: [401, 404, 401, 403, 303, 303, 401], public: [401, 403, 401, 403, 303, 303, 401] };
const FAC_POST_ONLY = (status) => ({
  members: [401, 404, 401, 403, status, status, 401], public: [401, 403, 401, 403, status, status, 401],
});
// Pages of a controversy the code visitor joined ("ident" joined another).
const READ_JOINED = { members: [404, 404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200, 200] };
const READ_DRAFT = { members: [404, 404, 404, 404, 200, 200, 404], public: [404, 404, 404, 404, 200, 200, 404] };
// A participant's POST: s where an identity of the cycle is held and the
// controversy may be reached; 403 without an identity.
const PART_POST = (s) => ({ members: [404, 404, 404, s, 403, 403, s], public: [403, 403, s, s, 403, 403, s] });

const ROWS = [
  {
    route: 'GET /c/{slug}/controversies', path: (cx) => `/c/${cx.slug}/controversies`,
    expect: { members: [404, 404, 404, 200, 200, 200, 404], public: [200, 200, 200, 200, 200, 200, 200] },
    shows: () => CV.main,
    // A draft is listed for the facilitators only.
    check: (role, cx, res) => assert.equal(res.text_.includes(CV.draft), ['facilitator', 'admin'].includes(role), `${role}: the draft listed`),
  },
  { route: 'GET /c/{slug}/controversies/new', path: (cx) => `/c/${cx.slug}/controversies/new`, expect: FAC_GET, shows: (cx) => `action="/c/${cx.slug}/controversies"` },
  {
    route: 'POST /c/{slug}/controversies', path: (cx) => `/c/${cx.slug}/controversies`, on: 'main',
    body: (role) => ({ title: `Créée par ${role}`, question: '', description: '', state: 'open', proposals: '1' }),
    expect: FAC_POST,
    effect: (role, cx, after) => after.includes(`Créée par ${role}`),
  },
  { route: 'GET /c/{slug}/controversies/import', path: (cx) => `/c/${cx.slug}/controversies/import`, expect: FAC_GET, shows: () => 'enctype="multipart/form-data"' },
  {
    route: 'POST /c/{slug}/controversies/import', path: (cx) => `/c/${cx.slug}/controversies/import`, on: 'main',
    body: (role) => ({ multipart: { title: `Importée par ${role}`, comments: { file: SMALL_COMMENTS, name: 'comments.csv' }, votes: { file: SMALL_VOTES, name: 'votes.csv' } } }),
    expect: FAC_POST,
    effect: (role, cx, after) => after.includes(`Importée par ${role}`),
  },
  { route: 'GET /c/{slug}/controversies/{uid}', on: 'main', suffix: '', expect: READ_JOINED, shows: () => `<h1>${CV.main}</h1>` },
  { route: 'GET /c/{slug}/controversies/{uid}', on: 'draft', suffix: '', expect: READ_DRAFT, shows: () => `<h1>${CV.draft}</h1>` },
  {
    route: 'GET /c/{slug}/controversies/{uid}', on: 'closed', suffix: '', expect: READ_JOINED,
    shows: () => 'This controversy is closed: votes are no longer taken.',
  },
  {
    // The neighbouring controversy: the code visitor joined the main one only.
    route: 'GET /c/{slug}/controversies/{uid}', on: 'other', suffix: '',
    expect: { members: [404, 404, 200, 200, 200, 200, 404], public: [200, 200, 200, 200, 200, 200, 200] },
    shows: () => `<h1>${CV.other}</h1>`,
  },
  { route: 'GET /c/{slug}/controversies/{uid}/edit', on: 'main', suffix: '/edit', expect: FAC_GET, shows: () => `value="${CV.main}"` },
  { route: 'GET /c/{slug}/controversies/{uid}/edit', on: 'draft', suffix: '/edit', expect: FAC_GET, shows: () => `value="${CV.draft}"` },
  {
    route: 'POST /c/{slug}/controversies/{uid}/edit', on: 'edit', suffix: '/edit', expect: FAC_POST,
    body: (role) => ({ title: `Retouchée par ${role}`, question: 'Et alors ?', description: '', state: 'open', proposals: '1' }),
    effect: (role, cx, after) => after.includes(`<h1>Retouchée par ${role}</h1>`),
  },
  {
    // A state that does not exist: refused with the form again.
    route: 'POST /c/{slug}/controversies/{uid}/edit', on: 'edit', suffix: '/edit', expect: FAC_POST_ONLY(422), name: 'an unknown state',
    body: (role) => ({ title: `Jamais ${role}`, question: '', description: '', state: 'archived', proposals: '1' }),
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'main', suffix: '/vote', expect: PART_POST(303),
    body: (role, cx) => ({ statement: cx.st.s1, value: 'agree' }),
    effect: (role, cx, after, before) => agreeOf(after, cx.st.s1) === agreeOf(before, cx.st.s1) + 1,
  },
  {
    // A rejected statement takes no vote, whoever asks.
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'main', suffix: '/vote', expect: PART_POST(409), name: 'a rejected statement',
    body: (role, cx) => ({ statement: cx.st.rejected, value: 'agree' }),
    refusal: /This statement is not open to votes: the moderators have not accepted it\./,
  },
  {
    // Nor one awaiting moderation.
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'main', suffix: '/vote', expect: PART_POST(409), name: 'a pending statement',
    body: (role, cx) => ({ statement: cx.st.pending, value: 'disagree' }),
    refusal: /This statement is not open to votes: the moderators have not accepted it\./,
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'main', suffix: '/vote', expect: PART_POST(422), name: 'a bad value',
    body: (role, cx) => ({ statement: cx.st.s4, value: 'maybe' }),
    refusal: /Choose agree, disagree or pass\./,
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'main', suffix: '/vote', expect: PART_POST(404), name: 'an unknown statement', found404: true,
    body: () => ({ statement: '999', value: 'agree' }),
    refusal: /There is no such statement in this controversy\./,
  },
  {
    // A closed controversy takes no vote.
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'closed', suffix: '/vote', expect: PART_POST(409),
    body: () => ({ statement: '2', value: 'agree' }),
    refusal: /This controversy is not open: votes are no longer taken\./,
  },
  {
    // A draft is nobody's to vote on (the facilitators hold no identity).
    route: 'POST /c/{slug}/controversies/{uid}/vote', on: 'draft', suffix: '/vote',
    expect: { members: [404, 404, 404, 404, 403, 403, 404], public: [404, 404, 404, 404, 403, 403, 404] },
    body: () => ({ statement: '1', value: 'agree' }),
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/propose', on: 'main', suffix: '/propose', expect: PART_POST(303),
    body: (role) => ({ body: `Proposée par ${role}` }),
    effect: (role, cx, after) => new RegExp(`<td>Proposée par ${role}<br><span class="hint">proposed by [^<]*</span></td><td>awaiting moderation</td>`).test(after),
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/propose', on: 'closed', suffix: '/propose', expect: PART_POST(409),
    body: (role) => ({ body: `Trop tard pour ${role}` }),
    refusal: /This controversy is not open: no statement can be proposed\./,
  },
  { route: 'GET /c/{slug}/controversies/{uid}/statements', on: 'main', suffix: '/statements', expect: FAC_GET, shows: () => SEEDS[0] },
  { route: 'GET /c/{slug}/controversies/{uid}/statements', on: 'draft', suffix: '/statements', expect: FAC_GET, shows: () => SEEDS[0] },
  {
    route: 'POST /c/{slug}/controversies/{uid}/statements', on: 'main', suffix: '/statements', expect: FAC_POST,
    body: (role) => ({ body: `Ajoutée par ${role}` }),
    effect: (role, cx, after) => new RegExp(`<td>Ajoutée par ${role}<br><span class="hint">by [^<]*</span></td><td>accepted</td>`).test(after),
  },
  {
    // The facilitator accepts one proposal, the administrator rejects another with a reason.
    route: 'POST /c/{slug}/controversies/{uid}/moderate', on: 'main', suffix: '/moderate', expect: FAC_POST,
    body: (role, cx) => (role === 'admin'
      ? { statement: cx.st.rejectMe, action: 'reject', note: 'Déjà dit ailleurs' }
      : { statement: cx.st.acceptMe, action: 'accept', note: '' }),
    effect: (role, cx, after) => (role === 'admin'
      ? after.includes('<td>rejected<br><span class="hint">Déjà dit ailleurs</span></td>')
      : new RegExp(`<tr><td>${cx.st.acceptMe}</td><td>Une proposition à accepter<br><span class="hint">proposed by [^<]*</span></td><td>accepted</td>`).test(after)),
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/moderate', on: 'main', suffix: '/moderate', expect: FAC_POST_ONLY(404), name: 'an unknown statement', found404: true,
    body: () => ({ statement: '999', action: 'accept', note: '' }),
  },
  {
    route: 'POST /c/{slug}/controversies/{uid}/moderate', on: 'main', suffix: '/moderate', expect: FAC_POST_ONLY(422), name: 'an unknown action',
    body: (role, cx) => ({ statement: cx.st.pending, action: 'delete', note: '' }),
  },
  { route: 'GET /c/{slug}/controversies/{uid}/report', on: 'main', suffix: '/report', expect: READ_JOINED, shows: () => 'participants voted' },
  { route: 'GET /c/{slug}/controversies/{uid}/report', on: 'draft', suffix: '/report', expect: READ_DRAFT, shows: () => `<h1>${CV.draft}</h1>` },
  {
    route: 'POST /c/{slug}/controversies/{uid}/freeze', on: 'main', suffix: '/freeze', expect: FAC_POST,
    effect: (role, cx, after, before) => (after.match(/<li><a href="[^"]*\/reports\/\d+">/g) || []).length === (before.match(/<li><a href="[^"]*\/reports\/\d+">/g) || []).length + 1,
  },
  {
    // No statement, no vote, no map: nothing to freeze.
    route: 'POST /c/{slug}/controversies/{uid}/freeze', on: 'empty', suffix: '/freeze', expect: FAC_POST_ONLY(409), name: 'no map yet',
    refusalFac: /There is no map to freeze yet\./,
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/reports/{n}', on: 'main', suffix: '/reports/1', expect: READ_JOINED,
    shows: () => /<p class="lead">Report 1<\/p>/,
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/reports/{n}', on: 'main', suffix: '/reports/99', name: 'no such report', found404: true,
    expect: { members: [404, 404, 404, 404, 404, 404, 404], public: [404, 404, 404, 404, 404, 404, 404] },
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/polis/{file}', on: 'main', suffix: '/polis/votes.csv', expect: FAC_GET, name: 'votes.csv',
    csv: () => 'timestamp,datetime,comment-id,voter-id,vote\n',
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/polis/{file}', on: 'main', suffix: '/polis/comments.csv', expect: FAC_GET, name: 'comments.csv',
    csv: () => 'timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,',
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/polis/{file}', on: 'main', suffix: '/polis/participants-votes.csv', expect: FAC_GET, name: 'participants-votes.csv',
    csv: () => 'participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,',
  },
  {
    route: 'GET /c/{slug}/controversies/{uid}/polis/{file}', on: 'main', suffix: '/polis/secrets.csv', name: 'a file Pol.is has not', found404: true, expect: { members: [303, 404, 303, 403, 404, 404, 303], public: [303, 403, 303, 403, 404, 404, 303] },
  },
];

// Taking part comes last: once the facilitator and the administrator hold
// an identity in the cycle, they could vote.
const IDENTITY_ROW = {
  route: 'POST /c/{slug}/controversies/{uid}/identity', on: 'main', suffix: '/identity',
  expect: { members: [404, 404, 404, 303, 303, 303, 303], public: [303, 303, 303, 303, 303, 303, 303] },
  body: (role) => ({ nickname: `Nick ${role}`, org_kind: 'institution-publique' }),
};
const HAD_IDENTITY = { members: ['member', 'code'], public: ['ident', 'member', 'code'] };
const NICK = { member: 'Mathilde', code: 'Codie', ident: 'Ines' };

function agreeOf(snap, number) {
  const x = parseStatements(snap).find((s) => s.number === number);
  return x ? x.agree : NaN;
}

function pathOf(row, role, cx) {
  if (row.path) return row.path(cx);
  return cvUrl(cx, row.on, row.suffix);
}

const getResults = [];
let cells = 0;

async function ask(row, kind, role) {
  const method = row.route.split(' ')[0];
  const cx = cycles[kind];
  const want = row.expect[kind][ROLES.indexOf(role)];
  const path = pathOf(row, role, cx);
  const where = kind === 'members' ? 'members-only cycle' : 'public cycle';
  const what = `${method} ${path} as ${role} (${where})`;
  const before = method === 'POST' ? await snapshot(cx, row.on || 'main') : null;
  const res = method === 'GET' ? await clients[role].get(path) : await postForm(clients[role], path, row.body ? row.body(role, cx) : {});
  cells++;
  assert.equal(res.status, want, `${what}: expected ${want}, got ${res.status} ${res.text_.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 400)}`);
  assertSecurityHeaders(res.headers, what);
  assertCookieFlags(res.headers, { secure: false }, what);
  const ct = res.headers.get('content-type') || '';
  if (res.status >= 400) {
    assert.match(ct, /^text\/html/, `${what}: an error page is HTML`);
    assert.match(res.text_, /<h1>[^<]+<\/h1>/, `${what}: the error page has a heading`);
  }
  // A 404 hides what the visitor may not see, except where the row asks
  // for something that does not exist in what they may see.
  if (row.refusalFac && res.status === 409) assert.match(res.text_, row.refusalFac, `${what}: the refusal says why`);
  const hidden = res.status === 404 && (!row.found404 || (kind === 'members' && ['anon', 'outsider'].includes(role)));
  if (hidden || res.status === 401 || (res.status === 303 && method === 'GET')) {
    // Nothing of a cycle or controversy someone may not see leaks out.
    assert.ok(!res.text_.includes(TITLES[kind]) && !res.text_.includes('Controverse'), `${what}: the answer shows the cycle or the controversy`);
  }
  if (method === 'GET') {
    if (res.status === 303) {
      assert.equal(res.headers.get('location'), `/login?next=${path}`, `${what}: sent to the sign-in form`);
    } else if (res.status === 200) {
      getResults.push({ role, path, status: res.status, ct });
      if (row.shows) {
        assert.match(ct, /^text\/html/, `${what}: a page`);
        assertCleanHtml(res.text_, what);
        const s = row.shows(cx);
        if (s instanceof RegExp) assert.match(res.text_, s, `${what}: the page shows ${s}`);
        else assert.ok(res.text_.includes(s), `${what}: the page shows ${s}`);
      }
      if (row.csv) {
        assert.match(ct, /^text\/csv/, `${what}: CSV`);
        assert.ok(res.text_.startsWith(row.csv(cx)), `${what}: the file starts with ${row.csv(cx)}`);
        assert.match(res.headers.get('content-disposition') || '', /^attachment; filename="/, `${what}: a download`);
      }
      if (row.check) row.check(role, cx, res);
    }
  } else {
    const after = await snapshot(cx, row.on || 'main');
    if (res.status >= 400) {
      assert.equal(after, before, `${what}: a refused request changed the controversy`);
      if (row.refusal && HAD_IDENTITY[kind].includes(role)) {
        assert.match(res.text_, row.refusal, `${what}: the refusal says why`);
      }
    } else {
      const loc = res.headers.get('location') || '';
      assert.ok(loc.startsWith(`/c/${cx.slug}/`), `${what}: redirected to a page of the cycle, got ${loc}`);
      if (row.effect) {
        assert.notEqual(after, before, `${what}: an accepted request changed nothing`);
        assert.ok(row.effect(role, cx, after, before), `${what}: the change is not there:\n${after.slice(0, 3000)}`);
      }
    }
  }
  return res;
}

function label(row) {
  return `${row.on && !row.path ? ` on the "${row.on}" controversy` : ''}${row.name ? ` (${row.name})` : ''}`;
}

for (const row of ROWS) {
  for (const kind of KINDS) {
    const where = kind === 'members' ? 'members-only cycle' : 'public cycle';
    test(`permissions: ${row.route}${label(row)} (${where})`, T, async () => {
      for (const role of ROLES) await ask(row, kind, role);
    });
  }
}

test('a refused POST without the CSRF token changes nothing, for every route and role', T, async () => {
  const posts = [
    ['/controversies', (cx) => `/c/${cx.slug}/controversies`, { title: 'Sans jeton', state: 'open' }, true],
    ['/import', (cx) => `/c/${cx.slug}/controversies/import`, { multipart: { title: 'Sans jeton', comments: { file: SMALL_COMMENTS, name: 'c.csv' }, votes: { file: SMALL_VOTES, name: 'v.csv' } } }, true],
    ['/edit', (cx) => cvUrl(cx, 'main', '/edit'), { title: 'Sans jeton', state: 'closed' }, true],
    ['/identity', (cx) => cvUrl(cx, 'main', '/identity'), { nickname: 'Sans jeton', org_kind: 'pme' }, false],
    ['/vote', (cx) => cvUrl(cx, 'main', '/vote'), { statement: 's4', value: 'agree' }, false],
    ['/propose', (cx) => cvUrl(cx, 'main', '/propose'), { body: 'Sans jeton' }, false],
    ['/statements', (cx) => cvUrl(cx, 'main', '/statements'), { body: 'Sans jeton' }, true],
    ['/moderate', (cx) => cvUrl(cx, 'main', '/moderate'), { statement: 'pending', action: 'accept' }, true],
    ['/freeze', (cx) => cvUrl(cx, 'main', '/freeze'), {}, true],
  ];
  for (const kind of KINDS) {
    const cx = cycles[kind];
    const before = await snapshot(cx, 'main');
    for (const [name, path, body0, auth] of posts) {
      const body = { ...body0 };
      if (body.statement) body.statement = cx.st[body.statement];
      for (const role of ROLES) {
        const res = await postForm(clients[role], path(cx), body, { csrf: false });
        // Routes that need an account answer a visitor without one first.
        const want = auth && ['anon', 'ident', 'code'].includes(role) ? 401 : 403;
        assert.equal(res.status, want, `${name} without CSRF as ${role} (${kind}): ${res.text_.slice(0, 300)}`);
        assert.ok(!res.headers.getSetCookie().some((c) => /^fab_p\d+=/.test(c)), `${name} without CSRF as ${role}: no identity given`);
      }
    }
    assert.equal(await snapshot(cx, 'main'), before, `${kind}: a POST without the CSRF token changed the controversy`);
    const list = (await kit.admin.get(`/c/${cx.slug}/controversies`)).text_;
    assert.ok(!list.includes('Sans jeton'), `${kind}: nothing created without the token`);
  }
});

test('a controversy is reached only through its own cycle', T, async () => {
  // The members-only cycle's controversy asked for through the public cycle:
  // no such controversy there, for everyone.
  const pub = cycles.public, mem = cycles.members;
  const before = await snapshot(mem, 'main');
  for (const role of ROLES) {
    const base = `/c/${pub.slug}/controversies/${mem.cv.main.uid}`;
    //                                                                  anon outs iden memb  fac  adm code
    const asks = [
      ['GET', base, undefined, [404, 404, 404, 404, 404, 404, 404]],
      ['GET', `${base}/report`, undefined, [404, 404, 404, 404, 404, 404, 404]],
      ['GET', `${base}/reports/1`, undefined, [404, 404, 404, 404, 404, 404, 404]],
      ['GET', `${base}/statements`, undefined, [303, 403, 303, 403, 404, 404, 303]],
      ['POST', `${base}/vote`, { statement: mem.st.s4, value: 'agree' }, [404, 404, 404, 404, 404, 404, 404]],
      ['POST', `${base}/propose`, { body: 'Traversée' }, [404, 404, 404, 404, 404, 404, 404]],
      ['POST', `${base}/statements`, { body: 'Traversée' }, [401, 403, 401, 403, 404, 404, 401]],
    ];
    for (const [method, path, body, statuses] of asks) {
      const res = method === 'GET' ? await clients[role].get(path) : await postForm(clients[role], path, body);
      assert.equal(res.status, statuses[ROLES.indexOf(role)], `${method} ${path} as ${role}: ${res.text_.slice(0, 200)}`);
      assert.ok(!res.text_.includes(TITLES.members) && !res.text_.includes(CV.main), `${method} ${path} as ${role}: the answer shows the other cycle`);
    }
  }
  assert.equal(await snapshot(mem, 'main'), before, 'the members-only controversy changed');
});

test('a code opens its controversy only: not the cycle, its other controversies or seminars', T, async () => {
  const mem = cycles.members;
  const c = clients.code;
  for (const path of [`/c/${mem.slug}`, `/c/${mem.slug}/controversies`, `/c/${mem.slug}/seminars`, `/c/${mem.slug}/scenarios`,
    cvUrl(mem, 'other'), cvUrl(mem, 'other', '/report'), cvUrl(mem, 'edit'), cvUrl(mem, 'draft')]) {
    const res = await c.get(path);
    assert.equal(res.status, 404, `${path} for the code visitor`);
  }
  // And the visitor who joined the other controversy does not reach the main one.
  for (const path of [cvUrl(mem, 'main'), cvUrl(mem, 'main', '/report'), cvUrl(mem, 'main', '/reports/1')]) {
    assert.equal((await clients.ident.get(path)).status, 404, `${path} for the visitor of the other controversy`);
  }
});

test('the code visitor of a members-only cycle is offered only links they can open', T, async () => {
  const cx = cycles.members;
  const seen = new Set();
  for (const path of [cvUrl(cx, 'main'), cvUrl(cx, 'main', '/report'), cvUrl(cx, 'main', '/reports/1'), cvUrl(cx, 'closed')]) {
    const res = expectStatus(await clients.code.get(path), 200, path);
    for (const m of res.text_.matchAll(/href="(\/c\/[^"#]*)"/g)) seen.add(m[1].replace(/&amp;/g, '&'));
  }
  assert.ok(seen.size > 0, 'the pages link somewhere');
  for (const href of seen) {
    const res = await clients.code.get(href);
    assert.equal(res.status, 200, `${href}, linked from a page the code visitor reads, answers ${res.status}`);
  }
});

test('HEAD on the controversy GET routes answers like GET, without a body', T, async () => {
  assert.ok(getResults.length > 0);
  for (const g of getResults) {
    const res = await clients[g.role].head(g.path);
    const what = `HEAD ${g.path} as ${g.role}`;
    assert.equal(res.status, g.status, `${what}: GET answered ${g.status}`);
    assert.equal(res.text_, '', `${what}: a HEAD answer has no body`);
    assert.equal(res.headers.get('content-type'), g.ct, `${what}: same content type as GET`);
  }
});

/** An archived cycle (members-only) with one open controversy where the
 *  member and a code visitor voted; archived by its facilitator. */
let archived;
async function archivedCycle() {
  if (archived) return archived;
  const fac = clients.facilitator;
  const slug = 'cv-archive';
  const cx = { slug, cv: {}, st: {} };
  const r = await fac.api('POST', '/api/v1/cycles', { slug, title: 'Archive des controverses', visibility: 'members', builtins: false });
  assert.equal(r.status, 201, r.text_);
  assert.equal((await fac.api('POST', `/api/v1/cycles/${slug}/members`, { email: users.member.email, role: 'participant' })).status, 200);
  await createControversy(cx, 'main');
  for (const x of SEEDS) await addStatement(cx, 'main', x);
  expectStatus(await postForm(clients.member, cvUrl(cx, 'main', '/identity'), { nickname: 'Mathilde', org_kind: 'association' }), 303, 'member takes part');
  expectStatus(await postForm(clients.member, cvUrl(cx, 'main', '/propose'), { body: 'Une proposition archivée' }), 303, 'proposal');
  cx.code = kit.client();
  expectStatus(await postForm(cx.code, '/join', { code: cx.cv.main.code, nickname: 'Codie', org_kind: 'pme' }), 303, 'code joins');
  for (const who of [clients.member, cx.code]) expectStatus(await postForm(who, cvUrl(cx, 'main', '/vote'), { statement: 1, value: 'agree' }), 303, 'vote');
  await pollReport(cvUrl(cx, 'main', '/report'), (t) => t.includes('2 participants voted (2 votes).') && !t.includes('New votes are being taken into account'), 'the map');
  expectStatus(await fac.post(`/c/${slug}/archive`, { archived: '1' }), 303, 'archive');
  archived = cx;
  return cx;
}

test('an archived cycle: its controversies are read, and every change is refused and changes nothing', T, async () => {
  const cx = await archivedCycle();
  const before = await snapshot(cx, 'main');
  const fac = clients.facilitator, member = clients.member;
  const pending = parseStatements(before).find((x) => x.status === 'awaiting moderation');
  assert.ok(pending, 'the proposal waits');
  const asks = [
    [fac, 'create', `/c/${cx.slug}/controversies`, { title: 'Trop tard', state: 'open', proposals: '1' }, 403],
    [fac, 'import', `/c/${cx.slug}/controversies/import`, { multipart: { title: 'Trop tard', comments: { file: SMALL_COMMENTS, name: 'c.csv' }, votes: { file: SMALL_VOTES, name: 'v.csv' } } }, 403],
    [fac, 'edit', cvUrl(cx, 'main', '/edit'), { title: 'Trop tard', state: 'closed', proposals: '1' }, 403],
    [fac, 'add', cvUrl(cx, 'main', '/statements'), { body: 'Trop tard' }, 403],
    [fac, 'moderate', cvUrl(cx, 'main', '/moderate'), { statement: pending.number, action: 'accept', note: '' }, 403],
    [fac, 'freeze', cvUrl(cx, 'main', '/freeze'), {}, 403],
    [member, 'vote', cvUrl(cx, 'main', '/vote'), { statement: 2, value: 'agree' }, 409],
    [cx.code, 'vote by code', cvUrl(cx, 'main', '/vote'), { statement: 2, value: 'disagree' }, 409],
    [member, 'propose', cvUrl(cx, 'main', '/propose'), { body: 'Trop tard' }, 409],
    [kit.client(), 'join', '/join', { code: cx.cv.main.code, nickname: 'Tardif', org_kind: 'pme' }, 422],
  ];
  for (const [c, what, path, body, want] of asks) {
    const res = await postForm(c, path, body);
    assert.equal(res.status, want, `${what} in an archived cycle: ${res.text_.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 300)}`);
  }
  assert.equal(await snapshot(cx, 'main'), before, 'the archived controversy changed');
  assert.ok(!(await kit.admin.get(`/c/${cx.slug}/controversies`)).text_.includes('Trop tard'), 'nothing created');
  // Read: the pages, the report, the frozen list and the exports.
  for (const [c, path] of [[member, cvUrl(cx, 'main')], [cx.code, cvUrl(cx, 'main')], [cx.code, cvUrl(cx, 'main', '/report')],
    [fac, cvUrl(cx, 'main', '/statements')], [fac, cvUrl(cx, 'main', '/polis/votes.csv')], [fac, `/c/${cx.slug}/controversies`]]) {
    expectStatus(await c.get(path), 200, `${path} in an archived cycle`);
  }
  const page = (await member.get(cvUrl(cx, 'main'))).text_;
  assert.ok(!page.includes(`action="${cvUrl(cx, 'main', '/vote')}"`), 'no vote buttons in an archived cycle');
  const rep = (await fac.get(cvUrl(cx, 'main', '/report'))).text_;
  assert.ok(!rep.includes('Freeze this report'), 'no freeze form in an archived cycle');
});

test('an archived cycle takes no new participant', T, async () => {
  // Taking part writes a participant identity into the cycle: in an
  // archived cycle ("it can be read, not changed") it is refused like a
  // vote, and no identity cookie is given.
  const cx = await archivedCycle();
  for (const [who, c] of [['facilitator', clients.facilitator], ['admin', kit.admin]]) {
    const res = await postForm(c, cvUrl(cx, 'main', '/identity'), { nickname: `Tardif ${who}`, org_kind: 'pme' });
    assert.equal(res.status, 409, `${who} takes part in an archived cycle: ${res.status}`);
    assert.ok(!res.headers.getSetCookie().some((x) => /^fab_p\d+=/.test(x)), `${who}: no identity cookie`);
    assert.ok((await c.get(cvUrl(cx, 'main'))).text_.includes('This controversy is closed'), `${who}: still not taking part`);
  }
});

for (const kind of KINDS) {
  const where = kind === 'members' ? 'members-only cycle' : 'public cycle';
  test(`permissions: ${IDENTITY_ROW.route} on the "main" controversy (${where})`, T, async () => {
    const cx = cycles[kind];
    for (const role of ROLES) {
      const res = await ask(IDENTITY_ROW, kind, role);
      const fresh = res.headers.getSetCookie().some((c) => /^fab_p\d+=/.test(c));
      if (res.status !== 303) {
        assert.equal(fresh, false, `${role} (${kind}): no identity for a refused request`);
        continue;
      }
      assert.equal(res.headers.get('location'), cvUrl(cx, 'main'), `${role}: back to the controversy`);
      const page = expectStatus(await clients[role].get(cvUrl(cx, 'main')), 200, `${role} after taking part`).text_;
      const nick = HAD_IDENTITY[kind].includes(role) ? NICK[role] : `Nick ${role}`;
      assert.ok(page.includes(`Taking part as ${nick}`), `${role} (${kind}) takes part as ${nick}`);
    }
  });
}

test('every controversy route of routes.c has a row, and no row is stale', T, () => {
  const mine = readRoutes().filter((r) => /^\/c\/\{slug\}\/controversies(\/|$)/.test(r.pattern));
  const table = mine.map((r) => `${r.method} ${r.pattern}`);
  const rows = [...new Set([...ROWS, IDENTITY_ROW].map((r) => r.route))];
  assert.deepEqual(table.filter((r) => !rows.includes(r)), [], 'routes without a row');
  assert.deepEqual(rows.filter((r) => !table.includes(r)), [], 'rows without a route');
  for (const r of mine) {
    assert.ok(!r.flags.has('API'), `${r.method} ${r.pattern} is a page`);
    // The facilitators' changes need an account; a participant's do not.
    const participantSide = /\/(identity|vote|propose)$/.test(r.pattern);
    if (r.method !== 'GET' && !participantSide) assert.ok(r.flags.has('AUTH'), `${r.method} ${r.pattern} needs an account`);
    if (participantSide) assert.ok(!r.flags.has('AUTH'), `${r.method} ${r.pattern} must not need an account`);
  }
});

test('cells of the matrix', (t) => {
  t.diagnostic(`${cells} of ${(ROWS.length + 1) * KINDS.length * ROLES.length} cells requested`);
});
