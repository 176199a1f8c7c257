// matrix_pages.test.mjs — the permission matrix of a cycle's library,
// taxonomy, template and search pages: every route of src/web/routes.c
// under /c/{slug}/library, /c/{slug}/taxonomies, /c/{slug}/templates and
// /c/{slug}/search, requested by an anonymous visitor, a member of another
// cycle only, a participant of the cycle, a facilitator of the cycle and an
// administrator (who is not a member), on a members-only cycle, on a public
// cycle and on an archived members-only cycle. The expected statuses are
// written by hand below from the rules of src/domain/cycle.h and the page
// handlers, never computed by calling the code:
//   - a members-only cycle does not exist (404) for non-members; a public
//     one is read by anyone; an archived one is read as before;
//   - the ROUTE_AUTH routes answer an anonymous visitor before anything
//     else: a GET is sent to the sign-in form (303 to /login?next=<path>),
//     a POST gets 401;
//   - members (participants and facilitators) add to the library and record
//     observations; the creator of an item and the facilitators edit or
//     delete it; facilitators and administrators (who count as
//     facilitators) create and edit taxonomies, terms and templates;
//     outsiders are refused with 403 on a public cycle;
//   - nobody changes an archived cycle (403), facilitators and
//     administrators included;
//   - a page answers 200, a successful form 303 to a page of the cycle.
// Every refused POST must leave the cycle's bundle byte for byte as it was,
// and every accepted one must show its change in the bundle. The pages
// offer a control (a link or a form) exactly to those the matrix lets
// through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, readRoutes, T } from '../lib/server.mjs';
import { assertSecurityHeaders, assertCookieFlags, assertCleanHtml } from '../lib/checks.mjs';

const ROLES = ['anon', 'outsider', 'participant', 'facilitator', 'admin'];
const KINDS = ['members', 'public', 'archived'];

// route → expected statuses in ROLES order on the members-only cycle, the
// public cycle and the archived (members-only) cycle. Items are added by
// the facilitator: the participant is not their creator.
//                                                                   anon outs part  fac  adm
const TABLE = {
  'GET /c/{slug}/library': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'GET /c/{slug}/library/new': {
    members:  [303, 404, 200, 200, 200],
    public:   [303, 403, 200, 200, 200],
    archived: [303, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library': {
    members:  [401, 404, 303, 303, 303],
    public:   [401, 403, 303, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/library/{uid}': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'GET /c/{slug}/library/{uid}/edit': {
    members:  [303, 404, 403, 200, 200],
    public:   [303, 403, 403, 200, 200],
    archived: [303, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library/{uid}': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library/{uid}/delete': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library/{uid}/observations': {
    members:  [401, 404, 303, 303, 303],
    public:   [401, 403, 303, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/taxonomies': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'POST /c/{slug}/taxonomies': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/taxonomies/{tax}': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'POST /c/{slug}/taxonomies/{tax}': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'POST /c/{slug}/taxonomies/{tax}/terms': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/taxonomies/{tax}/terms/{code}/edit': {
    members:  [303, 404, 403, 200, 200],
    public:   [303, 403, 403, 200, 200],
    archived: [303, 404, 403, 403, 403],
  },
  'POST /c/{slug}/taxonomies/{tax}/terms/{code}': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'POST /c/{slug}/taxonomies/{tax}/terms/{code}/delete': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/templates': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'GET /c/{slug}/templates/new': {
    members:  [303, 404, 403, 200, 200],
    public:   [303, 403, 403, 200, 200],
    archived: [303, 404, 403, 403, 403],
  },
  'POST /c/{slug}/templates': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/templates/{tpl}': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
  'POST /c/{slug}/templates/{tpl}': {
    members:  [401, 404, 403, 303, 303],
    public:   [401, 403, 403, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'GET /c/{slug}/search': {
    members:  [404, 404, 200, 200, 200],
    public:   [200, 200, 200, 200, 200],
    archived: [404, 404, 200, 200, 200],
  },
};

// The same routes on items the participant added: the creator may change
// and delete them, like the facilitators.
//                                                                   anon outs part  fac  adm
const CREATOR = {
  'GET /c/{slug}/library/{uid}/edit': {
    members:  [303, 404, 200, 200, 200],
    public:   [303, 403, 200, 200, 200],
    archived: [303, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library/{uid}': {
    members:  [401, 404, 303, 303, 303],
    public:   [401, 403, 303, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
  'POST /c/{slug}/library/{uid}/delete': {
    members:  [401, 404, 303, 303, 303],
    public:   [401, 403, 303, 303, 303],
    archived: [401, 404, 403, 403, 403],
  },
};

const TITLES = { members: 'Huis clos des communs', public: 'Place publique des communs', archived: 'Archives closes des communs' };
const SECTIONS = [{ id: 'idee', type: 'text', label: 'Idée' }];
const BLANK = { kind: '', title: '', source: '', url: '', date: '', summary: '', status: '', speaker_type: '', problem_category: '' };
const ITEM_TITLE = 'Un réseau de signaux';
const OWN_TITLE = 'Le signal du participant';

let kit, clients;
const emails = {};
const cycles = {}; // kind -> {slug, item, own, delItems: {role: uid}, ownDel: {role: uid}}

before(async () => {
  kit = await startWithAdmin();
  emails.admin = kit.adminEmail;
  const users = {};
  for (const role of ['outsider', 'participant', 'facilitator']) {
    users[role] = await kit.createUser(`${role}@example.org`, { name: role });
    emails[role] = users[role].email;
  }
  clients = { anon: kit.client(), admin: kit.admin };
  await clients.anon.csrf();
  for (const role of Object.keys(users)) clients[role] = await kit.loginAs(users[role].email, users[role].password);
  const fac = clients.facilitator, part = clients.participant;
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };

  // The outsider belongs to another cycle only.
  ok(await fac.api('POST', '/api/v1/cycles', { slug: 'elsewhere', title: 'Elsewhere', builtins: false }), 201, 'other cycle');
  ok(await fac.api('POST', '/api/v1/cycles/elsewhere/members', { email: users.outsider.email, role: 'participant' }), 200, 'outsider');

  for (const kind of KINDS) {
    const slug = `${kind}-cycle`;
    const base = `/api/v1/cycles/${slug}`;
    const cx = { slug, delItems: {}, ownDel: {} };
    cycles[kind] = cx;
    const visibility = kind === 'public' ? 'public' : 'members';
    ok(await fac.api('POST', '/api/v1/cycles', { slug, title: TITLES[kind], visibility, builtins: false }), 201, slug);
    ok(await fac.api('POST', `${base}/members`, { email: users.participant.email, role: 'participant' }), 200, 'participant');
    ok(await fac.api('POST', `${base}/taxonomies`, {
      slug: 'themes', name: 'Thèmes', terms: [{ code: 'keep', label: 'Keep' }, ...ROLES.map((r) => ({ code: `del-${r}`, label: r }))],
    }), 201, 'taxonomy');
    ok(await fac.api('POST', `${base}/templates`, { slug: 'court', name: 'Court', sections: SECTIONS }), 201, 'template');
    cx.item = ok(await fac.api('POST', `${base}/library`, { kind: 'signal', title: ITEM_TITLE }), 201, 'item').uid;
    cx.own = ok(await part.api('POST', `${base}/library`, { kind: 'signal', title: OWN_TITLE }), 201, 'own item').uid;
    for (const role of ROLES) {
      cx.delItems[role] = ok(await fac.api('POST', `${base}/library`, { kind: 'signe', title: `to delete ${role}` }), 201, 'item').uid;
      cx.ownDel[role] = ok(await part.api('POST', `${base}/library`, { kind: 'signe', title: `own to delete ${role}` }), 201, 'own item').uid;
    }
    if (kind === 'archived') {
      const r = await fac.post(`/c/${slug}/archive`, { archived: '1' });
      assert.equal(r.status, 303, `archiving: ${r.status} ${r.text_.slice(0, 300)}`);
      assert.equal((await fac.api('GET', base)).json_.archived, true, 'the cycle is archived');
    }
  }
});

after(async () => { if (kit) await kit.stop(); });

/** The cycle's bundle as the administrator exports it. */
async function bundleText(cx) {
  const r = await kit.admin.api('GET', `/api/v1/cycles/${cx.slug}/export`);
  assert.equal(r.status, 200, `export of ${cx.slug}: ${r.text_.slice(0, 300)}`);
  return r.text_;
}
const itemOf = (b, uid) => b.library.find((i) => i.uid === uid);
const themes = (b) => b.taxonomies.find((t) => t.slug === 'themes');

// How to call each route: the path after /c/{slug} (own: the participant's
// items), a valid body, what the page must show when it answers 200, and
// what the bundle must show after an accepted POST.
const CALLS = {
  'GET /c/{slug}/library': { shows: () => ITEM_TITLE },
  'GET /c/{slug}/library/new': { shows: (cx) => `action="/c/${cx.slug}/library"` },
  'POST /c/{slug}/library': {
    body: (role) => ({ ...BLANK, kind: 'inspiration', title: `added by ${role}` }),
    effect: (role, cx, b) => b.library.some((i) => i.title === `added by ${role}` && i.created_by === emails[role]),
  },
  'GET /c/{slug}/library/{uid}': { path: (role, cx) => `/library/${cx.item}`, shows: () => ITEM_TITLE },
  'GET /c/{slug}/library/{uid}/edit': {
    path: (role, cx, own) => `/library/${own ? cx.own : cx.item}/edit`,
    shows: (cx, own) => `value="${own ? OWN_TITLE : ITEM_TITLE}"`,
  },
  'POST /c/{slug}/library/{uid}': {
    path: (role, cx, own) => `/library/${own ? cx.own : cx.item}`,
    body: (role, cx, own) => ({ ...BLANK, kind: 'signal', title: own ? OWN_TITLE : ITEM_TITLE, summary: `by ${role}`, status: 'a_surveiller' }),
    effect: (role, cx, b, own) => itemOf(b, own ? cx.own : cx.item).summary === `by ${role}`,
  },
  'POST /c/{slug}/library/{uid}/delete': {
    path: (role, cx, own) => `/library/${(own ? cx.ownDel : cx.delItems)[role]}/delete`,
    effect: (role, cx, b, own) => !itemOf(b, (own ? cx.ownDel : cx.delItems)[role]),
  },
  'POST /c/{slug}/library/{uid}/observations': {
    path: (role, cx) => `/library/${cx.item}/observations`,
    body: (role) => ({ observed_on: '2026-01-02', status: '', note: `seen by ${role}` }),
    effect: (role, cx, b) => itemOf(b, cx.item).observations.some((o) => o.note === `seen by ${role}`),
  },
  'GET /c/{slug}/taxonomies': { shows: (cx) => `href="/c/${cx.slug}/taxonomies/themes"` },
  'POST /c/{slug}/taxonomies': {
    body: (role) => ({ slug: `tx-${role}`, name: `Tx ${role}`, description: '' }),
    effect: (role, cx, b) => b.taxonomies.some((t) => t.slug === `tx-${role}` && t.name === `Tx ${role}`),
  },
  'GET /c/{slug}/taxonomies/{tax}': { path: () => '/taxonomies/themes?term=keep', shows: () => 'id="term-h">keep — ' },
  'POST /c/{slug}/taxonomies/{tax}': {
    path: () => '/taxonomies/themes',
    body: (role) => ({ name: `Thèmes (${role})`, description: `by ${role}` }),
    effect: (role, cx, b) => themes(b).name === `Thèmes (${role})`,
  },
  'POST /c/{slug}/taxonomies/{tax}/terms': {
    path: () => '/taxonomies/themes/terms',
    body: (role) => ({ code: `new-${role}`, label: `new ${role}`, definition: '', hashtags: '', examples: '' }),
    effect: (role, cx, b) => themes(b).terms.some((t) => t.code === `new-${role}`),
  },
  'GET /c/{slug}/taxonomies/{tax}/terms/{code}/edit': { path: () => '/taxonomies/themes/terms/keep/edit', shows: () => 'value="keep"' },
  'POST /c/{slug}/taxonomies/{tax}/terms/{code}': {
    path: () => '/taxonomies/themes/terms/keep',
    body: (role) => ({ code: 'keep', label: `label ${role}`, definition: '', hashtags: '', examples: '' }),
    effect: (role, cx, b) => themes(b).terms.find((t) => t.code === 'keep').label === `label ${role}`,
  },
  'POST /c/{slug}/taxonomies/{tax}/terms/{code}/delete': {
    path: (role) => `/taxonomies/themes/terms/del-${role}/delete`,
    effect: (role, cx, b) => !themes(b).terms.some((t) => t.code === `del-${role}`),
  },
  'GET /c/{slug}/templates': { shows: (cx) => `href="/c/${cx.slug}/templates/court"` },
  'GET /c/{slug}/templates/new': { shows: (cx) => `action="/c/${cx.slug}/templates"` },
  'POST /c/{slug}/templates': {
    body: (role) => ({ slug: `tpl-${role}`, name: `Tpl ${role}`, description: '', builtin: '', sections: JSON.stringify(SECTIONS) }),
    effect: (role, cx, b) => b.templates.some((t) => t.slug === `tpl-${role}` && t.name === `Tpl ${role}`),
  },
  'GET /c/{slug}/templates/{tpl}': { path: () => '/templates/court', shows: () => '<code>idee</code>' },
  'POST /c/{slug}/templates/{tpl}': {
    path: () => '/templates/court',
    body: (role) => ({ name: `Court ${role}`, description: '', sections: JSON.stringify(SECTIONS) }),
    effect: (role, cx, b) => b.templates.find((t) => t.slug === 'court').name === `Court ${role}`,
  },
  'GET /c/{slug}/search': { path: () => '/search?q=reseau', shows: () => ITEM_TITLE },
};

// The controls a page offers: on a page that answered 200, each is present
// exactly when the matrix lets the same person through the route it leads to.
const CONTROLS = {
  'GET /c/{slug}/library': [
    { route: 'GET /c/{slug}/library/new', mark: (cx) => `href="/c/${cx.slug}/library/new"` },
  ],
  'GET /c/{slug}/library/{uid}': [
    { route: 'GET /c/{slug}/library/{uid}/edit', mark: (cx) => `href="/c/${cx.slug}/library/${cx.item}/edit"` },
    { route: 'POST /c/{slug}/library/{uid}/delete', mark: (cx) => `action="/c/${cx.slug}/library/${cx.item}/delete"` },
    { route: 'POST /c/{slug}/library/{uid}/observations', mark: (cx) => `action="/c/${cx.slug}/library/${cx.item}/observations"` },
  ],
  'GET /c/{slug}/taxonomies': [
    { route: 'POST /c/{slug}/taxonomies', mark: (cx) => `action="/c/${cx.slug}/taxonomies"` },
  ],
  'GET /c/{slug}/taxonomies/{tax}': [
    { route: 'POST /c/{slug}/taxonomies/{tax}', mark: (cx) => `action="/c/${cx.slug}/taxonomies/themes"` },
    { route: 'POST /c/{slug}/taxonomies/{tax}/terms', mark: (cx) => `action="/c/${cx.slug}/taxonomies/themes/terms"` },
    { route: 'GET /c/{slug}/taxonomies/{tax}/terms/{code}/edit', mark: (cx) => `href="/c/${cx.slug}/taxonomies/themes/terms/keep/edit"` },
  ],
  'GET /c/{slug}/templates': [
    { route: 'GET /c/{slug}/templates/new', mark: (cx) => `href="/c/${cx.slug}/templates/new"` },
  ],
  'GET /c/{slug}/templates/{tpl}': [
    { route: 'POST /c/{slug}/templates/{tpl}', mark: (cx) => `action="/c/${cx.slug}/templates/court"` },
  ],
};

function pathOf(route, role, cx, own) {
  const call = CALLS[route];
  const pattern = route.split(' ')[1];
  const path = call.path ? `/c/${cx.slug}${call.path(role, cx, own)}` : pattern.replace('{slug}', cx.slug);
  assert.ok(!path.includes('{'), `${route}: a placeholder is left in ${path}`);
  return path;
}

const getResults = [];
let cells = 0;

function defineTests(table, own) {
  for (const [route, expect] of Object.entries(table)) {
    for (const kind of KINDS) {
      const where = `${kind === 'archived' ? 'archived members-only' : kind === 'members' ? 'members-only' : 'public'} cycle`;
      test(`permissions: ${route} (${where}${own ? ', the participant\'s item' : ''})`, T, async () => {
        const method = route.split(' ')[0];
        const cx = cycles[kind];
        const call = CALLS[route];
        assert.ok(call, `no way to call ${route}`);
        for (const [i, role] of ROLES.entries()) {
          const want = expect[kind][i];
          const path = pathOf(route, role, cx, own);
          const what = `${method} ${path} as ${role}`;
          const before = method === 'POST' ? await bundleText(cx) : null;
          const res = method === 'GET'
            ? await clients[role].get(path)
            : await clients[role].post(path, call.body ? call.body(role, cx, own) : {});
          cells++;
          assert.equal(res.status, want, `${what}: expected ${want}, got ${res.status} ${res.text_.slice(0, 300)}`);
          assertSecurityHeaders(res.headers, what);
          assertCookieFlags(res.headers, { secure: false }, what);
          const ct = res.headers.get('content-type') || '';
          if (res.status >= 400) {
            assert.match(ct, /^text\/html/, `${what}: an error page is HTML`);
            assert.match(res.text_, /<h1>[^<]+<\/h1>/, `${what}: the error page has a heading`);
          }
          if (res.status === 404 || res.status === 401 || res.status === 303 && role === 'anon') {
            // Nothing of a cycle someone may not read leaks into the answer.
            assert.ok(!res.text_.includes(TITLES[kind]) && !res.text_.includes(ITEM_TITLE), `${what}: the answer shows the cycle`);
          }
          if (res.status === 403 && kind === 'archived' && (role === 'facilitator' || role === 'admin')) {
            assert.match(res.text_, /archived/, `${what}: refused because the cycle is archived`);
          }
          if (method === 'GET') {
            getResults.push({ role, path, status: res.status, ct });
            if (res.status === 303) {
              assert.equal(res.headers.get('location'), `/login?next=${path}`, `${what}: sent to the sign-in form`);
            } else if (res.status === 200) {
              assert.match(ct, /^text\/html/, `${what}: a page`);
              assertCleanHtml(res.text_, what);
              assert.ok(res.text_.includes(call.shows(cx, own)), `${what}: the page shows ${call.shows(cx, own)}`);
              for (const c of own ? [] : CONTROLS[route] || []) {
                // Success is 200 for a page, 303 for a form (for a GET, 303 is the sign-in redirect).
                const allowed = TABLE[c.route][kind][i] === (c.route.startsWith('GET ') ? 200 : 303);
                assert.equal(res.text_.includes(c.mark(cx)), allowed,
                  `${what}: the control ${c.mark(cx)} must be ${allowed ? 'offered' : 'absent'}`);
              }
            }
          } else {
            const after = await bundleText(cx);
            if (res.status >= 400) {
              assert.equal(after, before, `${what}: a refused request changed the cycle`);
            } else {
              const loc = res.headers.get('location') || '';
              assert.ok(loc.startsWith(`/c/${cx.slug}/`), `${what}: redirected to a page of the cycle, got ${loc}`);
              assert.notEqual(after, before, `${what}: an accepted request changed nothing`);
              assert.ok(call.effect(role, cx, JSON.parse(after), own), `${what}: the change is not in the cycle's bundle`);
            }
          }
        }
      });
    }
  }
}

defineTests(TABLE, false);
defineTests(CREATOR, true);

test('HEAD on the GET routes answers like GET, without a body', T, async () => {
  assert.ok(getResults.length > 0);
  for (const g of getResults) {
    const res = await clients[g.role].head(g.path);
    const what = `HEAD ${g.path} as ${g.role}`;
    assert.equal(res.status, g.status, `${what}: GET answered ${g.status}`);
    assert.equal(res.text_, '', `${what}: a HEAD answer has no body`);
    assert.equal(res.headers.get('content-type'), g.ct, `${what}: same content type as GET`);
  }
});

test('an item is reached only through its own cycle', T, async () => {
  // The members-only cycle's item asked for through the public cycle's
  // address: 404 for everyone, the facilitator and the administrator included.
  const pub = cycles.public, mem = cycles.members;
  const before = [await bundleText(pub), await bundleText(mem)];
  for (const role of ROLES) {
    const base = `/c/${pub.slug}/library/${mem.item}`;
    // Statuses in ROLES order; the outsider is refused by the public cycle
    // (403) before any item is looked for.         anon outs part  fac  adm
    const asks = [
      ['GET', base, undefined,                          [404, 404, 404, 404, 404]],
      ['GET', `${base}/edit`, undefined,                [303, 403, 404, 404, 404]],
      ['POST', base, { ...BLANK, kind: 'signal', title: ITEM_TITLE, summary: `crossed by ${role}`, status: 'a_surveiller' },
                                                        [401, 403, 404, 404, 404]],
      ['POST', `${base}/observations`, { observed_on: '2026-01-03', status: '', note: `crossed by ${role}` },
                                                        [401, 403, 404, 404, 404]],
      ['POST', `${base}/delete`, {},                    [401, 403, 404, 404, 404]],
    ];
    for (const [method, path, body, statuses] of asks) {
      const res = method === 'GET' ? await clients[role].get(path) : await clients[role].post(path, body);
      const want = statuses[ROLES.indexOf(role)];
      assert.equal(res.status, want, `${method} ${path} as ${role}: ${res.text_.slice(0, 200)}`);
      assert.ok(!res.text_.includes(TITLES.members), `${method} ${path} as ${role}: the answer shows the other cycle`);
    }
  }
  assert.equal(await bundleText(pub), before[0], 'the public cycle changed');
  assert.equal(await bundleText(mem), before[1], 'the members-only cycle changed');
});

test('the archived cycle is still archived and the others are open', T, async () => {
  for (const kind of KINDS) {
    const c = (await kit.admin.api('GET', `/api/v1/cycles/${cycles[kind].slug}`)).json_;
    assert.equal(c.archived, kind === 'archived', kind);
  }
});

test('every library, taxonomy, template and search page route of routes.c has a row, and no row is stale', T, () => {
  const mine = readRoutes().filter((r) => /^\/c\/\{slug\}\/(library|taxonomies|templates|search)(\/|$)/.test(r.pattern));
  const table = mine.map((r) => `${r.method} ${r.pattern}`);
  const rows = Object.keys(TABLE);
  assert.deepEqual(table.filter((r) => !rows.includes(r)), [], 'routes without a row');
  assert.deepEqual(rows.filter((r) => !table.includes(r)), [], 'rows without a route');
  assert.deepEqual(Object.keys(CREATOR).filter((r) => !rows.includes(r)), [], 'creator rows without a row');
  for (const r of mine) {
    assert.ok(!r.flags.has('API'), `${r.method} ${r.pattern} is a page`);
    // Every change needs an account: anonymous visitors get 401 before anything else.
    if (r.method !== 'GET') assert.ok(r.flags.has('AUTH'), `${r.method} ${r.pattern} needs an account`);
  }
});

test('cells of the matrix', (t) => {
  const want = (Object.keys(TABLE).length + Object.keys(CREATOR).length) * KINDS.length * ROLES.length;
  t.diagnostic(`${cells} of ${want} cells requested`);
});
