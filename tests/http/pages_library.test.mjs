// pages_library.test.mjs — the library pages of a cycle through the web
// forms: adding a reference (refused with every field kept, then saved),
// the list's filters, facets and pages, observations of a signal, who may
// change or delete a reference, markup injection through titles and
// summaries, and the permissions of every library route on a members-only
// cycle for an anonymous visitor, an outsider, a participant and a
// facilitator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, T } from '../lib/server.mjs';
import { assertCleanHtml } from '../lib/checks.mjs';

let kit, fac, part, part2, outsider, anon;
const SLUG = 'bib';

/** POSTs form pairs (repeated names allowed, e.g. tags) with the CSRF token. */
async function postPairs(c, path, pairs) {
  const body = new URLSearchParams(pairs);
  body.append('csrf', await c.csrf());
  return c.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

const BLANK = { kind: '', title: '', source: '', url: '', date: '', summary: '', status: '', speaker_type: '', problem_category: '' };

/** Adds a reference through the form; returns its uid. */
async function addItem(c, slug, fields, tags = []) {
  const pairs = Object.entries({ ...BLANK, kind: 'reference', ...fields });
  for (const t of tags) pairs.push(['tags', t]);
  const r = await postPairs(c, `/c/${slug}/library`, pairs);
  assert.equal(r.status, 303, `adding ${fields.title}: ${r.status} ${r.text_.slice(0, 1500)}`);
  const loc = r.headers.get('location');
  assert.match(loc, new RegExp(`^/c/${slug}/library/[A-Za-z0-9_-]+$`));
  return loc.split('/').pop();
}

async function createCycle(c, slug, visibility = 'members') {
  const r = await c.post('/cycles', { title: `Cycle ${slug}`, slug, question: '', description: '', horizon: '', visibility, builtins: '1' });
  assert.equal(r.status, 303, r.text_.slice(0, 500));
}

async function addMember(slug, email, role) {
  const r = await fac.post(`/c/${slug}/members`, { email, role });
  assert.equal(r.status, 303, `adding ${email}: ${r.status} ${r.text_.slice(0, 500)}`);
}

/** How many references the list page shows. */
const itemCount = (html, slug) => (html.match(new RegExp(`<li><h3><a href="/c/${slug}/library/`, 'g')) || []).length;

before(async () => {
  kit = await startWithAdmin();
  const users = {};
  for (const [k, email] of [['fac', 'fac@example.org'], ['part', 'part@example.org'], ['part2', 'part2@example.org'], ['out', 'out@example.org']]) {
    users[k] = await kit.createUser(email, { name: k });
  }
  fac = await kit.loginAs(users.fac.email, users.fac.password);
  part = await kit.loginAs(users.part.email, users.part.password);
  part2 = await kit.loginAs(users.part2.email, users.part2.password);
  outsider = await kit.loginAs(users.out.email, users.out.password);
  anon = kit.client();
  await anon.csrf();
  await createCycle(fac, SLUG);
  await addMember(SLUG, users.part.email, 'participant');
  await addMember(SLUG, users.part2.email, 'participant');
});

after(async () => { if (kit) await kit.stop(); });

test('a reference with mistakes is refused with every field kept and nothing saved, then saved', T, async () => {
  const pairs = Object.entries({
    ...BLANK, kind: '', title: 'Fermes en réseau', source: 'Le Monde', url: 'ftp://example.org/fermes',
    date: '2024-13', summary: 'Un **réseau** de fermes',
  });
  pairs.push(['tags', 'qualites:frugal'], ['tags', 'dynamiques:99']);
  const r = await postPairs(part, `/c/${SLUG}/library`, pairs);
  assert.equal(r.status, 422);
  const h = r.text_;
  assertCleanHtml(h, 'refused reference');
  for (const v of ['value="Fermes en réseau"', 'value="Le Monde"', 'value="ftp://example.org/fermes"', 'value="2024-13"']) {
    assert.ok(h.includes(v), `the form keeps ${v}`);
  }
  assert.match(h, /<textarea id="summary"[^>]*>Un \*\*réseau\*\* de fermes<\/textarea>/);
  assert.match(h, /value="qualites:frugal" checked/, 'a chosen tag stays checked');
  assert.match(h, /role="alert"/);
  for (const f of ['kind', 'url', 'date', 'tags']) {
    assert.ok(h.includes(`href="#${f}"`), `the error summary links to #${f}`);
    assert.ok(h.includes(`id="${f}-error"`), `an error is shown at ${f}`);
  }
  assert.match(h, /<select id="kind" name="kind" aria-invalid="true" aria-describedby="kind-error"/);
  assert.match(h, /<input id="url" name="url" type="url" value="ftp:\/\/example.org\/fermes" aria-invalid="true" aria-describedby="url-error"/);
  const list = await part.get(`/c/${SLUG}/library`);
  assert.equal(list.status, 200);
  assert.ok(!list.text_.includes('Fermes en réseau'), 'nothing was saved');

  const uid = await addItem(part, SLUG, {
    kind: 'reference', title: 'Fermes en réseau', source: 'Le Monde', url: 'https://example.org/fermes',
    date: '2024-05', summary: 'Un **réseau** de fermes',
  }, ['qualites:frugal', 'dynamiques:01']);
  const page = await part.get(`/c/${SLUG}/library/${uid}`);
  assert.equal(page.status, 200);
  const p = page.text_;
  assertCleanHtml(p, 'reference page');
  assert.match(p, /<h1>Fermes en réseau<\/h1>/);
  assert.match(p, /The reference has been added to the library\./, 'a flash message confirms');
  assert.match(p, /<dd>reference<\/dd>/);
  assert.match(p, /<dd>2024-05<\/dd>/);
  assert.match(p, /<dd>Le Monde<\/dd>/);
  assert.match(p, /<a href="https:\/\/example.org\/fermes" rel="noopener noreferrer">/);
  assert.match(p, /Un <strong>réseau<\/strong> de fermes/);
  assert.ok(p.includes(`href="/c/${SLUG}/taxonomies/qualites?term=frugal"`), 'a tag links to its term');
  assert.ok(p.includes(`href="/c/${SLUG}/taxonomies/dynamiques?term=01"`));
  assert.match(p, /No scenario cites this reference yet\./);
  const after = await part.get(`/c/${SLUG}/library`);
  assert.ok(after.text_.includes('Fermes en réseau'));
});

test('the list filters by kind, status, tag and year with counts, and shows 50 a page', T, async () => {
  const slug = 'liste';
  await createCycle(fac, slug, 'public');
  await addItem(fac, slug, { kind: 'signal', title: 'Alpha signal', date: '2023-04' }, ['dynamiques:02']);
  await addItem(fac, slug, { kind: 'inspiration', title: 'Beta inspiration', date: '2024' });
  await addItem(fac, slug, { kind: 'reference', title: 'Gamma reference', date: '2024-05-03' }, ['dynamiques:02']);
  await addItem(fac, slug, { kind: 'question', title: 'Delta question', speaker_type: 'élue', problem_category: 'mobilité' });
  const show = async (q) => {
    const r = await fac.get(`/c/${slug}/library${q}`);
    assert.equal(r.status, 200, q);
    return r.text_;
  };
  const titles = (h) => ['Alpha', 'Beta', 'Gamma', 'Delta'].filter((t) => h.includes(`>${t} `));
  let h = await show('');
  assert.deepEqual(titles(h), ['Alpha', 'Beta', 'Gamma', 'Delta']);
  assert.ok(h.indexOf('Gamma') < h.indexOf('Beta') && h.indexOf('Beta') < h.indexOf('Alpha') && h.indexOf('Alpha') < h.indexOf('Delta'),
    'newest first, undated last');
  assert.match(h, /all kinds \(4\)/);
  assert.match(h, /signal to watch \(1\)/);
  assert.match(h, /inspiration \(1\)/);
  assert.match(h, /to watch \(1\)/, 'a new signal is "to watch"');
  assert.match(h, /4 references/);
  assert.deepEqual(titles(await show('?kind=signal')), ['Alpha']);
  h = await show('?kind=signal');
  assert.match(h, /<a href="\/c\/liste\/library\?kind=signal" aria-current="true">/);
  assert.deepEqual(titles(await show('?year=2024')), ['Beta', 'Gamma']);
  assert.deepEqual(titles(await show('?tag=dynamiques%3A02')), ['Alpha', 'Gamma']);
  h = await show('?tag=dynamiques%3A02');
  assert.match(h, /Les 29 dynamiques \(Think Small\): Co-réseauter/, 'the tag filter is named');
  assert.deepEqual(titles(await show('?tag=dynamiques%3A02&year=2024')), ['Gamma']);
  assert.deepEqual(titles(await show('?status=a_surveiller')), ['Alpha']);
  assert.deepEqual(titles(await show('?kind=nonsense&year=abcd')), ['Alpha', 'Beta', 'Gamma', 'Delta'], 'bad filters are ignored');
  assert.match(await show('?kind=interview'), /No reference matches these filters yet\./);

  for (let i = 0; i < 50; i++) await addItem(fac, slug, { kind: 'reference', title: `Zeta ${String(i).padStart(2, '0')}` });
  h = await show('');
  assert.equal(itemCount(h, slug), 50);
  assert.match(h, /54 references/);
  assert.match(h, /Page 1 of 2/);
  assert.match(h, /<a rel="next" href="\/c\/liste\/library\?page=2">/);
  h = await show('?page=2');
  assert.equal(itemCount(h, slug), 4);
  assert.match(h, /<a rel="prev" href="\/c\/liste\/library">/);
  assert.match(await show('?page=9'), /There is nothing on this page\./);

  // A public cycle is read by anyone, who is not offered to add.
  const a = await anon.get(`/c/${slug}/library`);
  assert.equal(a.status, 200);
  assert.ok(!a.text_.includes(`/c/${slug}/library/new`));
  assert.ok(h.includes(`/c/${slug}/library/new`) || (await show('')).includes(`/c/${slug}/library/new`));
});

test('a signal records dated observations and moves its status', T, async () => {
  const uid = await addItem(part, SLUG, { kind: 'signal', title: 'Des potagers sur les toits' });
  const base = `/c/${SLUG}/library/${uid}`;
  let h = (await part.get(base)).text_;
  assert.match(h, /<dt>Status of the signal<\/dt><dd>to watch<\/dd>/);
  assert.match(h, /Nothing has been observed yet\./);
  let r = await part.post(`${base}/observations`, { observed_on: '2024-02-30', status: '', note: '' });
  assert.equal(r.status, 422);
  assert.match(r.text_, /<input id="observed_on" name="observed_on" type="date" value="2024-02-30" required aria-invalid="true"/);
  assert.match(r.text_, /<textarea id="note" name="note" rows="3" required aria-invalid="true"/);
  r = await part.post(`${base}/observations`, { observed_on: 'hier', status: 'observe', note: 'Vu à Lyon' });
  assert.equal(r.status, 422);
  assert.match(r.text_, />Vu à Lyon<\/textarea>/, 'the note is kept');
  assert.match(r.text_, /<option value="observe" selected>/, 'the status is kept');
  r = await part.post(`${base}/observations`, { observed_on: '2024-03-01', status: 'observe', note: 'Vu à Lyon' });
  assert.equal(r.status, 303);
  r = await part2.post(`${base}/observations`, { observed_on: '2024-01-15', status: '', note: 'Un premier article' });
  assert.equal(r.status, 303, 'any member records observations');
  h = (await part.get(base)).text_;
  assert.match(h, /<dt>Status of the signal<\/dt><dd>observed<\/dd>/);
  const ol = h.match(/<ol class="observations">([\s\S]*?)<\/ol>/);
  assert.ok(ol, 'observations are an ordered list');
  const items = ol[1].match(/<li>[\s\S]*?<\/li>/g);
  assert.equal(items.length, 2);
  assert.match(items[0], /<time datetime="2024-01-15">2024-01-15<\/time> — Un premier article/);
  assert.match(items[1], /<time datetime="2024-03-01">2024-03-01<\/time> — <strong>observed<\/strong> — Vu à Lyon/);
  const list = (await part.get(`/c/${SLUG}/library?status=observe`)).text_;
  assert.ok(list.includes('Des potagers sur les toits'));

  const other = await addItem(part, SLUG, { kind: 'inspiration', title: 'Pas un signal' });
  r = await part.post(`/c/${SLUG}/library/${other}/observations`, { observed_on: '2024-03-01', status: '', note: 'x' });
  assert.equal(r.status, 422, 'only signals have observations');
  assert.ok(!(await part.get(`/c/${SLUG}/library/${other}`)).text_.includes('Record an observation'));
});

test('only the creator and the facilitators change or delete a reference', T, async () => {
  const uid = await addItem(part, SLUG, { kind: 'imaginaire', title: 'Ville frugale', date: '2030' });
  const base = `/c/${SLUG}/library/${uid}`;
  assert.ok(!(await part2.get(base)).text_.includes(`${base}/edit`), 'no edit link for another participant');
  assert.ok((await part.get(base)).text_.includes(`${base}/edit`));
  assert.equal((await part2.get(`${base}/edit`)).status, 403);
  assert.equal((await part2.post(base, { ...BLANK, kind: 'imaginaire', title: 'Piraté' })).status, 403);
  assert.equal((await part2.post(`${base}/delete`, {})).status, 403);

  let r = await part.get(`${base}/edit`);
  assert.equal(r.status, 200);
  assert.ok(r.text_.includes('value="Ville frugale"'));
  assert.match(r.text_, /<option value="imaginaire" selected>/);
  r = await part.post(base, { ...BLANK, kind: 'imaginaire', title: '', date: '2030' });
  assert.equal(r.status, 422);
  assert.ok(r.text_.includes('href="#title"'));
  assert.ok(r.text_.includes('value="2030"'));
  r = await part.post(base, { ...BLANK, kind: 'inspiration', title: 'Ville frugale', date: '2030', status: 'observe' });
  assert.equal(r.status, 422, 'a status on something else than a signal is refused');
  assert.ok(r.text_.includes('href="#status"'));
  r = await part.post(base, { ...BLANK, kind: 'imaginaire', title: 'Ville frugale (revue)', date: '2031' });
  assert.equal(r.status, 303);
  assert.match((await part.get(base)).text_, /<h1>Ville frugale \(revue\)<\/h1>/);
  r = await fac.post(base, { ...BLANK, kind: 'imaginaire', title: 'Ville frugale (facilitée)', date: '2031' });
  assert.equal(r.status, 303, 'a facilitator edits anything');
  r = await fac.post(`${base}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/c/${SLUG}/library`);
  assert.equal((await part.get(base)).status, 404);
  assert.ok(!(await part.get(`/c/${SLUG}/library`)).text_.includes('Ville frugale'));
  assert.equal((await part.get(`/c/${SLUG}/search?q=frugale`)).text_.includes('Ville frugale'), false, 'gone from the search');
});

test('titles, sources and summaries cannot inject markup anywhere they are shown', T, async () => {
  const script = '<script>alert(1)</script>';
  const img = '"><img src=x onerror=alert(1)>';
  const u1 = await addItem(part, SLUG, { kind: 'signe', title: `${script} piège`, summary: '[x](javascript:alert(1)) piège' }, ['dynamiques:03']);
  const u2 = await addItem(part, SLUG, { kind: 'signe', title: `${img} piège`, source: '<b>gras</b>', url: 'https://example.org/?a="><script>alert(2)</script>' }, ['dynamiques:03']);
  const pages = [
    `/c/${SLUG}/library`, `/c/${SLUG}/library/${u1}`, `/c/${SLUG}/library/${u2}`, `/c/${SLUG}/library/${u2}/edit`,
    `/c/${SLUG}/search?q=piege`, `/c/${SLUG}/taxonomies/dynamiques?term=03`,
  ];
  for (const path of pages) {
    const r = await part.get(path);
    assert.equal(r.status, 200, path);
    const h = r.text_;
    assertCleanHtml(h, path);
    assert.ok(!h.includes('<script>alert'), `${path}: a raw <script>`);
    assert.ok(!h.includes('<img src=x'), `${path}: a raw <img>`);
    assert.ok(!h.includes('<b>gras'), `${path}: raw markup from a source`);
    assert.doesNotMatch(h, /href="javascript:/i, `${path}: a javascript: link`);
    assert.ok(h.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || path.endsWith(`${u2}`) || path.endsWith('/edit'),
      `${path}: the title is shown escaped`);
  }
  const item = (await part.get(`/c/${SLUG}/library/${u1}`)).text_;
  assert.match(item, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt; piège<\/h1>/);
  assert.match(item, /<a href="">x<\/a>/, 'the javascript: link lost its target');
  const item2 = (await part.get(`/c/${SLUG}/library/${u2}`)).text_;
  assert.match(item2, /<h1>&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt; piège<\/h1>/);
  assert.ok(item2.includes('href="https://example.org/?a=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"'));
  const search = (await part.get(`/c/${SLUG}/search?q=${encodeURIComponent('"><script>alert(3)</script>')}`)).text_;
  assert.ok(!search.includes('<script>alert(3)'));
  assert.ok(search.includes('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"'));
});

test('a reference lists the scenarios citing it, and search finds scenarios too', T, async () => {
  // Scenarios come in through a bundle (docs/formats.md), the stable way
  // to build one with a refs section.
  const when = '2026-01-01T00:00:00Z';
  const bundle = {
    format: 'fabrique-bundle', version: 1,
    cycle: { slug: 'cite', title: 'Citations', question: '', description: '', horizon: null, visibility: 'members', archived: false, created_at: when, updated_at: when },
    phases: [], members: [], taxonomies: [],
    templates: [{ slug: 'court', name: 'Court', description: '', sections: [{ id: 'recit', type: 'text', label: 'Récit' }, { id: 'refs', type: 'refs', label: 'Références' }] }],
    library: ['cited', 'alone'].map((uid) => ({
      uid, kind: 'reference', title: `Référence ${uid}`, source: '', url: '', date: null, summary: '', tags: [], status: '',
      speaker_type: '', problem_category: '', created_by: null, created_at: when, updated_at: when, observations: [],
    })),
    scenarios: [
      { uid: 'sc1', template: 'court', title: 'Le grand maillage', summary: 'Un résumé.', status: 'candidat', parent: null, opening: false, authors: [], created_at: when, updated_at: when, sections: { recit: 'Les fermes se relient en réseau coopératif.', refs: ['cited'] } },
      { uid: 'sc2', template: 'court', title: '<script>alert(1)</script> maillé', summary: '', status: 'brouillon', parent: null, opening: false, authors: [], created_at: when, updated_at: when, sections: { recit: '<img src=x onerror=alert(1)> réseau' } },
    ],
  };
  let r = await fac.post('/cycles/import', { bundle: JSON.stringify(bundle), slug: '' });
  assert.equal(r.status, 303, r.text_.slice(0, 1000));
  r = await fac.get('/c/cite/library/cited');
  const cited = r.text_.match(/<section aria-labelledby="cit-h">[\s\S]*?<\/section>/);
  assert.ok(cited);
  assert.ok(cited[0].includes('<a href="/c/cite/scenarios/sc1">Le grand maillage</a>'));
  assert.ok(!cited[0].includes('sc2'));
  assert.match((await fac.get('/c/cite/library/alone')).text_, /No scenario cites this reference yet\./);

  r = await fac.get('/c/cite/search?q=reseau&kind=scenario');
  assertCleanHtml(r.text_);
  assert.match(r.text_, /2 results/);
  assert.ok(r.text_.includes('<a href="/c/cite/scenarios/sc1">Le grand maillage</a>'));
  assert.match(r.text_, /<span class="tag">Scenario<\/span> · candidate/);
  assert.match(r.text_, /se relient en <mark>réseau<\/mark> coopératif/, 'the snippet comes from the content');
  assert.ok(r.text_.includes('&lt;script&gt;alert(1)&lt;/script&gt; maillé'));
  assert.ok(r.text_.includes('&lt;img src=x onerror=alert(1)&gt; <mark>réseau</mark>'));
  assert.ok(!r.text_.includes('<script>alert') && !r.text_.includes('<img src=x'));
});

test('permissions of the library routes on a members-only cycle', T, async () => {
  const sig = await addItem(fac, SLUG, { kind: 'signal', title: 'Signal des facilitateurs' });
  const del = await addItem(fac, SLUG, { kind: 'reference', title: 'À supprimer' });
  const valid = { ...BLANK, kind: 'reference', title: 'Une référence de plus' };
  const who = { anon, outsider, participant: part, facilitator: fac };
  // Facilitator last: its delete succeeds.
  const rows = [
    ['GET', `/c/${SLUG}/library`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['GET', `/c/${SLUG}/library/new`, null, { anon: 303, outsider: 404, participant: 200, facilitator: 200 }],
    ['POST', `/c/${SLUG}/library`, valid, { anon: 401, outsider: 404, participant: 303, facilitator: 303 }],
    ['GET', `/c/${SLUG}/library/${sig}`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['GET', `/c/${SLUG}/library/nosuchitem`, null, { anon: 404, outsider: 404, participant: 404, facilitator: 404 }],
    ['GET', `/c/${SLUG}/library/${sig}/edit`, null, { anon: 303, outsider: 404, participant: 403, facilitator: 200 }],
    ['POST', `/c/${SLUG}/library/${sig}`, { ...valid, kind: 'signal', title: 'Signal revu' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['POST', `/c/${SLUG}/library/${sig}/observations`, { observed_on: '2024-05-01', status: '', note: 'Vu' }, { anon: 401, outsider: 404, participant: 303, facilitator: 303 }],
    ['POST', `/c/${SLUG}/library/${del}/delete`, {}, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
  ];
  for (const [method, path, body, expect] of rows) {
    for (const [role, c] of Object.entries(who)) {
      const r = method === 'GET' ? await c.get(path) : await c.post(path, body);
      assert.equal(r.status, expect[role], `${method} ${path} as ${role}: ${r.status} ${r.text_.slice(0, 300)}`);
      if (r.status === 303 && role === 'anon') assert.match(r.headers.get('location'), /^\/login\?next=/);
      if (r.status === 200) assertCleanHtml(r.text_, `${method} ${path} as ${role}`);
    }
  }
  assert.equal((await fac.get(`/c/${SLUG}/library/${del}`)).status, 404);
  // The CSRF token is required.
  const r = await part.post(`/c/${SLUG}/library`, valid, { csrf: false });
  assert.equal(r.status, 403);
});
