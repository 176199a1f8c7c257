// matrix_cycles.test.mjs — the permission matrix of the cycle API: every
// /api/v1/cycles route of src/web/routes.c, requested by an anonymous
// visitor, a member of another cycle only, a participant of the cycle, a
// facilitator of the cycle and an administrator (who is not a member), on
// a members-only cycle and on a public one. The expected statuses are
// written by hand below from the rules of src/domain/cycle.h and
// scenario.h, never computed by calling the code:
//   - a members-only cycle does not exist (404) for non-members; a public
//     one is read by anyone;
//   - routes that change something need an account (401 first);
//   - members write (library items, observations, scenarios, forks);
//   - facilitators and administrators steer (settings, phases, members,
//     taxonomies, templates, export) and change anyone's item or scenario;
//   - the member list is for members (403 for others on a public cycle).
// Every refused unsafe request must leave the cycle's bundle byte for byte
// as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, readRoutes, T } from '../lib/server.mjs';
import { assertSecurityHeaders, assertJsonError } from '../lib/checks.mjs';

const ROLES = ['anon', 'outsider', 'participant', 'facilitator', 'admin'];

// route → expected statuses in ROLES order, on the members-only cycle and
// on the public cycle. Rows without `public` do not depend on a cycle.
//                                                                     anon outs part  fac  adm
const TABLE = {
  'GET /api/v1/cycles':                                       { any: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles':                                      { any: [401, 201, 201, 201, 201] },
  'POST /api/v1/cycles/import':                               { any: [401, 201, 201, 201, 201] },
  'GET /api/v1/cycles/{slug}':                                { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'PATCH /api/v1/cycles/{slug}':                              { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'PUT /api/v1/cycles/{slug}/phases':                         { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'POST /api/v1/cycles/{slug}/copy':                          { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'GET /api/v1/cycles/{slug}/export':                         { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'GET /api/v1/cycles/{slug}/members':                        { members: [401, 404, 200, 200, 200], public: [401, 403, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/members':                       { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'DELETE /api/v1/cycles/{slug}/members/{user_id}':           { members: [401, 404, 403, 204, 204], public: [401, 403, 403, 204, 204] },
  'GET /api/v1/cycles/{slug}/taxonomies':                     { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/taxonomies':                    { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'GET /api/v1/cycles/{slug}/taxonomies/{tax}':               { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/taxonomies/{tax}/terms':        { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'PATCH /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code}': { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'DELETE /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code}': { members: [401, 404, 403, 204, 204], public: [401, 403, 403, 204, 204] },
  'GET /api/v1/cycles/{slug}/templates':                      { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/templates':                     { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'GET /api/v1/cycles/{slug}/templates/{tpl}':                { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'PUT /api/v1/cycles/{slug}/templates/{tpl}':                { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'GET /api/v1/cycles/{slug}/library':                        { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/library':                       { members: [401, 404, 201, 201, 201], public: [401, 403, 201, 201, 201] },
  'GET /api/v1/cycles/{slug}/library/{uid}':                  { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  // The item was added by the facilitator: the participant is not its creator.
  'PATCH /api/v1/cycles/{slug}/library/{uid}':                { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'DELETE /api/v1/cycles/{slug}/library/{uid}':               { members: [401, 404, 403, 204, 204], public: [401, 403, 403, 204, 204] },
  'POST /api/v1/cycles/{slug}/library/{uid}/observations':    { members: [401, 404, 201, 201, 201], public: [401, 403, 201, 201, 201] },
  'GET /api/v1/cycles/{slug}/scenarios':                      { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/scenarios':                     { members: [401, 404, 201, 201, 201], public: [401, 403, 201, 201, 201] },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}':                { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  // The scenario was written by the facilitator: the participant is not an author.
  'PATCH /api/v1/cycles/{slug}/scenarios/{uid}':              { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/status':        { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/fork':          { members: [401, 404, 201, 201, 201], public: [401, 403, 201, 201, 201] },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions':      { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions/{n}':  { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/diff':           { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/restore':       { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'GET /api/v1/cycles/{slug}/search':                         { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  // Controversies: as on the web, anyone signed in who sees the cycle
  // proposes statements and votes, with the identity of their account.
  'GET /api/v1/cycles/{slug}/controversies':                  { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'POST /api/v1/cycles/{slug}/controversies':                 { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'GET /api/v1/cycles/{slug}/controversies/{uid}':            { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'PATCH /api/v1/cycles/{slug}/controversies/{uid}':          { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/statements': { members: [401, 404, 201, 201, 201], public: [401, 201, 201, 201, 201] },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/statements/{n}/moderation': { members: [401, 404, 403, 200, 200], public: [401, 403, 403, 200, 200] },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/votes':     { members: [401, 404, 200, 200, 200], public: [401, 200, 200, 200, 200] },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/report':     { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  // Freezing needs a map: the one computed in before().
  'POST /api/v1/cycles/{slug}/controversies/{uid}/reports':    { members: [401, 404, 403, 201, 201], public: [401, 403, 403, 201, 201] },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/reports':     { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/reports/{n}': { members: [404, 404, 200, 200, 200], public: [200, 200, 200, 200, 200] },
};

let kit, clients, bundle;
const cycles = {}; // kind -> {slug, item, scenario, delItems: {role: uid}, victims: {role: user id}}
const SECTIONS = [{ id: 'idee', type: 'text', label: 'Idée' }];

before(async () => {
  kit = await startWithAdmin();
  const users = {};
  for (const role of ['outsider', 'participant', 'facilitator']) users[role] = await kit.createUser(`${role}@example.org`, { name: role });
  clients = { anon: kit.client(), admin: kit.admin };
  await clients.anon.csrf();
  for (const role of Object.keys(users)) clients[role] = await kit.loginAs(users[role].email, users[role].password);
  const fac = clients.facilitator;
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };

  // The outsider belongs to another cycle only.
  ok(await fac.api('POST', '/api/v1/cycles', { slug: 'elsewhere', title: 'Elsewhere', builtins: false }), 201, 'other cycle');
  ok(await fac.api('POST', '/api/v1/cycles/elsewhere/members', { email: 'outsider@example.org', role: 'participant' }), 200, 'outsider');

  for (const [kind, visibility] of [['members', 'members'], ['public', 'public']]) {
    const slug = `${kind}-cycle`;
    const base = `/api/v1/cycles/${slug}`;
    const cx = { slug, delItems: {}, victims: {} };
    cycles[kind] = cx;
    ok(await fac.api('POST', '/api/v1/cycles', { slug, title: `Cycle ${kind}`, visibility, builtins: false }), 201, slug);
    ok(await fac.api('POST', `${base}/members`, { email: 'participant@example.org', role: 'participant' }), 200, 'participant');
    ok(await fac.api('POST', `${base}/taxonomies`, {
      slug: 'themes', name: 'Thèmes', terms: [{ code: 'keep', label: 'Keep' }, ...ROLES.map((r) => ({ code: `del-${r}`, label: r }))],
    }), 201, 'taxonomy');
    ok(await fac.api('POST', `${base}/templates`, { slug: 'court', name: 'Court', sections: SECTIONS }), 201, 'template');
    cx.item = ok(await fac.api('POST', `${base}/library`, { kind: 'signal', title: 'Un réseau de signaux' }), 201, 'item').uid;
    for (const role of ROLES) {
      cx.delItems[role] = ok(await fac.api('POST', `${base}/library`, { kind: 'signe', title: `to delete ${role}` }), 201, 'item').uid;
      const v = await kit.createUser(`victim-${role}-${kind}@example.org`, { name: `victim ${role}` });
      ok(await fac.api('POST', `${base}/members`, { email: v.email, role: 'participant' }), 200, 'victim');
      cx.victims[role] = v.id;
    }
    const sc = ok(await fac.api('POST', `${base}/scenarios`, { template: 'court', title: 'Le réseau', sections: { idee: 'Une idée' } }), 201, 'scenario');
    cx.scenario = sc.uid;
    ok(await fac.api('PATCH', `${base}/scenarios/${sc.uid}`, { sections: { idee: 'Une autre idée' } }), 200, 'revision 2');
    cx.controversy = ok(await fac.api('POST', `${base}/controversies`, { title: 'Une controverse' }), 201, 'controversy').uid;
    ok(await fac.api('POST', `${base}/controversies/${cx.controversy}/statements`, { body: 'Une affirmation.' }), 201, 'statement');
    // A first vote, and the map the worker computes from it (freezing needs one).
    ok(await fac.api('POST', `${base}/controversies/${cx.controversy}/votes`, { statement: 1, vote: 'agree', nickname: 'Fac', org_kind: 'pme' }), 200, 'vote');
    for (let i = 0; ; i++) {
      const m = ok(await fac.api('GET', `${base}/controversies/${cx.controversy}/report`), 200, 'map');
      if (m.map) break;
      assert.ok(i < 400, 'the worker computes the map');
      await new Promise((res) => setTimeout(res, 25));
    }
  }
  const ex = await fac.api('GET', '/api/v1/cycles/members-cycle/export');
  assert.equal(ex.status, 200);
  bundle = JSON.parse(ex.text_);
});

after(async () => { if (kit) await kit.stop(); });

// How to call each route: the path (placeholders filled for the role and
// the cycle) and a body that is valid, so that only permissions decide.
const CALLS = {
  'GET /api/v1/cycles': {},
  'POST /api/v1/cycles': { body: (role) => ({ slug: `new-${role}`, title: `New ${role}` }) },
  'POST /api/v1/cycles/import': { path: (role) => `/api/v1/cycles/import?slug=imp-${role}`, body: () => bundle },
  'GET /api/v1/cycles/{slug}': {},
  'PATCH /api/v1/cycles/{slug}': { body: (role) => ({ question: `asked by ${role}` }) },
  'PUT /api/v1/cycles/{slug}/phases': { body: (role) => [{ name: `phase ${role}`, kind: 'explore' }] },
  'POST /api/v1/cycles/{slug}/copy': { body: (role, cx) => ({ slug: `${cx.slug}-copy-${role}`, title: `Copy ${role}` }) },
  'GET /api/v1/cycles/{slug}/export': {},
  'GET /api/v1/cycles/{slug}/members': {},
  'POST /api/v1/cycles/{slug}/members': { body: (role) => ({ email: `invitee-${role}@example.org`, role: 'participant' }) },
  'DELETE /api/v1/cycles/{slug}/members/{user_id}': { path: (role, cx) => `/members/${cx.victims[role]}` },
  'GET /api/v1/cycles/{slug}/taxonomies': {},
  'POST /api/v1/cycles/{slug}/taxonomies': { body: (role) => ({ slug: `tx-${role}`, name: `Tx ${role}`, terms: [] }) },
  'GET /api/v1/cycles/{slug}/taxonomies/{tax}': { path: () => '/taxonomies/themes' },
  'POST /api/v1/cycles/{slug}/taxonomies/{tax}/terms': { path: () => '/taxonomies/themes/terms', body: (role) => ({ code: `new-${role}`, label: role }) },
  'PATCH /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code}': { path: () => '/taxonomies/themes/terms/keep', body: (role) => ({ label: `label ${role}` }) },
  'DELETE /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code}': { path: (role) => `/taxonomies/themes/terms/del-${role}` },
  'GET /api/v1/cycles/{slug}/templates': {},
  'POST /api/v1/cycles/{slug}/templates': { body: (role) => ({ slug: `tpl-${role}`, name: `Tpl ${role}`, sections: SECTIONS }) },
  'GET /api/v1/cycles/{slug}/templates/{tpl}': { path: () => '/templates/court' },
  'PUT /api/v1/cycles/{slug}/templates/{tpl}': { path: () => '/templates/court', body: (role) => ({ name: `Court ${role}`, sections: SECTIONS }) },
  'GET /api/v1/cycles/{slug}/library': {},
  'POST /api/v1/cycles/{slug}/library': { body: (role) => ({ kind: 'inspiration', title: `added by ${role}` }) },
  'GET /api/v1/cycles/{slug}/library/{uid}': { path: (role, cx) => `/library/${cx.item}` },
  'PATCH /api/v1/cycles/{slug}/library/{uid}': { path: (role, cx) => `/library/${cx.item}`, body: (role) => ({ summary: `by ${role}` }) },
  'DELETE /api/v1/cycles/{slug}/library/{uid}': { path: (role, cx) => `/library/${cx.delItems[role]}` },
  'POST /api/v1/cycles/{slug}/library/{uid}/observations': {
    path: (role, cx) => `/library/${cx.item}/observations`, body: (role) => ({ date: '2026-01-02', note: `seen by ${role}` }),
  },
  'GET /api/v1/cycles/{slug}/scenarios': {},
  'POST /api/v1/cycles/{slug}/scenarios': { body: (role) => ({ template: 'court', title: `by ${role}` }) },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}': { path: (role, cx) => `/scenarios/${cx.scenario}` },
  'PATCH /api/v1/cycles/{slug}/scenarios/{uid}': { path: (role, cx) => `/scenarios/${cx.scenario}`, body: (role) => ({ title: `Le réseau (${role})` }) },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/status': {
    path: (role, cx) => `/scenarios/${cx.scenario}/status`, body: (role) => ({ status: role === 'admin' ? 'retenu' : 'candidat' }),
  },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/fork': { path: (role, cx) => `/scenarios/${cx.scenario}/fork`, body: (role) => ({ title: `suite ${role}` }) },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions': { path: (role, cx) => `/scenarios/${cx.scenario}/revisions` },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions/{n}': { path: (role, cx) => `/scenarios/${cx.scenario}/revisions/1` },
  'GET /api/v1/cycles/{slug}/scenarios/{uid}/diff': { path: (role, cx) => `/scenarios/${cx.scenario}/diff?from=1&to=2` },
  'POST /api/v1/cycles/{slug}/scenarios/{uid}/restore': { path: (role, cx) => `/scenarios/${cx.scenario}/restore`, body: () => ({ revision: 1 }) },
  'GET /api/v1/cycles/{slug}/search': { path: () => '/search?q=reseau' },
  'GET /api/v1/cycles/{slug}/controversies': {},
  'POST /api/v1/cycles/{slug}/controversies': { body: (role) => ({ title: `Controverse de ${role}` }) },
  'GET /api/v1/cycles/{slug}/controversies/{uid}': { path: (role, cx) => `/controversies/${cx.controversy}` },
  'PATCH /api/v1/cycles/{slug}/controversies/{uid}': { path: (role, cx) => `/controversies/${cx.controversy}`, body: (role) => ({ question: `posée par ${role}` }) },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/statements': {
    path: (role, cx) => `/controversies/${cx.controversy}/statements`, body: (role) => ({ body: `Dit par ${role}.`, nickname: role, org_kind: 'pme' }),
  },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/statements/{n}/moderation': {
    path: (role, cx) => `/controversies/${cx.controversy}/statements/1/moderation`, body: () => ({ action: 'accept' }),
  },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/votes': {
    path: (role, cx) => `/controversies/${cx.controversy}/votes`, body: (role) => ({ statement: 1, vote: 'agree', nickname: role, org_kind: 'pme' }),
  },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/report': { path: (role, cx) => `/controversies/${cx.controversy}/report` },
  'POST /api/v1/cycles/{slug}/controversies/{uid}/reports': { path: (role, cx) => `/controversies/${cx.controversy}/reports` },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/reports': { path: (role, cx) => `/controversies/${cx.controversy}/reports` },
  'GET /api/v1/cycles/{slug}/controversies/{uid}/reports/{n}': { path: (role, cx) => `/controversies/${cx.controversy}/reports/1` },
};

/** What must not change when a request is refused: the cycle's bundle
 *  (read by the administrator), or the list of every cycle. */
async function fingerprint(cx) {
  if (!cx) return JSON.stringify((await kit.admin.api('GET', '/api/v1/cycles?archived=1')).json_);
  const r = await kit.admin.api('GET', `/api/v1/cycles/${cx.slug}/export`);
  assert.equal(r.status, 200);
  return r.text_;
}

function pathOf(route, role, cx) {
  const call = CALLS[route];
  const pattern = route.split(' ')[1];
  if (!cx) return call.path ? call.path(role) : pattern;
  const path = call.path ? `/api/v1/cycles/${cx.slug}${call.path(role, cx)}` : pattern.replace('{slug}', cx.slug);
  assert.ok(!path.includes('{'), `${route}: a placeholder is left in ${path}`);
  return path;
}

const getResults = [];

for (const [route, expect] of Object.entries(TABLE)) {
  const kinds = expect.any ? ['any'] : ['members', 'public'];
  for (const kind of kinds) {
    const where = { any: '', members: ' (members-only cycle)', public: ' (public cycle)' }[kind];
    test(`permissions: ${route}${where}`, T, async () => {
      const method = route.split(' ')[0];
      const cx = cycles[kind];
      const call = CALLS[route];
      assert.ok(call, `no way to call ${route}`);
      for (const [i, role] of ROLES.entries()) {
        const want = expect[kind][i];
        const path = pathOf(route, role, cx);
        const body = call.body ? call.body(role, cx) : undefined;
        const unsafe = method !== 'GET';
        const before = unsafe && want >= 400 ? await fingerprint(cx) : null;
        const res = await clients[role].api(method, path, body);
        const what = `${method} ${path} as ${role}`;
        assert.equal(res.status, want, `${what}: expected ${want}, got ${res.status} ${res.text_.slice(0, 300)}`);
        assertSecurityHeaders(res.headers, what);
        if (res.status === 204) assert.equal(res.text_, '', `${what}: 204 has no body`);
        else assert.match(res.headers.get('content-type') || '', /^application\/json\b/, `${what}: JSON`);
        if (res.status >= 400) assertJsonError(res, res.status, what);
        if (before !== null) assert.equal(await fingerprint(cx), before, `${what}: a refused request changed the cycle`);
        if (method === 'GET') getResults.push({ role, path, status: res.status });
      }
    });
  }
}

test('the cycle list shows what each one may see', T, async () => {
  const seen = async (role) => (await clients[role].api('GET', '/api/v1/cycles')).json_.cycles.map((c) => c.slug);
  assert.ok(!(await seen('anon')).includes('members-cycle'));
  assert.ok((await seen('anon')).includes('public-cycle'));
  assert.ok(!(await seen('outsider')).includes('members-cycle'));
  assert.ok((await seen('outsider')).includes('elsewhere'));
  assert.ok((await seen('participant')).includes('members-cycle'));
  assert.ok((await seen('admin')).includes('members-cycle'), 'administrators see every cycle');
});

test('successful changes happened, refused ones did not', T, async () => {
  const fac = clients.facilitator;
  for (const kind of ['members', 'public']) {
    const cx = cycles[kind];
    const base = `/api/v1/cycles/${cx.slug}`;
    assert.equal((await fac.api('GET', base)).json_.question, 'asked by admin');
    const members = (await fac.api('GET', `${base}/members`)).json_.members.map((m) => m.user_id);
    for (const role of ROLES) {
      const steered = role === 'facilitator' || role === 'admin';
      assert.equal(members.includes(cx.victims[role]), !steered, `${kind}: victim of ${role}`);
      const term = await fac.api('GET', `${base}/taxonomies/themes`);
      assert.equal(term.json_.terms.some((t) => t.code === `del-${role}`), !steered, `${kind}: term del-${role}`);
      const item = await fac.api('GET', `${base}/library/${cx.delItems[role]}`);
      assert.equal(item.status, steered ? 404 : 200, `${kind}: item of ${role}`);
    }
    const cv = (await fac.api('GET', `${base}/controversies/${cx.controversy}`)).json_;
    assert.equal(cv.question, 'posée par admin', `${kind}: the administrator's question is the last`);
    const reports = (await fac.api('GET', `${base}/controversies/${cx.controversy}/reports`)).json_.reports;
    assert.deepEqual(reports.map((x) => x.number), [2, 1], `${kind}: frozen by the facilitator and the administrator`);
    const sc = (await fac.api('GET', `${base}/scenarios/${cx.scenario}`)).json_;
    assert.equal(sc.status, 'retenu', `${kind}: the administrator's move is the last`);
    assert.deepEqual(sc.forks.map((f) => f.title), ['suite participant', 'suite facilitator', 'suite admin'], `${kind}: forks`);
    const item = (await fac.api('GET', `${base}/library/${cx.item}`)).json_;
    assert.equal(item.summary, 'by admin');
    assert.deepEqual(item.observations.map((o) => o.note), ['seen by participant', 'seen by facilitator', 'seen by admin']);
  }
});

test('HEAD on the GET routes answers like GET, without a body', T, async () => {
  assert.ok(getResults.length > 0);
  for (const g of getResults) {
    const res = await clients[g.role].head(g.path);
    assert.equal(res.status, g.status, `HEAD ${g.path} as ${g.role}`);
    assert.equal(res.text_, '', `HEAD ${g.path} as ${g.role}: no body`);
  }
});

test('every /api/v1/cycles route of routes.c has a row, and no row is stale', T, () => {
  const table = readRoutes().filter((r) => r.pattern.startsWith('/api/v1/cycles')).map((r) => `${r.method} ${r.pattern}`);
  const rows = Object.keys(TABLE);
  assert.deepEqual(table.filter((r) => !rows.includes(r)), [], 'routes without a row');
  assert.deepEqual(rows.filter((r) => !table.includes(r)), [], 'rows without a route');
  for (const r of readRoutes().filter((x) => x.pattern.startsWith('/api/v1/cycles'))) {
    assert.ok(r.flags.has('API'), `${r.method} ${r.pattern} is an API route`);
    // Every change needs an account: anonymous visitors get 401 before anything else.
    if (r.method !== 'GET') assert.ok(r.flags.has('AUTH'), `${r.method} ${r.pattern} needs an account`);
  }
});
