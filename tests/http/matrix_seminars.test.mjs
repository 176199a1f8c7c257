// matrix_seminars.test.mjs — the permission matrix of every seminar route
// of src/web/routes.c (the facilitator's side, pages_seminars.c, and the
// participant's side with the projector, pages_seminar_vote.c), requested by
// an anonymous visitor, a member of another cycle only ("outsider"), a
// participant of the cycle, a facilitator of the cycle, an administrator
// (not a member) and a visitor who joined by code without an account
// ("code"), on a members-only cycle and on a public cycle.
//
// The expected statuses are written by hand below from the rules (DESIGN.md
// sections 3 and 8, src/domain/cycle.h, src/web/seminar_page.h), never
// computed by calling the code:
//   - a members-only cycle does not exist (404) for anyone who is not a
//     member or an administrator; a public one is read by anyone;
//   - ROUTE_AUTH routes answer a visitor without an account first: a GET is
//     sent to the sign-in form (303 to /login?next=<path>), a POST gets 401;
//   - the facilitator's pages, forms and exports need a facilitator or an
//     administrator (who counts as one): others who read the cycle get 403;
//   - a person who joined a seminar by its code reaches that seminar's
//     participant pages even in a members-only cycle (the code is their
//     invitation to the seminar, not to the rest of the cycle); its results
//     are part of what the seminar shows its participants (the participant
//     page links to them), so they reach the results as readers do;
//   - results are seen by facilitators once the vote is closed, by every
//     reader only once published (403 before); the working groups by every
//     reader once formed, by facilitators from the sign-up on;
//   - a ballot needs an open vote (409 otherwise, checked first) and an
//     identity that joined this seminar (403 otherwise); the same for the
//     ranking of the groups while sign-up is open; joining needs a seminar
//     that still takes people; a facilitator's move needs the state it
//     applies to (409 otherwise);
//   - a page answers 200, a successful form 303.
// Every refused POST must leave the seminar as it was (its control page,
// record, counts, ballots and groups as the administrator sees them), and
// every accepted one must show its change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, readRoutes, T } from '../lib/server.mjs';
import { assertSecurityHeaders, assertCookieFlags, assertCleanHtml } from '../lib/checks.mjs';

const ROLES = ['anon', 'outsider', 'participant', 'facilitator', 'admin', 'code'];
const KINDS = ['members', 'public'];
const TITLES = { members: 'Conclave des futurs', public: 'Agora des futurs' };
const SECTIONS = [{ id: 'idee', type: 'text', label: 'Idée' }];
const SCEN = ['Archipel', 'Bascule', 'Canopée', 'Dérive'];

let kit, clients;
const users = {};
const cycles = {}; // kind -> {slug, sc: {title: {uid, id}}, sem: {key: {uid, code}}, pid: {...}}

/** POSTs a form whose values may be arrays (repeated fields), with the CSRF token. */
async function postForm(client, path, fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) p.append(k, String(x));
  p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() });
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status} ${String(res.text_).slice(0, 400)}`);
  return res;
}

const semUrl = (cx, key, suffix = '') => `/c/${cx.slug}/seminars/${cx.sem[key].uid}${suffix}`;

/** The seminar as the administrator sees it: title, state, counts, ranking,
 *  record, ballots and groups exports, and the sign-up line of the groups
 *  page when there is one. Changes exactly when the seminar changes. */
async function snapshot(cx, key) {
  const adm = kit.admin;
  const control = expectStatus(await adm.get(semUrl(cx, key, '/control')), 200, 'control page for the snapshot').text_;
  const part = (re) => (re.exec(control) || [''])[0];
  const ballots = expectStatus(await adm.get(semUrl(cx, key, '/ballots.csv')), 200, 'ballots.csv').text_;
  const groupsCsv = expectStatus(await adm.get(semUrl(cx, key, '/groups.csv')), 200, 'groups.csv').text_;
  const groups = await adm.get(semUrl(cx, key, '/groups'));
  const signup = groups.status === 200 ? (/\d+ of \d+ participants ranked the groups/.exec(groups.text_) || [''])[0] : `groups ${groups.status}`;
  return [
    part(/<h1>[^<]*<\/h1>/), part(/<li[^>]*>[^<]* \(now\)<\/li>/), part(/<p class="counts">[^<]*<\/p>/),
    part(/<li>[^<]* — <strong>presenting now<\/strong><\/li>/), part(/<table><caption>Ranking[\s\S]*?<\/table>/), part(/<div class="notice" role="status">[\s\S]*?<\/div>/),
    part(/<ol class="record">[\s\S]*?<\/ol>/), ballots, groupsCsv, signup,
  ].join('\n----\n');
}

/** Counts of the control page: [joined, ballots]. */
async function counts(cx, key) {
  const t = expectStatus(await kit.admin.get(semUrl(cx, key, '/control')), 200, 'control').text_;
  const m = /<p class="counts">(\d+) participants? joined · (\d+) ballots? cast<\/p>/.exec(t);
  assert.ok(m, `counts on the control page: ${t.slice(0, 2000)}`);
  return [Number(m[1]), Number(m[2])];
}

async function createSeminar(cx, title) {
  const r = await postForm(clients.facilitator, `/c/${cx.slug}/seminars`, {
    title, method: 'approval', seats: '2', max_approvals: '0', dots: '5', dots_max: '0', unranked: 'last',
    group_min: '0', group_max: '0', max_share: '0', candidate: SCEN.map((t) => cx.sc[t].id),
  });
  expectStatus(r, 303, `creating ${title}`);
  const m = /^\/c\/[^/]+\/seminars\/([A-Za-z0-9]+)\/control$/.exec(r.headers.get('location'));
  assert.ok(m, `location ${r.headers.get('location')}`);
  const control = await clients.facilitator.get(`/c/${cx.slug}/seminars/${m[1]}/control`);
  const code = /<strong class="code">([A-Z0-9]{6})<\/strong>/.exec(control.text_);
  assert.ok(code, 'the control page shows the join code');
  return { uid: m[1], code: code[1], title };
}

async function move(cx, key, ...states) {
  for (const to of states) expectStatus(await postForm(clients.facilitator, semUrl(cx, key, '/state'), { to }), 303, `${key} → ${to}`);
}

const approveAB = (cx) => ({ [`c-${cx.sc[SCEN[0]].uid}`]: '1', [`c-${cx.sc[SCEN[1]].uid}`]: '1' });

before(async () => {
  kit = await startWithAdmin();
  for (const role of ['outsider', 'participant', 'facilitator']) users[role] = await kit.createUser(`${role}@example.org`, { name: `The ${role}` });
  clients = { anon: kit.client(), admin: kit.admin, code: kit.client() };
  await clients.anon.csrf();
  await clients.code.csrf();
  for (const role of Object.keys(users)) clients[role] = await kit.loginAs(users[role].email, users[role].password);
  const fac = clients.facilitator;
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
  ok(await fac.api('POST', '/api/v1/cycles', { slug: 'elsewhere', title: 'Elsewhere', builtins: false }), 201, 'other cycle');
  ok(await fac.api('POST', '/api/v1/cycles/elsewhere/members', { email: users.outsider.email, role: 'participant' }), 200, 'outsider');

  for (const kind of KINDS) {
    const slug = `sem-${kind}`;
    const base = `/api/v1/cycles/${slug}`;
    const cx = { slug, sc: {}, sem: {}, pid: {} };
    cycles[kind] = cx;
    ok(await fac.api('POST', '/api/v1/cycles', { slug, title: TITLES[kind], visibility: kind === 'public' ? 'public' : 'members', builtins: false }), 201, slug);
    ok(await fac.api('POST', `${base}/members`, { email: users.participant.email, role: 'participant' }), 200, 'participant');
    ok(await fac.api('POST', `${base}/templates`, { slug: 'court', name: 'Court', sections: SECTIONS }), 201, 'template');
    for (const t of SCEN) cx.sc[t] = { uid: ok(await fac.api('POST', `${base}/scenarios`, { template: 'court', title: t }), 201, t).uid };
    const form = expectStatus(await fac.get(`/c/${slug}/seminars/new`), 200, 'new seminar form').text_;
    for (const t of SCEN) {
      const m = new RegExp(`value="(\\d+)" id="cand-\\d+"[^>]*><label for="cand-\\d+">${t} <`).exec(form);
      assert.ok(m, `the form offers ${t}`);
      cx.sc[t].id = m[1];
    }
    // One seminar per situation a route is asked in.
    for (const key of ['prep', 'state', 'join', 'open', 'closed', 'results', 'groups', 'done', 'tieX', 'tieF', 'tieA']) {
      cx.sem[key] = await createSeminar(cx, `Séminaire ${key}`);
    }
    await move(cx, 'join', 'presentation');
    for (const key of ['open', 'closed', 'results', 'groups', 'done']) await move(cx, key, 'presentation', 'vote_open');
    // No ballot at all: the four candidates tie across the cut of 2.
    for (const key of ['tieX', 'tieF', 'tieA']) await move(cx, key, 'presentation', 'vote_open', 'vote_closed');
    // The participant joins from the seminar's page (signed in), the code
    // visitor with the code; both vote A and B where the vote goes on.
    for (const key of ['open', 'closed', 'results', 'groups', 'done']) {
      expectStatus(await postForm(clients.participant, semUrl(cx, key, '/join'), { nickname: 'Paule', org_kind: 'association' }), 303, `participant joins ${key}`);
      const j = await postForm(clients.code, '/join', { code: cx.sem[key].code.toLowerCase(), nickname: 'Codie', org_kind: 'pme' });
      expectStatus(j, 303, `code visitor joins ${key}`);
      assert.equal(j.headers.get('location'), semUrl(cx, key), 'joining by code leads to the seminar page');
      if (key === 'open') continue;
      for (const who of ['participant', 'code']) expectStatus(await postForm(clients[who], semUrl(cx, key, '/ballot'), approveAB(cx)), 303, `${who} votes in ${key}`);
    }
    await move(cx, 'closed', 'vote_closed');
    await move(cx, 'results', 'vote_closed', 'results');
    await move(cx, 'groups', 'vote_closed', 'results', 'groups_open');
    await move(cx, 'done', 'vote_closed', 'results', 'groups_open');
    for (const who of ['participant', 'code']) {
      expectStatus(await postForm(clients[who], semUrl(cx, 'done', '/prefs'),
        { [`g-${cx.sc[SCEN[0]].uid}`]: '1', [`g-${cx.sc[SCEN[1]].uid}`]: '2' }), 303, `${who} ranks the groups`);
    }
    await move(cx, 'done', 'groups_done');
    // The participant ids, from the facilitator's move form.
    const g = expectStatus(await fac.get(semUrl(cx, 'done', '/groups')), 200, 'groups page').text_;
    for (const [nick, id] of [['Paule', 'participant'], ['Codie', 'code']]) {
      const m = new RegExp(`<option value="(\\d+)">${nick}</option>`).exec(g);
      assert.ok(m, `the move form lists ${nick}`);
      cx.pid[id] = m[1];
    }
  }
});

after(async () => { if (kit) await kit.stop(); });

// How each route is asked: on which seminar (a function of the role when
// each role needs its own), with what body; what an answered page shows;
// what an accepted POST changes (checked on the snapshot's seminar).
//                                                          anon outs part  fac  adm code
const FAC_GET = { members: [303, 404, 403, 200, 200, 303], public: [303, 403, 403, 200, 200, 303] };
const FAC_POST = { members: [401, 404, 403, 303, 303, 401], public: [401, 403, 403, 303, 303, 401] };
const FAC_POST_409 = { members: [401, 404, 403, 409, 409, 401], public: [401, 403, 403, 409, 409, 401] };

const ROWS = [
  {
    route: 'GET /c/{slug}/seminars', path: (cx) => `/c/${cx.slug}/seminars`,
    expect: { members: [404, 404, 200, 200, 200, 404], public: [200, 200, 200, 200, 200, 200] },
    shows: (cx) => 'Séminaire open',
  },
  { route: 'GET /c/{slug}/seminars/new', path: (cx) => `/c/${cx.slug}/seminars/new`, expect: FAC_GET, shows: (cx) => `action="/c/${cx.slug}/seminars"` },
  {
    route: 'POST /c/{slug}/seminars', path: (cx) => `/c/${cx.slug}/seminars`,
    body: (role, cx) => ({
      title: `Créé par ${role}`, method: 'mj', seats: '1', max_approvals: '0', dots: '5', dots_max: '0', unranked: 'last',
      group_min: '0', group_max: '0', max_share: '0', candidate: [cx.sc[SCEN[0]].id, cx.sc[SCEN[2]].id],
    }),
    expect: FAC_POST,
    // The list of seminars is the record of creations.
    snap: async (cx) => expectStatus(await kit.admin.get(`/c/${cx.slug}/seminars`), 200, 'list').text_.replace(/<input[^>]*name="csrf"[^>]*>/g, ''),
    effect: (role, cx, after) => after.includes(`Créé par ${role}`),
  },
  { route: 'GET /c/{slug}/seminars/{uid}/control', on: 'open', suffix: '/control', expect: FAC_GET, shows: () => 'Séminaire open' },
  { route: 'GET /c/{slug}/seminars/{uid}/edit', on: 'prep', suffix: '/edit', expect: FAC_GET, shows: () => 'value="Séminaire prep"' },
  {
    route: 'POST /c/{slug}/seminars/{uid}/edit', on: 'prep', suffix: '/edit', expect: FAC_POST,
    body: (role, cx) => ({
      title: `Séminaire prep (${role})`, method: 'approval', seats: '2', max_approvals: '0', dots: '5', dots_max: '0',
      unranked: 'last', group_min: '0', group_max: '0', max_share: '0', candidate: SCEN.map((t) => cx.sc[t].id),
    }),
    effect: (role, cx, after) => after.includes(`<h1>Séminaire prep (${role})</h1>`),
  },
  {
    // Only in preparation: once the vote is open the seminar is what it is.
    route: 'POST /c/{slug}/seminars/{uid}/edit', on: 'open', suffix: '/edit', expect: FAC_POST_409,
    body: (role, cx) => ({
      title: `Changed by ${role}`, method: 'approval', seats: '1', max_approvals: '0', dots: '5', dots_max: '0',
      unranked: 'last', group_min: '0', group_max: '0', max_share: '0', candidate: SCEN.map((t) => cx.sc[t].id),
    }),
  },
  {
    // The facilitator starts the presentation, the administrator goes back.
    route: 'POST /c/{slug}/seminars/{uid}/state', on: 'state', suffix: '/state', expect: FAC_POST,
    body: (role) => ({ to: role === 'admin' ? 'preparation' : 'presentation' }),
    effect: (role, cx, after) => after.includes(role === 'admin' ? 'preparation (now)' : 'presentation (now)'),
  },
  {
    // One step at a time: no results straight from an open vote.
    route: 'POST /c/{slug}/seminars/{uid}/state', on: 'open', suffix: '/state', expect: FAC_POST_409,
    body: () => ({ to: 'results' }),
  },
  {
    // The scenario on stage: the facilitator puts B there, the
    // administrator C.
    route: 'POST /c/{slug}/seminars/{uid}/present', on: 'join', suffix: '/present', expect: FAC_POST,
    body: (role, cx) => ({ scenario: cx.sc[SCEN[{ facilitator: 1, admin: 2 }[role] || 3]].id }),
    effect: (role, cx, after) => after.includes(`<li>${SCEN[role === 'admin' ? 2 : 1]} — <strong>presenting now</strong></li>`),
  },
  {
    // During the presentation only.
    route: 'POST /c/{slug}/seminars/{uid}/present', on: 'open', suffix: '/present', expect: FAC_POST_409,
    body: (role, cx) => ({ scenario: cx.sc[SCEN[0]].id }),
  },
  {
    route: 'POST /c/{slug}/seminars/{uid}/resolve', on: (role) => ({ facilitator: 'tieF', admin: 'tieA' }[role] || 'tieX'),
    suffix: '/resolve', expect: FAC_POST, body: () => ({ kind: 'lots', seed: '4242' }),
    effect: (role, cx, after) => after.includes('tie resolved by lots drawn with seed 4242') && !after.includes('A tie straddles the cut'),
  },
  {
    // Nothing to resolve where there is no tie.
    route: 'POST /c/{slug}/seminars/{uid}/resolve', on: 'closed', suffix: '/resolve', expect: FAC_POST_409,
    body: () => ({ kind: 'extra' }),
  },
  {
    // Vote closed, results not published: the facilitators preview them.
    route: 'GET /c/{slug}/seminars/{uid}/results', on: 'closed', suffix: '/results',
    expect: { members: [404, 404, 403, 200, 200, 403], public: [403, 403, 403, 200, 200, 403] },
    shows: () => 'Preview for facilitators',
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/results', on: 'results', suffix: '/results',
    expect: { members: [404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200] },
    // A link to the scenario for those who read the cycle, its title alone
    // for the code visitor of a members-only cycle.
    shows: () => new RegExp(`>${SCEN[0]}(</a>)?</td><td>✓ retained`),
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/results.json', on: 'closed', suffix: '/results.json',
    expect: { members: [404, 404, 403, 200, 200, 403], public: [403, 403, 403, 200, 200, 403] },
    json: (cx) => ({ ballots: 2, tie: false, retained: [cx.sc[SCEN[0]].uid, cx.sc[SCEN[1]].uid] }),
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/results.json', on: 'results', suffix: '/results.json',
    expect: { members: [404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200] },
    json: (cx) => ({ ballots: 2, tie: false, retained: [cx.sc[SCEN[0]].uid, cx.sc[SCEN[1]].uid] }),
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/results.csv', on: 'closed', suffix: '/results.csv',
    expect: { members: [404, 404, 403, 200, 200, 403], public: [403, 403, 403, 200, 200, 403] },
    csv: (cx) => `1,${cx.sc[SCEN[0]].uid},${SCEN[0]},2,,yes`,
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/results.csv', on: 'results', suffix: '/results.csv',
    expect: { members: [404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200] },
    csv: (cx) => `1,${cx.sc[SCEN[0]].uid},${SCEN[0]},2,,yes`,
  },
  {
    // Sign-up open: only the facilitators see the groups taking shape.
    route: 'GET /c/{slug}/seminars/{uid}/groups', on: 'groups', suffix: '/groups',
    expect: { members: [404, 404, 403, 200, 200, 404], public: [403, 403, 403, 200, 200, 403] },
    shows: () => 'participants ranked the groups',
  },
  {
    route: 'GET /c/{slug}/seminars/{uid}/groups', on: 'done', suffix: '/groups',
    expect: { members: [404, 404, 200, 200, 200, 404], public: [200, 200, 200, 200, 200, 200] },
    shows: () => '<li>Paule (',
  },
  {
    // The facilitator moves the participant to group B, the administrator
    // moves the code visitor to group B.
    route: 'POST /c/{slug}/seminars/{uid}/groups/move', on: 'done', suffix: '/groups/move', expect: FAC_POST,
    body: (role, cx) => ({ participant: cx.pid[role === 'admin' ? 'code' : 'participant'], group: cx.sc[SCEN[1]].id }),
    effect: (role, cx, after) => after.includes(`${role === 'admin' ? 'Codie,pme' : 'Paule,association'},${cx.sc[SCEN[1]].uid},${SCEN[1]},2,yes`),
  },
  {
    // Not before the groups are formed.
    route: 'POST /c/{slug}/seminars/{uid}/groups/move', on: 'groups', suffix: '/groups/move', expect: FAC_POST_409,
    body: (role, cx) => ({ participant: cx.pid.participant, group: cx.sc[SCEN[1]].id }),
  },
  { route: 'GET /c/{slug}/seminars/{uid}/ballots.csv', on: 'done', suffix: '/ballots.csv', expect: FAC_GET, csv: () => '1,1,1,1,0,0' },
  { route: 'GET /c/{slug}/seminars/{uid}/ballots.preflib', on: 'done', suffix: '/ballots.preflib', expect: FAC_GET, csv: () => '# NUMBER VOTERS: 2' },
  { route: 'GET /c/{slug}/seminars/{uid}/groups.csv', on: 'done', suffix: '/groups.csv', expect: FAC_GET, csv: () => 'participant,org_kind,group,group_title,rank,manual' },

  // ---- the participant's side ----
  {
    route: 'GET /c/{slug}/seminars/{uid}', on: 'open', suffix: '',
    expect: { members: [404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200] },
    shows: () => '<h1>Séminaire open</h1>',
  },
  {
    // After the results: the page leads to them (see the results rows).
    route: 'GET /c/{slug}/seminars/{uid}', on: 'results', suffix: '',
    expect: { members: [404, 404, 200, 200, 200, 200], public: [200, 200, 200, 200, 200, 200] },
    shows: (cx) => `href="${semUrl(cx, 'results', '/results')}"`,
  },
  {
    // Before anyone signed in joins: the participant's identity is theirs
    // already; the others hold none (or, for the code visitor, no account).
    route: 'POST /c/{slug}/seminars/{uid}/attach', on: 'open', suffix: '/attach',
    expect: { members: [401, 404, 303, 409, 409, 401], public: [401, 409, 303, 409, 409, 401] },
  },
  {
    route: 'POST /c/{slug}/seminars/{uid}/join', on: 'join', suffix: '/join',
    body: (role) => ({ nickname: `Nick ${role}`, org_kind: 'recherche' }),
    expect: { members: [404, 404, 303, 303, 303, 404], public: [303, 303, 303, 303, 303, 303] },
    effect: (role, cx, after, before) => joinedOf(after) === joinedOf(before) + 1,
  },
  {
    route: 'POST /c/{slug}/seminars/{uid}/ballot', on: 'open', suffix: '/ballot', body: (role, cx) => approveAB(cx),
    expect: { members: [404, 404, 303, 403, 403, 303], public: [403, 403, 303, 403, 403, 303] },
    effect: (role, cx, after, before) => ballotsOf(after) === ballotsOf(before) + 1,
  },
  {
    // After the vote closed: a clear refusal, whoever asks.
    route: 'POST /c/{slug}/seminars/{uid}/ballot', on: 'closed', suffix: '/ballot', body: (role, cx) => ({ [`c-${cx.sc[SCEN[3]].uid}`]: '1' }),
    expect: { members: [404, 404, 409, 409, 409, 409], public: [409, 409, 409, 409, 409, 409] },
    refusal: /The vote is closed: your ballot was not recorded\./,
  },
  {
    route: 'POST /c/{slug}/seminars/{uid}/prefs', on: 'groups', suffix: '/prefs',
    body: (role, cx) => ({ [`g-${cx.sc[SCEN[0]].uid}`]: '2', [`g-${cx.sc[SCEN[1]].uid}`]: '1' }),
    expect: { members: [404, 404, 303, 403, 403, 303], public: [403, 403, 303, 403, 403, 303] },
    effect: (role, cx, after, before) => rankedOf(after) === rankedOf(before) + 1,
  },
  {
    route: 'POST /c/{slug}/seminars/{uid}/prefs', on: 'open', suffix: '/prefs',
    body: (role, cx) => ({ [`g-${cx.sc[SCEN[0]].uid}`]: '1' }),
    expect: { members: [404, 404, 409, 409, 409, 409], public: [409, 409, 409, 409, 409, 409] },
  },
  { route: 'GET /c/{slug}/seminars/{uid}/projector', on: 'open', suffix: '/projector', expect: FAC_GET, shows: (cx) => `class="join-code"` },
  { route: 'GET /c/{slug}/seminars/{uid}/events', on: 'open', suffix: '/events', expect: FAC_GET, stream: true },
];

const joinedOf = (snap) => Number((/(\d+) participants? joined/.exec(snap) || [])[1]);
const ballotsOf = (snap) => Number((/(\d+) ballots? cast/.exec(snap) || [])[1]);
const rankedOf = (snap) => Number((/(\d+) of \d+ participants ranked the groups/.exec(snap) || [])[1]);

function pathOf(row, role, cx) {
  if (!row.on) return row.path(cx);
  const key = typeof row.on === 'function' ? row.on(role) : row.on;
  return semUrl(cx, key, row.suffix);
}
const keyOf = (row, role) => (typeof row.on === 'function' ? row.on(role) : row.on);

const getResults = [];
let cells = 0;

for (const row of ROWS) {
  for (const kind of KINDS) {
    const where = kind === 'members' ? 'members-only cycle' : 'public cycle';
    const label = row.on && typeof row.on === 'string' ? ` on the "${row.on}" seminar` : '';
    test(`permissions: ${row.route}${label} (${where})`, T, async () => {
      const method = row.route.split(' ')[0];
      const cx = cycles[kind];
      for (const [i, role] of ROLES.entries()) {
        const want = row.expect[kind][i];
        const path = pathOf(row, role, cx);
        const what = `${method} ${path} as ${role} (${where})`;
        const snap = row.snap || ((c) => snapshot(c, keyOf(row, role)));
        const before = method === 'POST' ? await snap(cx) : null;
        let res;
        if (row.stream && want === 200) {
          const s = await clients[role].stream(path);
          s.close();
          res = { status: s.status, headers: s.headers, text_: '' };
        } else if (method === 'GET') {
          res = await clients[role].get(path);
        } else {
          res = await postForm(clients[role], path, row.body ? row.body(role, cx) : {});
        }
        cells++;
        assert.equal(res.status, want, `${what}: expected ${want}, got ${res.status} ${res.text_.slice(0, 300)}`);
        assertSecurityHeaders(res.headers, what);
        assertCookieFlags(res.headers, { secure: false }, what);
        const ct = res.headers.get('content-type') || '';
        if (res.status >= 400) {
          assert.match(ct, /^text\/html/, `${what}: an error page is HTML`);
          assert.match(res.text_, /<h1>[^<]+<\/h1>/, `${what}: the error page has a heading`);
        }
        if (res.status === 404 || res.status === 401 || (res.status === 303 && method === 'GET')) {
          // Nothing of a cycle or seminar someone may not see leaks out.
          assert.ok(!res.text_.includes(TITLES[kind]) && !res.text_.includes('Séminaire'), `${what}: the answer shows the cycle`);
        }
        if (method === 'GET') {
          if (res.status === 303) {
            assert.equal(res.headers.get('location'), `/login?next=${path}`, `${what}: sent to the sign-in form`);
          } else if (res.status === 200 && !row.stream) {
            getResults.push({ role, path, status: res.status, ct });
            if (row.shows) {
              assert.match(ct, /^text\/html/, `${what}: a page`);
              assertCleanHtml(res.text_, what);
              const want = row.shows(cx);
              if (want instanceof RegExp) assert.match(res.text_, want, `${what}: the page shows ${want}`);
              else assert.ok(res.text_.includes(want), `${what}: the page shows ${want}`);
            }
            if (row.json) {
              assert.match(ct, /^application\/json/, `${what}: JSON`);
              const j = JSON.parse(res.text_);
              const w = row.json(cx);
              for (const k of Object.keys(w)) assert.deepEqual(j[k], w[k], `${what}: ${k}`);
            }
            if (row.csv) {
              assert.ok(res.text_.includes(row.csv(cx)), `${what}: the file holds ${row.csv(cx)}`);
              assert.match(res.headers.get('content-disposition') || '', /^attachment; filename="/, `${what}: a download`);
            }
          } else if (res.status === 200 && row.stream) {
            assert.match(ct, /^text\/event-stream/, `${what}: an event stream`);
          }
        } else {
          const after = await snap(cx);
          if (res.status >= 400) {
            assert.equal(after, before, `${what}: a refused request changed the seminar`);
            if (row.refusal && res.status === 409) assert.match(res.text_, row.refusal, `${what}: the refusal says why`);
          } else {
            const loc = res.headers.get('location') || '';
            assert.ok(loc.startsWith(`/c/${cx.slug}/`), `${what}: redirected to a page of the cycle, got ${loc}`);
            if (row.effect) {
              assert.notEqual(after, before, `${what}: an accepted request changed nothing`);
              assert.ok(row.effect(role, cx, after, before), `${what}: the change is not there:\n${after.slice(0, 3000)}`);
            }
          }
        }
      }
    });
  }
}

test('the seminar pages write their attributes as markup, never as escaped text', T, async () => {
  // An attribute passed through an escaping %s comes out as
  // <li aria-current=&quot;step&quot;>: broken markup for browsers and
  // assistive technologies alike.
  const cx = cycles.members;
  const pages = [
    [clients.facilitator, semUrl(cx, 'closed', '/control')],
    [clients.facilitator, semUrl(cx, 'results', '/results')],
    [clients.participant, semUrl(cx, 'done')],
    [clients.participant, semUrl(cx, 'groups')],
    [clients.participant, semUrl(cx, 'open')],
  ];
  for (const [c, path] of pages) {
    const res = expectStatus(await c.get(path), 200, path);
    const bad = /<[a-zA-Z][^<>]*=&quot;[^<>]*>/.exec(res.text_);
    assert.equal(bad, null, `${path}: an attribute written as text: ${bad && bad[0]}`);
  }
  // The refused ballot page re-shows the form with its error.
  const res = await postForm(clients.participant, semUrl(cx, 'open', '/ballot'), { [`c-${cx.sc[SCEN[0]].uid}`]: '7' });
  assert.equal(res.status, 422);
  const bad = /<[a-zA-Z][^<>]*=&quot;[^<>]*>/.exec(res.text_);
  assert.equal(bad, null, `refused ballot: an attribute written as text: ${bad && bad[0]}`);
});

test('HEAD on the seminar GET routes answers like GET, without a body', T, async () => {
  assert.ok(getResults.length > 0);
  for (const g of getResults) {
    const res = await clients[g.role].head(g.path);
    const what = `HEAD ${g.path} as ${g.role}`;
    assert.equal(res.status, g.status, `${what}: GET answered ${g.status}`);
    assert.equal(res.text_, '', `${what}: a HEAD answer has no body`);
    assert.equal(res.headers.get('content-type'), g.ct, `${what}: same content type as GET`);
  }
});

test('a seminar is reached only through its own cycle', T, async () => {
  // The members-only cycle's seminar asked for through the public cycle:
  // no such seminar there, for everyone.
  const pub = cycles.public, mem = cycles.members;
  const before = await snapshot(mem, 'open');
  for (const role of ROLES) {
    const base = `/c/${pub.slug}/seminars/${mem.sem.open.uid}`;
    //                                                           anon outs part  fac  adm code
    const asks = [
      ['GET', base, undefined, [404, 404, 404, 404, 404, 404]],
      ['GET', `${base}/results`, undefined, [404, 404, 404, 404, 404, 404]],
      ['GET', `${base}/control`, undefined, [303, 403, 403, 404, 404, 303]],
      ['POST', `${base}/ballot`, approveAB(mem), [404, 404, 404, 404, 404, 404]],
      ['POST', `${base}/join`, { nickname: 'Cross', org_kind: 'pme' }, [404, 404, 404, 404, 404, 404]],
      ['POST', `${base}/state`, { to: 'vote_closed' }, [401, 403, 403, 404, 404, 401]],
    ];
    for (const [method, path, body, statuses] of asks) {
      const res = method === 'GET' ? await clients[role].get(path) : await postForm(clients[role], path, body);
      assert.equal(res.status, statuses[ROLES.indexOf(role)], `${method} ${path} as ${role}: ${res.text_.slice(0, 200)}`);
      assert.ok(!res.text_.includes(TITLES.members), `${method} ${path} as ${role}: the answer shows the other cycle`);
    }
  }
  assert.equal(await snapshot(mem, 'open'), before, 'the members-only seminar changed');
});

test('a code works only for its seminar: the code visitor is not let into another seminar of a members-only cycle', T, async () => {
  const mem = cycles.members;
  // "join" and "prep" were never joined by the code visitor.
  for (const key of ['join', 'prep']) {
    assert.equal((await clients.code.get(semUrl(mem, key))).status, 404, key);
  }
  assert.equal((await clients.code.get(`/c/${mem.slug}`)).status, 404, 'the cycle itself');
  assert.equal((await clients.code.get(`/c/${mem.slug}/scenarios/${mem.sc[SCEN[0]].uid}`)).status, 404, 'a scenario');
});

test('the code visitor of a members-only cycle is offered only links they can open', T, async () => {
  const cx = cycles.members;
  const seen = new Set();
  for (const path of [semUrl(cx, 'open'), semUrl(cx, 'results'), semUrl(cx, 'results', '/results'), semUrl(cx, 'done')]) {
    const res = expectStatus(await clients.code.get(path), 200, path);
    for (const m of res.text_.matchAll(/href="(\/c\/[^"#]*)"/g)) seen.add(m[1].replace(/&amp;/g, '&'));
  }
  assert.ok(seen.size > 0, 'the pages link somewhere');
  for (const href of seen) {
    const res = await clients.code.get(href);
    assert.equal(res.status, 200, `${href}, linked from a page the code visitor reads, answers ${res.status}`);
  }
});

test('every seminar route of routes.c has a row, and no row is stale', T, () => {
  const mine = readRoutes().filter((r) => /^\/c\/\{slug\}\/seminars(\/|$)/.test(r.pattern));
  const table = mine.map((r) => `${r.method} ${r.pattern}`);
  const rows = [...new Set(ROWS.map((r) => r.route))];
  assert.deepEqual(table.filter((r) => !rows.includes(r)), [], 'routes without a row');
  assert.deepEqual(rows.filter((r) => !table.includes(r)), [], 'rows without a route');
  for (const r of mine) {
    assert.ok(!r.flags.has('API'), `${r.method} ${r.pattern} is a page`);
    // The facilitator's changes need an account; a participant's do not.
    const participantSide = /\/(join|ballot|prefs)$/.test(r.pattern);
    if (r.method !== 'GET' && !participantSide) assert.ok(r.flags.has('AUTH'), `${r.method} ${r.pattern} needs an account`);
    if (participantSide) assert.ok(!r.flags.has('AUTH'), `${r.method} ${r.pattern} must not need an account`);
  }
});

test('cells of the matrix', (t) => {
  t.diagnostic(`${cells} of ${ROWS.length * KINDS.length * ROLES.length} cells requested`);
});
