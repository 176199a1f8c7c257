// pages_cycles.test.mjs — the HTML pages of cycles and their members
// (src/web/pages_cycles.c, src/web/pages_members.c):
//  - a permission matrix: every route of the "pages: cycles" and "pages:
//    members" blocks of src/web/routes.c, as an anonymous visitor, a
//    participant, a facilitator, an administrator (not a member: counts as a
//    facilitator) and the facilitator of another cycle, on a members-only
//    cycle, a public cycle and an archived (members-only) cycle. Every
//    expected status is written by hand from the rules of src/domain/cycle.h;
//    state is checked after the writes;
//  - members: inviting an account (added at once) and an unknown address (a
//    link), accepting the link once, role changes and removal;
//  - settings: the phases form ("add a phase", a wrong date), the timeline
//    of the cycle page marking the current phase.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, addUser, ROOT, T } from '../lib/server.mjs';
import { assertSecurityHeaders, assertCleanHtml, textOf } from '../lib/checks.mjs';

// ---- the world: five people, three cycles seen by all of them ----

/** The columns of every row of the matrix, in this order. */
const ROLES = ['anon', 'participant', 'facilitator', 'admin', 'other'];
/** [anon, participant, facilitator, admin, other] -> {role: status}. */
const row5 = (a) => { assert.equal(a.length, 5); return Object.fromEntries(ROLES.map((r, i) => [r, a[i]])); };

let kit, people, clients;
/** kind (members | public | archived) -> {slug, title, visibility, invitations}. */
const worlds = {};
/** Invitation tokens of the "welcome" cycle, one per role. */
const welcome = {};

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cycleFields = (title, slug, visibility, extra = {}) =>
  ({ title, slug, visibility, question: '', description: '', horizon: '', ...extra });

async function createCycle(client, slug, title, visibility) {
  const r = await client.post('/cycles', { ...cycleFields(title, slug, visibility), builtins: '1' });
  assert.equal(r.status, 303, `creating ${slug}: ${r.status} ${r.text_.slice(0, 300)}`);
  assert.equal(r.headers.get('location'), `/c/${slug}`);
}

async function invite(client, slug, email, role = 'participant') {
  return client.post(`/c/${slug}/members`, { email, role });
}

/** Invitation ids of a cycle's pending invitations, by e-mail (as seen by the facilitator). */
async function pendingInvitations(slug) {
  const r = await clients.admin.get(`/c/${slug}/members`);
  assert.equal(r.status, 200);
  const out = {};
  for (const m of r.text_.matchAll(/<li>([^<\s]+) — [^<]*<form method="post" class="inline" action="\/c\/[^/]+\/invitations\/(\d+)\/delete">/g)) {
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** A member's role in a cycle as the members page shows it, or null. */
async function roleOf(slug, userId) {
  const r = await clients.admin.get(`/c/${slug}/members`);
  assert.equal(r.status, 200, `members page of ${slug}`);
  const m = new RegExp(`<td id="m-${userId}">[\\s\\S]*?</td><td>([a-z]+)`).exec(r.text_);
  return m ? m[1] : null;
}

const cycleExists = async (slug) => (await clients.admin.get(`/c/${slug}`)).status === 200;
const cycleTitle = async (slug) => textOf((await clients.admin.get(`/c/${slug}`)).text_, 'h1');
const isArchived = async (slug) => (await clients.admin.get(`/c/${slug}`)).text_.includes('class="notice"');

/** Runs fn with the cycle reopened by its facilitator when it is archived. */
async function reopened(w, fn) {
  if (w.archived) assert.equal((await clients.facilitator.post(`/c/${w.slug}/archive`, { archived: '0' })).status, 303);
  await fn();
  if (w.archived) assert.equal((await clients.facilitator.post(`/c/${w.slug}/archive`, { archived: '1' })).status, 303);
}

before(async () => {
  kit = await startWithAdmin();
  people = {
    participant: await kit.createUser('part@example.org', { name: 'Paul Participant' }),
    facilitator: await kit.createUser('fac@example.org', { name: 'Fanny Facilitatrice' }),
    other: await kit.createUser('other@example.org', { name: 'Olga Other' }),
    victim: await kit.createUser('victim@example.org', { name: 'Victor Victim' }),
  };
  clients = {
    anon: kit.client(),
    participant: await kit.loginAs(people.participant.email, people.participant.password),
    facilitator: await kit.loginAs(people.facilitator.email, people.facilitator.password),
    admin: kit.admin,
    other: await kit.loginAs(people.other.email, people.other.password),
  };
  await clients.anon.csrf();
  const defs = {
    members: { slug: 'secret', title: 'Secret Zéphyr', visibility: 'members' },
    public: { slug: 'open', title: 'Grand Ouvert', visibility: 'public' },
    archived: { slug: 'old', title: 'Vieille Archive', visibility: 'members' },
  };
  for (const [kind, d] of Object.entries(defs)) {
    await createCycle(clients.facilitator, d.slug, d.title, d.visibility);
    for (const who of ['participant', 'victim']) {
      const r = await invite(clients.facilitator, d.slug, people[who].email);
      assert.equal(r.status, 303, `adding ${who} to ${d.slug}`);
    }
    // One pending invitation per role, for the invitation-delete row.
    for (const role of ROLES) assert.equal((await invite(clients.facilitator, d.slug, `pending-${role}@example.org`)).status, 200);
    worlds[kind] = { ...d, kind, archived: kind === 'archived', invitations: await pendingInvitations(d.slug) };
    assert.equal(Object.keys(worlds[kind].invitations).length, 5, `${d.slug}: five pending invitations`);
  }
  // The other person steers a cycle of their own.
  await createCycle(clients.other, 'elsewhere', 'Ailleurs', 'members');
  const r = await clients.facilitator.post('/c/old/archive', { archived: '1' });
  assert.equal(r.status, 303);
  assert.ok(await isArchived('old'));
  // The welcome cycle: one invitation per role, for the invitation rows.
  await createCycle(clients.facilitator, 'welcome', 'Bienvenue', 'members');
  for (const role of ROLES) {
    const w = await invite(clients.facilitator, 'welcome', `welcome-${role}@example.org`);
    assert.equal(w.status, 200);
    welcome[role] = /\/invitations\/([A-Za-z0-9_-]+)<\/code>/.exec(w.text_)[1];
  }
});

after(async () => { if (kit) await kit.stop(); });

// ---- the matrix ----

/** A bundle to import, exported once by the administrator. */
let bundleText;
async function bundle() {
  if (!bundleText) {
    const r = await clients.admin.get('/c/elsewhere/export');
    assert.equal(r.status, 200);
    bundleText = r.text_;
  }
  return bundleText;
}


// Each row: route (the line of routes.c), path(w, role), body(w, role) for a
// POST, expect: {kind: row5([...])} for the cycles it is tried on, or
// `once` for routes outside any cycle. prepare(w, role) returns a context
// for check(w, role, res, ctx), which looks at the state after the answer;
// cleanup(w, role, res) puts the world back after a successful write.
const rows = [
  // /cycles and /cycles/new, /cycles/import are outside any cycle.
  {
    route: 'GET /cycles', path: () => '/cycles',
    once: row5([200, 200, 200, 200, 200]),
    check: async (w, role, res) => {
      const sees = (slug) => res.text_.includes(`href="/c/${slug}"`);
      // Listed: public cycles for all; members-only ones for their members and administrators.
      assert.equal(sees('open'), true, `${role} sees the public cycle`);
      assert.equal(sees('secret'), { anon: false, participant: true, facilitator: true, admin: true, other: false }[role], `${role} and the members-only cycle`);
      assert.equal(sees('old'), false, `${role}: archived cycles are hidden by default`);
      assert.equal(sees('elsewhere'), { anon: false, participant: false, facilitator: false, admin: true, other: true }[role], `${role} and another's members-only cycle`);
      const all = await clients[role].get('/cycles?archived=1');
      assert.equal(all.text_.includes('href="/c/old"'), { anon: false, participant: true, facilitator: true, admin: true, other: false }[role], `${role}: archived cycles with ?archived=1`);
    },
  },
  { route: 'GET /cycles/new', path: () => '/cycles/new', once: row5([303, 200, 200, 200, 200]) },
  {
    route: 'POST /cycles', path: () => '/cycles',
    body: (w, role) => ({ ...cycleFields(`Nouveau ${role}`, `new-${role}`, 'members'), builtins: '1' }),
    once: row5([401, 303, 303, 303, 303]),
    check: async (w, role, res) => assert.equal(await cycleExists(`new-${role}`), res.status === 303, `cycle new-${role} exists`),
  },
  { route: 'GET /cycles/import', path: () => '/cycles/import', once: row5([303, 200, 200, 200, 200]) },
  {
    route: 'POST /cycles/import', path: () => '/cycles/import',
    body: async (w, role) => ({ bundle: await bundle(), slug: `imp-${role}` }),
    once: row5([401, 303, 303, 303, 303]),
    check: async (w, role, res) => assert.equal(await cycleExists(`imp-${role}`), res.status === 303, `cycle imp-${role} exists`),
  },
  {
    route: 'GET /c/{slug}', path: (w) => `/c/${w.slug}`,
    expect: {
      members: row5([404, 200, 200, 200, 404]),
      public: row5([200, 200, 200, 200, 200]),
      archived: row5([404, 200, 200, 200, 404]),
    },
    check: async (w, role, res) => {
      if (res.status !== 200) return;
      // The settings link is for those who steer; "write a scenario" for members of an open cycle.
      const steer = role === 'facilitator' || role === 'admin';
      assert.equal(res.text_.includes(`href="/c/${w.slug}/settings"`), steer, `${role}: settings link`);
      const writes = !w.archived && ['participant', 'facilitator', 'admin'].includes(role);
      assert.equal(res.text_.includes(`href="/c/${w.slug}/scenarios/new"`), writes, `${role}: write link`);
    },
  },
  {
    route: 'GET /c/{slug}/settings', path: (w) => `/c/${w.slug}/settings`,
    expect: {
      members: row5([303, 403, 200, 200, 404]),
      public: row5([303, 403, 200, 200, 403]),
      archived: row5([303, 403, 200, 200, 404]),
    },
  },
  {
    route: 'POST /c/{slug}/settings', path: (w) => `/c/${w.slug}/settings`,
    body: (w, role) => cycleFields(`${w.title} (${role})`, w.slug, w.visibility),
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      // An archived cycle is read-only for everyone: reopen it first.
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      const t = await cycleTitle(w.slug);
      assert.equal(t === `${w.title} (${role})`, res.status === 303, `${w.slug}: title is now ${t}`);
    },
    cleanup: (w) => reopened(w, async () => {
      const r = await clients.facilitator.post(`/c/${w.slug}/settings`, cycleFields(w.title, w.slug, w.visibility));
      assert.equal(r.status, 303);
    }),
  },
  {
    route: 'POST /c/{slug}/phases', path: (w) => `/c/${w.slug}/phases`,
    body: (w, role) => ({ 'phase-0-name': `Phase de ${role}`, 'phase-0-kind': 'explore', 'phase-0-start': '2030-01-01', 'phase-0-end': '2030-02-01' }),
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      const page = await clients.admin.get(`/c/${w.slug}`);
      assert.equal(page.text_.includes(`Phase de ${role}`), res.status === 303, `${w.slug}: the phase was saved`);
    },
    cleanup: (w) => reopened(w, async () => {
      assert.equal((await clients.facilitator.post(`/c/${w.slug}/phases`, {})).status, 303);
    }),
  },
  {
    route: 'POST /c/{slug}/archive', path: (w) => `/c/${w.slug}/archive`,
    // Archives an open cycle, reopens the archived one (that must stay possible).
    body: (w) => ({ archived: w.archived ? '0' : '1' }),
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 303, 303, 404]),
    },
    check: async (w, role, res) => {
      const changed = (await isArchived(w.slug)) !== w.archived;
      assert.equal(changed, res.status === 303, `${w.slug}: archived state changed`);
    },
    cleanup: async (w) => {
      const r = await clients.facilitator.post(`/c/${w.slug}/archive`, { archived: w.archived ? '1' : '0' });
      assert.equal(r.status, 303);
    },
  },
  {
    route: 'POST /c/{slug}/copy', path: (w) => `/c/${w.slug}/copy`,
    body: (w, role) => ({ 'copy-title': `Copie ${role}`, 'copy-slug': `copy-${w.kind}-${role}` }),
    // Starting the next edition from an archived cycle is what archiving is for.
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 303, 303, 404]),
    },
    check: async (w, role, res) => {
      assert.equal(await cycleExists(`copy-${w.kind}-${role}`), res.status === 303, `copy-${w.kind}-${role} exists`);
      if (res.status === 303) assert.equal(res.headers.get('location'), `/c/copy-${w.kind}-${role}/settings`);
    },
  },
  {
    route: 'GET /c/{slug}/export', path: (w) => `/c/${w.slug}/export`,
    expect: {
      members: row5([303, 403, 200, 200, 404]),
      public: row5([303, 403, 200, 200, 403]),
      archived: row5([303, 403, 200, 200, 404]),
    },
    check: async (w, role, res) => {
      if (res.status !== 200) return;
      assert.match(res.headers.get('content-type'), /^application\/json/);
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${w.slug}.json"`);
      assert.equal(JSON.parse(res.text_).cycle.slug, w.slug);
    },
  },

  // Members.
  {
    route: 'GET /c/{slug}/members', path: (w) => `/c/${w.slug}/members`,
    expect: {
      members: row5([404, 200, 200, 200, 404]),
      // The cycle exists for everyone; its members are for members and administrators.
      public: row5([401, 200, 200, 200, 403]),
      archived: row5([404, 200, 200, 200, 404]),
    },
    check: async (w, role, res) => {
      if (res.status !== 200) return;
      const steer = role === 'facilitator' || role === 'admin';
      assert.ok(res.text_.includes('Paul Participant'), `${role}: the member list`);
      assert.equal(res.text_.includes('victim@example.org'), steer, `${role}: e-mail addresses are for facilitators only`);
      assert.equal(res.text_.includes(`action="/c/${w.slug}/members"`), steer && !w.archived, `${role}: the invitation form`);
      assert.equal(/action="\/c\/[^/]+\/members\/\d+\/remove"/.test(res.text_), steer && !w.archived, `${role}: remove buttons`);
      assert.equal(res.text_.includes('pending-anon@example.org'), steer, `${role}: pending invitations`);
    },
  },
  {
    route: 'POST /c/{slug}/members', path: (w) => `/c/${w.slug}/members`,
    body: (w, role) => ({ email: `invited-${role}@example.org`, role: 'participant' }),
    expect: {
      members: row5([401, 403, 200, 200, 404]),
      public: row5([401, 403, 200, 200, 403]),
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      if (res.status === 200) assert.match(res.text_, /<code>http:\/\/[^<]+\/invitations\/[A-Za-z0-9_-]{20,}<\/code>/, 'the link to pass on');
      const pending = await pendingInvitations(w.slug);
      assert.equal(`invited-${role}@example.org` in pending, res.status === 200, `${w.slug}: invitation of invited-${role} pending`);
    },
  },
  {
    route: 'POST /c/{slug}/members/{id}', path: (w) => `/c/${w.slug}/members/${people.victim.id}`,
    body: () => ({ role: 'facilitator' }),
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      assert.equal(await roleOf(w.slug, people.victim.id), res.status === 303 ? 'facilitator' : 'participant');
    },
    cleanup: async (w) => {
      const r = await clients.facilitator.post(`/c/${w.slug}/members/${people.victim.id}`, { role: 'participant' });
      assert.equal(r.status, 303, `putting the victim back as participant: ${r.status}`);
    },
  },
  {
    route: 'POST /c/{slug}/members/{id}/remove', path: (w) => `/c/${w.slug}/members/${people.victim.id}/remove`,
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      assert.equal(await roleOf(w.slug, people.victim.id), res.status === 303 ? null : 'participant');
    },
    cleanup: (w) => reopened(w, async () => {
      assert.equal((await invite(clients.facilitator, w.slug, people.victim.email)).status, 303);
    }),
  },
  {
    route: 'POST /c/{slug}/invitations/{id}/delete',
    path: (w, role) => `/c/${w.slug}/invitations/${w.invitations[`pending-${role}@example.org`]}/delete`,
    expect: {
      members: row5([401, 403, 303, 303, 404]),
      public: row5([401, 403, 303, 303, 403]),
      archived: row5([401, 403, 403, 403, 404]),
    },
    check: async (w, role, res) => {
      const still = `pending-${role}@example.org` in (await pendingInvitations(w.slug));
      assert.equal(still, res.status !== 303, `${w.slug}: invitation of pending-${role} still there`);
    },
  },
  {
    route: 'GET /invitations/{token}', path: (w, role) => `/invitations/${welcome[role]}`,
    once: row5([200, 200, 200, 200, 200]),
    check: async (w, role, res) => {
      // Anonymous: a way to sign in and come back; signed in: the accept button.
      if (role === 'anon') assert.ok(res.text_.includes(`href="/login?next=/invitations/${welcome[role]}"`));
      else assert.ok(res.text_.includes(`<form method="post" action="/invitations/${welcome[role]}">`));
    },
  },
  {
    route: 'POST /invitations/{token}', path: (w, role) => `/invitations/${welcome[role]}`,
    once: row5([401, 303, 303, 303, 303]),
    check: async (w, role, res) => {
      if (res.status === 303) assert.equal(res.headers.get('location'), '/c/welcome');
      if (role !== 'anon') {
        assert.equal((await clients[role].get('/c/welcome')).status, 200, `${role} now reads the members-only cycle`);
        // Once only.
        const again = await clients[role].post(`/invitations/${welcome[role]}`);
        assert.equal(again.status, 404, `${role}: the same link a second time`);
      }
      // Joining as a participant never lowers a facilitator.
      if (role === 'facilitator') assert.equal(await roleOf('welcome', people.facilitator.id), 'facilitator');
      if (role === 'participant' || role === 'other') assert.equal((await clients[role].get('/c/welcome/settings')).status, 403);
    },
  },
];

/** Routes of src/web/routes.c between two comment markers, as "METHOD /pattern". */
function routesBetween(begin, end) {
  const src = readFileSync(join(ROOT, 'src', 'web', 'routes.c'), 'utf8');
  const i = src.indexOf(begin), j = src.indexOf(end);
  assert.ok(i >= 0 && j > i, `markers ${begin} … ${end} in routes.c`);
  return [...src.slice(i, j).matchAll(/\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

function checkAnswer(what, path, res, w) {
  assertSecurityHeaders(res.headers, what);
  const ct = res.headers.get('content-type') || '';
  if (res.status === 303) {
    const loc = res.headers.get('location');
    assert.ok(loc && loc.startsWith('/') && !loc.startsWith('//'), `${what}: local Location, got ${loc}`);
  } else if (res.status >= 400) {
    assert.match(ct, /^text\/html/, `${what}: an error page is HTML`);
    assert.match(res.text_, /<h1>[^<]+<\/h1>/, `${what}: the error page has a heading`);
    // To those who may not read it, a members-only cycle does not exist.
    if (res.status === 404 && w && w.visibility === 'members') {
      assert.ok(!res.text_.includes(w.title), `${what}: the 404 page names the cycle`);
    }
  } else if (ct.startsWith('text/html')) {
    assertCleanHtml(res.text_, what);
  }
}

async function send(client, method, path, body) {
  return method === 'GET' ? client.get(path) : client.post(path, body || {});
}

for (const row of rows) {
  test(`permissions: ${row.route}`, T, async () => {
    const method = row.route.split(' ')[0];
    const wrong = [];
    const plans = row.once ? [[null, row.once]] : Object.entries(row.expect).map(([k, e]) => [worlds[k], e]);
    for (const [w, expect] of plans) {
      for (const role of ROLES) {
        const path = row.path(w, role);
        const body = row.body ? await row.body(w, role) : undefined;
        const what = `${row.route} on ${w ? w.kind : '-'} as ${role}`;
        const ctx = row.prepare ? await row.prepare(w, role) : undefined;
        const res = await send(clients[role], method, path, body);
        if (res.status !== expect[role]) {
          wrong.push(`${what}: expected ${expect[role]}, got ${res.status} ${res.text_.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
        checkAnswer(what, path, res, w);
        // Anonymous visitors asking for a page that needs an account go to the
        // sign-in form, which brings them back.
        if (role === 'anon' && method === 'GET' && res.status === 303) {
          assert.equal(res.headers.get('location'), `/login?next=${path}`, `${what}: sign-in redirect`);
        }
        try {
          if (row.check) await row.check(w, role, res, ctx);
        } catch (e) {
          wrong.push(`${what}: ${e.message}`);
        }
        if (row.cleanup && res.status < 400 && method === 'POST') await row.cleanup(w, role, res);
      }
    }
    assert.deepEqual(wrong, [], `\n${wrong.join('\n')}`);
  });
}

test('every route of the "pages: cycles" and "pages: members" blocks has a row', T, () => {
  const table = [
    ...routesBetween('/* pages: cycles */', '/* end pages: cycles */'),
    ...routesBetween('/* pages: members', '/* end pages: members */'),
  ];
  assert.ok(table.length >= 19, `only ${table.length} routes read from routes.c`);
  const covered = rows.map((r) => r.route);
  assert.deepEqual(table.filter((r) => !covered.includes(r)), [], 'routes without a row');
  assert.deepEqual(covered.filter((r) => !table.includes(r)), [], 'rows for routes that do not exist');
});

test('every POST of these blocks refuses a request without the CSRF token (403), changing nothing', T, async () => {
  const w = worlds.members;
  const posts = [
    ['/cycles', { ...cycleFields('Sans jeton', 'no-csrf', 'members'), builtins: '1' }],
    [`/c/${w.slug}/settings`, cycleFields('Sans jeton', w.slug, 'members')],
    [`/c/${w.slug}/phases`, { 'phase-0-name': 'Sans jeton', 'phase-0-kind': 'explore' }],
    [`/c/${w.slug}/archive`, { archived: '1' }],
    [`/c/${w.slug}/copy`, { 'copy-title': 'Sans jeton', 'copy-slug': 'no-csrf-copy' }],
    [`/c/${w.slug}/members`, { email: 'no-csrf@example.org', role: 'participant' }],
    [`/c/${w.slug}/members/${people.victim.id}`, { role: 'facilitator' }],
    [`/c/${w.slug}/members/${people.victim.id}/remove`, {}],
    [`/c/${w.slug}/invitations/${w.invitations['pending-facilitator@example.org'] ?? 1}/delete`, {}],
    [`/invitations/${welcome.anon}`, {}],
  ];
  for (const [path, body] of posts) {
    const r = await clients.facilitator.post(path, body, { csrf: false });
    assert.equal(r.status, 403, `POST ${path} without the token`);
    // A token from another session is no better.
    const r2 = await clients.facilitator.post(path, { ...body, csrf: await clients.other.csrf() }, { csrf: false });
    assert.equal(r2.status, 403, `POST ${path} with another session's token`);
  }
  assert.equal(await cycleExists('no-csrf'), false);
  assert.equal(await cycleExists('no-csrf-copy'), false);
  assert.equal(await cycleTitle(w.slug), w.title);
  assert.equal(await isArchived(w.slug), false);
  assert.equal(await roleOf(w.slug, people.victim.id), 'participant');
});

// ---- members ----

test('members: invite an account (added at once), an unknown address (a link accepted once), change a role, remove', T, async () => {
  const fac = clients.facilitator;
  await createCycle(fac, 'equipe', 'Équipe', 'members');
  const known = await kit.createUser('known@example.org', { name: 'Karim Known' });
  const knownClient = await kit.loginAs(known.email, known.password);
  assert.equal((await knownClient.get('/c/equipe')).status, 404, 'not a member yet');

  // An existing account, typed with capitals, is added at once.
  let r = await invite(fac, 'equipe', 'Known@Example.ORG');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/c/equipe/members');
  r = await fac.get('/c/equipe/members');
  assert.match(r.text_, /role="status"[^>]*>[^<]*added/i, 'a confirmation');
  assert.equal(await roleOf('equipe', known.id), 'participant');
  assert.equal((await knownClient.get('/c/equipe')).status, 200);

  // An unknown address: a link to pass on, and a pending invitation.
  r = await invite(fac, 'equipe', 'newcomer@example.org', 'participant');
  assert.equal(r.status, 200);
  const m = /<code>(https?):\/\/([^/<]+)(\/invitations\/([A-Za-z0-9_-]+))<\/code>/.exec(r.text_);
  assert.ok(m, `an invitation link on the page: ${r.text_.slice(0, 300)}`);
  assert.equal(m[2], new URL(kit.url).host, 'the link is on this server');
  const token = m[4];
  assert.ok(token.length >= 32, 'a long random token');
  assert.ok('newcomer@example.org' in (await pendingInvitations('equipe')));

  // The link before an account exists: a way to sign in and come back.
  const anon = kit.client();
  r = await anon.get(m[3]);
  assert.equal(r.status, 200);
  assert.ok(r.text_.includes(`href="/login?next=${m[3]}"`));
  assert.equal((await anon.post(m[3])).status, 401);

  // The newcomer gets an account and accepts.
  await addUser(kit.db, 'newcomer@example.org', { name: 'Nina Newcomer', password: 'newcomer secret 123' });
  const newcomer = await kit.loginAs('newcomer@example.org', 'newcomer secret 123');
  assert.equal((await newcomer.get('/c/equipe')).status, 404, 'not a member before accepting');
  r = await newcomer.get(m[3]);
  assert.equal(r.status, 200);
  assert.ok(r.text_.includes(`<form method="post" action="${m[3]}">`));
  r = await newcomer.post(m[3]);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/c/equipe');
  assert.equal((await newcomer.get('/c/equipe')).status, 200, 'a member now');
  const me = await newcomer.api('GET', '/api/v1/me');
  assert.equal(await roleOf('equipe', me.json_.id), 'participant');
  assert.equal((await newcomer.get('/c/equipe/settings')).status, 403, 'a participant does not steer');
  assert.ok(!('newcomer@example.org' in (await pendingInvitations('equipe'))), 'no longer pending');

  // The link works once, for anyone.
  assert.equal((await newcomer.post(m[3])).status, 404, 'token reuse by the same person');
  assert.equal((await knownClient.post(m[3])).status, 404, 'token reuse by someone else');
  assert.equal((await clients.other.post(m[3])).status, 404);
  assert.equal((await clients.other.get('/c/equipe')).status, 404, 'the other person did not join');
  assert.equal((await newcomer.post('/invitations/not-a-real-token-at-all-xxxxxxxxxxxxxxxx')).status, 404);

  // Role change: facilitator, then back.
  r = await fac.post(`/c/equipe/members/${known.id}`, { role: 'facilitator' });
  assert.equal(r.status, 303);
  assert.equal(await roleOf('equipe', known.id), 'facilitator');
  assert.equal((await knownClient.get('/c/equipe/settings')).status, 200, 'a facilitator steers');
  r = await fac.post(`/c/equipe/members/${known.id}`, { role: 'participant' });
  assert.equal(r.status, 303);
  assert.equal((await knownClient.get('/c/equipe/settings')).status, 403);
  assert.equal((await fac.post(`/c/equipe/members/${known.id}`, { role: 'king' })).status, 400, 'an unknown role');
  assert.equal(await roleOf('equipe', known.id), 'participant');
  assert.equal((await fac.post(`/c/equipe/members/${people.other.id}`, { role: 'participant' })).status, 404, 'not a member');
  assert.equal(await roleOf('equipe', people.other.id), null, 'a role change does not add a member');

  // Removal.
  r = await fac.post(`/c/equipe/members/${known.id}/remove`);
  assert.equal(r.status, 303);
  assert.equal(await roleOf('equipe', known.id), null);
  assert.equal((await knownClient.get('/c/equipe')).status, 404, 'a removed member no longer reads the cycle');
  assert.equal((await fac.post(`/c/equipe/members/${known.id}/remove`)).status, 404, 'already removed');

  // An invitation to steer, cancelled before use.
  r = await invite(fac, 'equipe', 'later@example.org', 'facilitator');
  const later = /\/invitations\/([A-Za-z0-9_-]+)<\/code>/.exec(r.text_)[1];
  const id = (await pendingInvitations('equipe'))['later@example.org'];
  assert.ok(id, 'pending');
  assert.equal((await fac.post(`/c/equipe/invitations/${id}/delete`)).status, 303);
  assert.equal((await knownClient.post(`/invitations/${later}`)).status, 404, 'a cancelled invitation cannot be accepted');
  assert.equal((await fac.post(`/c/equipe/invitations/${id}/delete`)).status, 404, 'already cancelled');

  // An invitation to steer, accepted.
  r = await invite(fac, 'equipe', 'steer@example.org', 'facilitator');
  const steerLink = /(\/invitations\/[A-Za-z0-9_-]+)<\/code>/.exec(r.text_)[1];
  await addUser(kit.db, 'steer@example.org', { name: 'Sam Steer', password: 'steer secret 12345' });
  const steer = await kit.loginAs('steer@example.org', 'steer secret 12345');
  assert.equal((await steer.post(steerLink)).status, 303);
  assert.equal((await steer.get('/c/equipe/settings')).status, 200, 'joined as a facilitator');
});

test('members: a wrong address is refused with the error next to its field', T, async () => {
  const r = await invite(clients.facilitator, 'equipe', 'not an address', 'participant');
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#email">[^<]+<\/a>/, 'the summary links to the field');
  assert.match(r.text_, /<input id="email" name="email" type="email" value="not an address"[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"/);
  assert.match(r.text_, /<p class="field-error" id="email-error">[^<]+<\/p>/);
  const r2 = await invite(clients.facilitator, 'equipe', 'x@example.org', 'king');
  assert.equal(r2.status, 422);
  assert.match(r2.text_, /<a href="#role">/);
  assert.ok(!('x@example.org' in (await pendingInvitations('equipe'))), 'nothing was created');
});

test('members: an address typed with spaces around it is trimmed, as account creation does', T, async () => {
  const spaced = await kit.createUser('spaced@example.org', { name: 'Sacha Spaced' });
  const r = await invite(clients.facilitator, 'equipe', '  spaced@example.org ');
  assert.equal(r.status, 303, `invite "  spaced@example.org ": ${r.status} ${(/<div class="form-errors"[\s\S]*?<\/div>/.exec(r.text_) || [''])[0]}`);
  assert.equal(await roleOf('equipe', spaced.id), 'participant');
});

// ---- settings ----

/** Today (UTC, like the server) plus days, as YYYY-MM-DD. */
const day = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

test('settings: the phases form adds a row without saving, names a wrong date, and the timeline marks the current phase', T, async () => {
  const fac = clients.facilitator;
  await createCycle(fac, 'calendrier', 'Calendrier', 'public');
  let r = await fac.get('/c/calendrier/settings');
  assert.equal(r.status, 200);
  assert.match(r.text_, /<button type="submit" name="add" value="1"[^>]*>[^<]+<\/button>/, 'an "add a phase" button');
  assert.ok(r.text_.includes('name="phase-0-name"') && !r.text_.includes('name="phase-1-name"'), 'one empty phase row');

  // "Add a phase": 200, what was typed kept, one more row, nothing saved.
  r = await fac.post('/c/calendrier/phases', {
    'phase-0-name': 'Explorer', 'phase-0-kind': 'explore', 'phase-0-start': day(-10), 'phase-0-end': day(-5), add: '1',
  });
  assert.equal(r.status, 200);
  assert.match(r.text_, /<input id="phase-0-name" name="phase-0-name" type="text" value="Explorer"/);
  assert.ok(r.text_.includes(`value="${day(-10)}"`));
  assert.ok(r.text_.includes('name="phase-1-name"'), 'a second row');
  assert.ok(!r.text_.includes('name="phase-2-name"'), 'only one more row');
  r = await fac.get('/c/calendrier');
  assert.ok(!r.text_.includes('Explorer'), 'nothing saved by "add"');

  // A wrong date: 422, the error linked to its field, nothing saved.
  r = await fac.post('/c/calendrier/phases', {
    'phase-0-name': 'Explorer', 'phase-0-kind': 'explore', 'phase-0-start': '2025-02-30', 'phase-0-end': '',
  });
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#phase-0-start">[^<]+<\/a>/, 'the summary links to the field');
  // The refused date comes back as text: a date input would blank it.
  assert.match(r.text_, /<input id="phase-0-start" name="phase-0-start" type="text" value="2025-02-30" aria-invalid="true" aria-describedby="phase-0-start-error">/);
  assert.match(r.text_, /<p class="field-error" id="phase-0-start-error">[^<]+<\/p>/);
  // An end before the start, on the second row.
  r = await fac.post('/c/calendrier/phases', {
    'phase-0-name': 'Explorer', 'phase-0-kind': 'explore', 'phase-0-start': '', 'phase-0-end': '',
    'phase-1-name': 'Imaginer', 'phase-1-kind': 'imagine', 'phase-1-start': '2030-05-01', 'phase-1-end': '2030-04-01',
  });
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#phase-1-end">/);
  r = await fac.get('/c/calendrier');
  assert.ok(!r.text_.includes('Explorer'), 'nothing saved by a refused form');
  assert.ok(!/aria-current="step"/.test(r.text_), 'no current phase yet');

  // Three phases, the middle one holding today.
  r = await fac.post('/c/calendrier/phases', {
    'phase-0-name': 'Explorer', 'phase-0-kind': 'explore', 'phase-0-start': day(-30), 'phase-0-end': day(-2),
    'phase-1-name': 'Imaginer ensemble', 'phase-1-kind': 'imagine', 'phase-1-start': day(-1), 'phase-1-end': day(1),
    'phase-2-name': 'Choisir', 'phase-2-kind': 'select', 'phase-2-start': day(2), 'phase-2-end': day(20),
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/c/calendrier/settings');
  const timelines = {};
  for (const who of ['anon', 'participant']) {
    r = await clients[who].get('/c/calendrier');
    assert.equal(r.status, 200);
    timelines[who] = r.text_;
    const names = [...r.text_.matchAll(/<li[^>]*><strong>([^<]+)<\/strong>/g)].map((i) => i[1]);
    assert.deepEqual(names, ['Explorer', 'Imaginer ensemble', 'Choisir'], 'the timeline in order');
    assert.match(r.text_, /Current phase: Imaginer ensemble/);
  }
  // The settings page shows the saved phases and one empty row.
  r = await fac.get('/c/calendrier/settings');
  assert.ok(r.text_.includes('value="Imaginer ensemble"') && r.text_.includes('name="phase-3-name"') && !r.text_.includes('name="phase-4-name"'));
  // An empty name removes a phase.
  r = await fac.post('/c/calendrier/phases', {
    'phase-0-name': '', 'phase-0-kind': 'explore', 'phase-0-start': '', 'phase-0-end': '',
    'phase-1-name': 'Imaginer ensemble', 'phase-1-kind': 'imagine', 'phase-1-start': day(-1), 'phase-1-end': day(1),
  });
  assert.equal(r.status, 303);
  r = await fac.get('/c/calendrier');
  assert.ok(!r.text_.includes('<strong>Explorer</strong>') && !r.text_.includes('<strong>Choisir</strong>'));
  // Last, the markup of the current phase (as a list item of the timeline).
  for (const [who, html] of Object.entries(timelines)) {
    const items = [...html.matchAll(/<li( class="current" aria-current="step")?><strong>([^<]+)<\/strong>/g)];
    assert.deepEqual(items.filter((i) => i[1]).map((i) => i[2]), ['Imaginer ensemble'],
      `${who}: only the phase holding today is marked current: ${(/<ol class="timeline">[\s\S]*?<\/ol>/.exec(html) || [''])[0]}`);
  }
});

test('settings: the row added by "add a phase" suggests the kind after the last row', T, async () => {
  await createCycle(clients.facilitator, 'suite', 'Suite', 'public');
  const r = await clients.facilitator.post('/c/suite/phases', { 'phase-0-name': 'Explorer', 'phase-0-kind': 'explore', add: '1' });
  assert.equal(r.status, 200);
  // GET /c/{slug}/settings suggests cycle_phase_kinds[n] for the empty row after n phases; so must "add".
  const get = await clients.facilitator.get('/c/suite/settings');
  assert.match(get.text_, /<select id="phase-0-kind" name="phase-0-kind"><option value="explore" selected>/);
  const kind = /<select id="phase-1-kind" name="phase-1-kind">[\s\S]*?<option value="([a-z]+)" selected>/.exec(r.text_);
  assert.ok(kind, 'a second row with a kind selected');
  assert.equal(kind[1], 'imagine', 'after one phase (explore) the new row suggests the second kind');
});

test('settings: a wrong field is refused with its error; a saved change shows', T, async () => {
  const fac = clients.facilitator;
  let r = await fac.post('/c/calendrier/settings', cycleFields('Calendrier', 'Pas Une Adresse', 'public'));
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#slug">[^<]+<\/a>/);
  assert.match(r.text_, /<input id="slug" name="slug" type="text" value="Pas Une Adresse" required aria-invalid="true" aria-describedby="slug-error slug-hint">/);
  r = await fac.post('/c/calendrier/settings', cycleFields('Calendrier', 'calendrier', 'public', { horizon: 'soon' }));
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#horizon">/);
  // Another cycle's address is taken.
  r = await fac.post('/c/calendrier/settings', cycleFields('Calendrier', 'secret', 'public'));
  assert.equal(r.status, 422);
  assert.match(r.text_, /<a href="#slug">/);
  assert.equal(await cycleTitle('secret'), worlds.members.title);
  r = await fac.post('/c/calendrier/settings', cycleFields('Calendrier 2031', 'calendrier', 'members', { question: 'Et après ?', horizon: '2031' }));
  assert.equal(r.status, 303);
  r = await fac.get('/c/calendrier');
  assert.equal(textOf(r.text_, 'h1'), 'Calendrier 2031');
  assert.ok(r.text_.includes('Et après ?'));
  assert.equal((await clients.anon.get('/c/calendrier')).status, 404, 'members only now');
});

test('archiving: the cycle page says so, writes are refused, reopening works', T, async () => {
  const fac = clients.facilitator;
  await createCycle(fac, 'fin', 'La fin', 'public');
  assert.equal((await fac.post('/c/fin/archive', { archived: '1' })).status, 303);
  let r = await clients.anon.get('/c/fin');
  assert.equal(r.status, 200, 'still readable');
  assert.match(r.text_, /<p class="notice">[^<]*archived/);
  r = await fac.get('/c/fin/settings');
  assert.match(r.text_, /<input type="hidden" name="archived" value="0">/, 'the form offers to reopen');
  assert.equal((await fac.post('/c/fin/scenarios', { template: 'rupture', title: 'x' })).status, 403);
  assert.equal((await fac.post('/c/fin/members', { email: 'y@example.org', role: 'participant' })).status, 403);
  assert.equal((await fac.post('/c/fin/archive', { archived: '0' })).status, 303);
  r = await clients.anon.get('/c/fin');
  assert.doesNotMatch(r.text_, /class="notice"/);
});
