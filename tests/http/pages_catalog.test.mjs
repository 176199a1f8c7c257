// pages_catalog.test.mjs — a cycle's taxonomies, templates and search
// through the web pages: the periodic table and its usage counts, adding,
// editing and deleting terms, creating taxonomies or adding built-in ones,
// templates shown readably and edited as JSON (errors with their paths),
// search without accents, and the permissions of these routes on a
// members-only cycle (anonymous, outsider, participant, facilitator).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, T } from '../lib/server.mjs';
import { assertCleanHtml } from '../lib/checks.mjs';

let kit, fac, part, outsider, anon;
const SLUG = 'cat';

async function postPairs(c, path, pairs) {
  const body = new URLSearchParams(pairs);
  body.append('csrf', await c.csrf());
  return c.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

const BLANK = { kind: '', title: '', source: '', url: '', date: '', summary: '', status: '', speaker_type: '', problem_category: '' };
const TERM = { code: '', label: '', definition: '', hashtags: '', examples: '' };

/** Adds (or with uid, rewrites) a reference through the form; returns its uid. */
async function saveItem(c, slug, fields, tags = [], uid = null) {
  const pairs = Object.entries({ ...BLANK, kind: 'reference', ...fields });
  for (const t of tags) pairs.push(['tags', t]);
  const r = await postPairs(c, `/c/${slug}/library${uid ? `/${uid}` : ''}`, pairs);
  assert.equal(r.status, 303, `saving ${fields.title}: ${r.status} ${r.text_.slice(0, 1500)}`);
  return r.headers.get('location').split('/').pop();
}

async function createCycle(c, slug, { visibility = 'members', builtins = true } = {}) {
  const form = { title: `Cycle ${slug}`, slug, question: '', description: '', horizon: '', visibility };
  if (builtins) form.builtins = '1';
  const r = await c.post('/cycles', form);
  assert.equal(r.status, 303, r.text_.slice(0, 500));
}

/** The count text of a term's cell in the periodic table. */
function cellCount(html, code) {
  const m = html.match(new RegExp(`term=${code}#term"[^>]*><span class="num">\\d+</span> <span class="code">${code}</span> `
    + '<span class="label">[^<]*</span> <span class="count">([^<]*)</span>'));
  assert.ok(m, `no cell for ${code}`);
  return m[1];
}

before(async () => {
  kit = await startWithAdmin();
  const u = {};
  for (const k of ['fac', 'part', 'out']) u[k] = await kit.createUser(`${k}@example.org`, { name: k });
  fac = await kit.loginAs(u.fac.email, u.fac.password);
  part = await kit.loginAs(u.part.email, u.part.password);
  outsider = await kit.loginAs(u.out.email, u.out.password);
  anon = kit.client();
  await anon.csrf();
  await createCycle(fac, SLUG);
  const r = await fac.post(`/c/${SLUG}/members`, { email: u.part.email, role: 'participant' });
  assert.equal(r.status, 303);
});

after(async () => { if (kit) await kit.stop(); });

test('the periodic table shows how many items carry each term, and what they are', T, async () => {
  let r = await part.get(`/c/${SLUG}/taxonomies`);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<th scope="row"><a href="\/c\/cat\/taxonomies\/dynamiques">Les 29 dynamiques \(Think Small\)<\/a><\/th><td><code>dynamiques<\/code><\/td><td>29<\/td>/);
  assert.ok(!r.text_.includes('Create a taxonomy'), 'participants are not offered to create');
  const url = `/c/${SLUG}/taxonomies/dynamiques`;
  r = await part.get(url);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  const grid = r.text_.match(/<ol class="periodic">([\s\S]*?)<\/ol>/);
  assert.ok(grid, 'the terms are an ordered list');
  assert.equal(grid[1].match(/<li[ >]/g).length, 29);
  assert.equal(cellCount(r.text_, '05'), '0 uses');
  assert.ok(!grid[1].includes('aria-current'), 'no cell is chosen');

  const a = await saveItem(part, SLUG, { title: 'Le marché des petits' }, ['dynamiques:05']);
  r = await part.get(url);
  assert.equal(cellCount(r.text_, '05'), '1 use', 'the count follows the tags');
  assert.match(r.text_, /<li class="used"><a href="\/c\/cat\/taxonomies\/dynamiques\?term=05#term">/);
  await saveItem(part, SLUG, { title: 'Un second petit' }, ['dynamiques:05', 'dynamiques:06']);
  r = await part.get(url);
  assert.equal(cellCount(r.text_, '05'), '2 uses');
  assert.equal(cellCount(r.text_, '06'), '1 use');

  r = await part.get(`${url}?term=05`);
  assert.equal(r.status, 200);
  const h = r.text_;
  assert.match(h, /<a href="\/c\/cat\/taxonomies\/dynamiques\?term=05#term" aria-current="true">/);
  const detail = h.match(/<section id="term"[\s\S]*?<\/section>/);
  assert.ok(detail, 'the chosen term is detailed below the grid');
  assert.match(detail[0], /<h2 id="term-h">05 — /);
  assert.match(detail[0], /<h3>Hashtags<\/h3>/);
  assert.match(detail[0], /<h3>Examples<\/h3>/);
  assert.ok(detail[0].includes(`<a href="/c/${SLUG}/library/${a}">Le marché des petits</a>`));
  assert.ok(detail[0].includes('Un second petit'));
  assert.ok(detail[0].includes(`href="/c/${SLUG}/library?tag=dynamiques%3A05"`));
  assert.equal((await part.get(`${url}?term=99`)).status, 404);
  assert.equal((await part.get(`/c/${SLUG}/taxonomies/inconnue`)).status, 404);

  await saveItem(part, SLUG, { title: 'Le marché des petits' }, [], a);
  assert.equal(cellCount((await part.get(url)).text_, '05'), '1 use', 'untagging lowers the count');
});

test('facilitators add, edit and delete terms, with every mistake reported', T, async () => {
  const url = `/c/${SLUG}/taxonomies/qualites`;
  let r = await fac.post(`${url}/terms`, { ...TERM, code: 'a b', label: '', hashtags: '#eco\nsobriété', examples: 'Un exemple' });
  assert.equal(r.status, 422);
  assertCleanHtml(r.text_);
  assert.ok(r.text_.includes('href="#code"') && r.text_.includes('href="#label"'));
  assert.ok(r.text_.includes('value="a b"'));
  assert.match(r.text_, /<textarea id="hashtags"[^>]*>#eco\nsobriété<\/textarea>/);
  assert.match(r.text_, /<input id="code" name="code" type="text" value="a b" required aria-invalid="true" aria-describedby="code-error code-hint">/);

  r = await fac.post(`${url}/terms`, { ...TERM, code: 'sobre', label: 'Sobre', definition: 'Qui consomme peu.', hashtags: '#eco\n\n sobriété ', examples: 'Un exemple\nUn autre' });
  assert.equal(r.status, 303, r.text_.slice(0, 800));
  assert.equal(r.headers.get('location'), `${url}?term=sobre#term`);
  r = await part.get(`${url}?term=sobre`);
  assert.match(r.text_, /<span class="num">8<\/span> <span class="code">sobre<\/span> <span class="label">Sobre<\/span>/, 'appended as the 8th term');
  assert.match(r.text_, /<li>#eco<\/li><li>#sobriété<\/li>/);
  assert.match(r.text_, /<li>Un exemple<\/li><li>Un autre<\/li>/);
  assert.match(r.text_, /<p>Qui consomme peu\.<\/p>/);
  assert.ok(!r.text_.includes('Edit this term'), 'participants are not offered to edit');

  r = await fac.post(`${url}/terms`, { ...TERM, code: 'sobre', label: 'Encore' });
  assert.equal(r.status, 422);
  assert.match(r.text_, /Another term of this taxonomy already uses this code\./);
  assert.equal((await part.post(`${url}/terms`, { ...TERM, code: 'autre', label: 'Autre' })).status, 403);

  r = await fac.get(`${url}/terms/sobre/edit`);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<textarea id="hashtags"[^>]*>eco\nsobriété<\/textarea>/);
  r = await fac.post(`${url}/terms/sobre`, { ...TERM, code: 'sobre', label: '', definition: 'x' });
  assert.equal(r.status, 422);
  assert.ok(r.text_.includes('href="#label"'));
  r = await fac.post(`${url}/terms/sobre`, { ...TERM, code: 'sobre', label: 'Sobriété', definition: 'Qui consomme peu.', hashtags: 'eco' });
  assert.equal(r.status, 303);
  assert.match((await fac.get(url)).text_, /<span class="label">Sobriété<\/span>/);

  // A term in use keeps its code and cannot be deleted.
  const uid = await saveItem(part, SLUG, { title: 'Sobriété numérique' }, ['qualites:sobre']);
  r = await fac.post(`${url}/terms/sobre`, { ...TERM, code: 'sobre2', label: 'Sobriété' });
  assert.equal(r.status, 422);
  assert.match(r.text_, /This term is in use: its code cannot change\./);
  assert.equal((await fac.post(`${url}/terms/sobre/delete`, {})).status, 409);
  await saveItem(part, SLUG, { title: 'Sobriété numérique' }, [], uid);
  r = await fac.post(`${url}/terms/sobre/delete`, {});
  assert.equal(r.status, 303);
  r = await fac.get(url);
  assert.ok(!r.text_.includes('term=sobre#term'), 'the term is gone');
  assert.equal((await fac.get(`${url}/terms/sobre/edit`)).status, 404);
});

test('taxonomies are created, edited, or added from the built-ins', T, async () => {
  let r = await fac.post(`/c/${SLUG}/taxonomies`, { slug: 'Pas Bon', name: '', description: 'gardée' });
  assert.equal(r.status, 422);
  assertCleanHtml(r.text_);
  assert.ok(r.text_.includes('href="#slug"') && r.text_.includes('href="#name"'));
  assert.ok(r.text_.includes('value="Pas Bon"'));
  assert.match(r.text_, />gardée<\/textarea>/);
  r = await fac.post(`/c/${SLUG}/taxonomies`, { slug: 'themes', name: 'Thèmes', description: 'Les *thèmes* du cycle' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/c/${SLUG}/taxonomies/themes`);
  r = await fac.get(`/c/${SLUG}/taxonomies/themes`);
  assert.match(r.text_, /<h1>Thèmes<\/h1>/);
  assert.match(r.text_, /Les <em>thèmes<\/em> du cycle/);
  assert.match(r.text_, /This taxonomy has no term yet\./);
  r = await fac.post(`/c/${SLUG}/taxonomies`, { slug: 'themes', name: 'Encore', description: '' });
  assert.equal(r.status, 422);
  assert.match(r.text_, /Another taxonomy of this cycle already uses this address\./);
  r = await fac.post(`/c/${SLUG}/taxonomies/themes`, { name: '', description: '' });
  assert.equal(r.status, 422);
  r = await fac.post(`/c/${SLUG}/taxonomies/themes`, { name: 'Les thèmes', description: '' });
  assert.equal(r.status, 303);
  assert.match((await fac.get(`/c/${SLUG}/taxonomies/themes`)).text_, /<h1>Les thèmes<\/h1>/);

  r = await fac.get(`/c/${SLUG}/taxonomies`);
  assert.match(r.text_, /Every built-in taxonomy is already in this cycle\./);
  await createCycle(fac, 'vide', { builtins: false });
  r = await fac.get('/c/vide/taxonomies');
  assert.match(r.text_, /This cycle has no taxonomy yet\./);
  assert.match(r.text_, /<option value="qualites">Les 7 qualités \(#RESET\)<\/option>/);
  r = await fac.post('/c/vide/taxonomies', { builtin: 'qualites' });
  assert.equal(r.status, 303);
  r = await fac.get('/c/vide/taxonomies/qualites');
  assert.match(r.text_, /<h2 id="grid-h">7 terms<\/h2>/);
  assert.ok(!(await fac.get('/c/vide/taxonomies')).text_.includes('<option value="qualites">'));
  assert.equal((await fac.post('/c/vide/taxonomies', { builtin: 'qualites' })).status, 422);
  assert.equal((await fac.post('/c/vide/taxonomies', { builtin: 'nonsense' })).status, 422);
});

test('templates are shown readably and edited as JSON, errors with their paths', T, async () => {
  let r = await part.get(`/c/${SLUG}/templates`);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<th scope="row"><a href="\/c\/cat\/templates\/micro-histoire">Micro-histoire<\/a><\/th><td>9<\/td><td>0<\/td>/);
  assert.ok(r.text_.includes(`href="/c/${SLUG}/scenarios/new?template=micro-histoire"`));
  assert.ok(!r.text_.includes('/templates/new'), 'participants are not offered to create');

  const url = `/c/${SLUG}/templates/micro-histoire`;
  r = await part.get(url);
  assert.equal(r.status, 200);
  assert.match(r.text_, /<th scope="row"><code>phases<\/code><\/th><td>[^<]*<\/td><td>phases<\/td><td>required; exactly 3 phases; terms of the taxonomy dynamiques<\/td>/);
  assert.match(r.text_, /Content already written for a removed section is kept and shown as removed\./);
  assert.ok(!r.text_.includes('name="sections"'), 'no editor for participants');

  r = await fac.get(url);
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<textarea id="sections" name="sections"[^>]*>\[\n {2}\{\n {4}&quot;id&quot;: &quot;horizon&quot;,\n {4}&quot;type&quot;/, 'pretty-printed, keys in order');
  assert.ok(r.text_.includes('href="#section-types"') && r.text_.includes('id="section-types"'));

  const bad = '[{"id":"a","type":"nope","label":"A"},{"id":"a","type":"list","label":"B"},'
    + '{"id":"c","type":"tags","label":"C","taxonomy":"inconnue"}]';
  r = await fac.post(url, { name: 'Micro-histoire', description: '', sections: bad });
  assert.equal(r.status, 422);
  assertCleanHtml(r.text_);
  for (const path of ['sections[0].type', 'sections[1].id', 'sections[2].taxonomy']) {
    assert.ok(r.text_.includes(`<code>${path}</code>`), `the error at ${path} is shown with its path`);
  }
  assert.match(r.text_, /Unknown section type\./);
  assert.match(r.text_, /Two sections have the same id\./);
  assert.ok(r.text_.includes('href="#sections"'));
  assert.match(r.text_, /<textarea id="sections" name="sections"[^>]* aria-invalid="true" aria-describedby="sections-error sections-hint">\[\{&quot;id&quot;:&quot;a&quot;/, 'what was typed is kept');
  r = await fac.post(url, { name: '', description: '', sections: '[{' });
  assert.equal(r.status, 422);
  assert.match(r.text_, /The sections are not valid JSON\./);
  assert.ok(r.text_.includes('href="#name"'));
  assert.match((await part.get(url)).text_, /<code>phases<\/code>/, 'nothing was saved');

  const good = '[{"id":"horizon","type":"horizon","label":"Horizon","required":true,"min_year":2020,"max_year":2080},'
    + '{"id":"ouverture","type":"text","label":"Début","max_length":2000}]';
  r = await fac.post(url, { name: 'Micro-histoire courte', description: 'Plus *court*', sections: good });
  assert.equal(r.status, 303, r.text_.slice(0, 1000));
  r = await part.get(url);
  assert.match(r.text_, /<h1>Micro-histoire courte<\/h1>/);
  assert.match(r.text_, /required; a year from 2020 to 2080/);
  assert.match(r.text_, /at most 2000 characters/);
  assert.ok(!r.text_.includes('<code>phases</code>'));
  assert.match((await part.get(`/c/${SLUG}/templates`)).text_, /Micro-histoire courte<\/a><\/th><td>2<\/td>/);
  assert.equal((await part.post(url, { name: 'x', description: '', sections: good })).status, 403);
});

test('a template is created from scratch or copied from a built-in', T, async () => {
  let r = await fac.get(`/c/${SLUG}/templates/new`);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  assert.equal((await part.get(`/c/${SLUG}/templates/new`)).status, 403);
  const blank = { slug: '', name: '', description: '', builtin: '', sections: '[]' };
  r = await fac.post(`/c/${SLUG}/templates`, { ...blank, slug: 'new', name: 'Nouveau' });
  assert.equal(r.status, 422, 'the address of the creation form is reserved');
  assert.ok(r.text_.includes('href="#slug"'));
  r = await fac.post(`/c/${SLUG}/templates`, { ...blank, builtin: 'rupture' });
  assert.equal(r.status, 422, 'the built-in slug is already used in this cycle');
  assert.ok(r.text_.includes('value="rupture"'), 'the slug taken from the built-in is shown');
  assert.match(r.text_, /<option value="rupture" selected>/);
  r = await fac.post(`/c/${SLUG}/templates`, { ...blank, builtin: 'rupture', slug: 'rupture-bis' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/c/${SLUG}/templates/rupture-bis`);
  r = await fac.get(`/c/${SLUG}/templates/rupture-bis`);
  assert.match(r.text_, /<h1>Scénario de rupture<\/h1>/);
  assert.equal((r.text_.match(/<tr><th scope="row"><code>/g) || []).length - 10, 14, '14 sections (and the 10 types of the reference table)');
  r = await fac.post(`/c/${SLUG}/templates`, {
    ...blank, slug: 'court', name: 'Court', sections: '[{"id":"idee","type":"text","label":"L’idée","required":true}]',
  });
  assert.equal(r.status, 303);
  r = await fac.post(`/c/${SLUG}/templates`, { ...blank, slug: 'faux', name: 'Faux', sections: '[{"id":"x","type":"grid","label":"G"}]' });
  assert.equal(r.status, 422);
  assert.ok(r.text_.includes('<code>sections[0].rows</code>') && r.text_.includes('<code>sections[0].columns</code>'));
  assert.equal((await fac.get(`/c/${SLUG}/templates/faux`)).status, 404);
});

test('search ignores accents and capitals, filters by kind, marks matches and pages by 20', T, async () => {
  const slug = 'cherche';
  await createCycle(fac, slug);
  const reseau = await saveItem(fac, slug, { kind: 'signe', title: 'Le réseau des fermes', summary: 'Un maillage de petites fermes reliées en réseau.' });
  await saveItem(fac, slug, { kind: 'inspiration', title: 'Résilience urbaine', summary: 'Des villes qui tiennent le choc.' });
  const s = (q, extra = '') => fac.get(`/c/${slug}/search?q=${encodeURIComponent(q)}${extra}`);
  let r = await fac.get(`/c/${slug}/search`);
  assert.equal(r.status, 200);
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<form method="get" action="\/c\/cherche\/search" role="search"/);
  assert.match(r.text_, /<label for="q">/);
  assert.match(r.text_, /<input type="search" id="q" name="q" value=""/);
  assert.ok(!r.text_.includes('id="res-h"'), 'no results without a query');

  for (const q of ['reseau', 'RÉSEAU', 'Réseau', 'fermes reseau', 'maillage reseau']) {
    r = await s(q);
    assert.equal(r.status, 200, q);
    assert.match(r.text_, /<h2 id="res-h">1 result<\/h2>/, `"${q}" finds the reference`);
    assert.ok(r.text_.includes(`<a href="/c/${slug}/library/${reseau}">Le réseau des fermes</a>`), q);
  }
  r = await s('reseau');
  assertCleanHtml(r.text_);
  assert.match(r.text_, /<p class="snippet">[^<]*<mark>réseau<\/mark>/, 'the match is marked in the snippet');
  assert.match(r.text_, /<span class="tag">Library<\/span> · early sign/);
  r = await s('resilience');
  assert.match(r.text_, /1 result/);
  assert.ok(r.text_.includes('Résilience urbaine'), 'accents ignored in the query');
  r = await s('RESIL');
  assert.ok(r.text_.includes('Résilience urbaine'), 'the start of a word is enough');
  r = await s('zzzz');
  assert.match(r.text_, /<h2 id="res-h">0 results<\/h2>/);
  assert.match(r.text_, /No result\./);
  assert.match((await s('reseau', '&kind=scenario')).text_, /0 results/);
  r = await s('reseau', '&kind=item');
  assert.match(r.text_, /1 result/);
  assert.match(r.text_, /<a href="\/c\/cherche\/search\?q=reseau&amp;kind=item" aria-current="true">library<\/a>/);
  assert.match(r.text_, /<input type="hidden" name="kind" value="item">/);

  for (let i = 0; i < 24; i++) await saveItem(fac, slug, { title: `Pomme ${i}`, summary: 'Une pomme du verger.' });
  r = await s('pomme');
  assert.match(r.text_, /24 results/);
  assert.equal((r.text_.match(/<li><h3><a href="\/c\/cherche\/library\//g) || []).length, 20);
  assert.match(r.text_, /Page 1 of 2/);
  assert.match(r.text_, /<a rel="next" href="\/c\/cherche\/search\?q=pomme&amp;page=2">/);
  r = await s('pomme', '&page=2');
  assert.equal((r.text_.match(/<li><h3><a href="\/c\/cherche\/library\//g) || []).length, 4);
});

test('the start of a word finds every word it begins, however many, words saved later, titles first', T, async () => {
  const slug = 'debuts';
  await createCycle(fac, slug);
  const s = async (q) => {
    const r = await fac.get(`/c/${slug}/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, q);
    const m = r.text_.match(/<h2 id="res-h">(\d+) results?<\/h2>/);
    assert.ok(m, `a count for "${q}"`);
    return { n: Number(m[1]), text: r.text_ };
  };
  // 20 different words that begin with "cartox" (consonants only after
  // it, so that no stemmer shortens them): more than a prefix is
  // expanded into, so "cartox" takes the other way, and must find them all.
  const cons = 'bcdfghjklmnpqrstvwxz';
  for (let i = 0; i < 20; i++) await saveItem(fac, slug, { title: `Carte ${i}`, summary: `Le mot cartox${cons[i]}k est unique.` });
  assert.equal((await s('cartox')).n, 20, 'a prefix of 20 words');
  assert.equal((await s('CARTO')).n, 20, 'a shorter prefix');
  assert.equal((await s('cartoxb')).n, 1, 'a prefix of one word');
  assert.equal((await s('cartoxbk')).n, 1, 'the whole word');
  assert.equal((await s('cartoxbk carte')).n, 1, 'two words');
  assert.equal((await s('cartoxbkk')).n, 0, 'longer than every word');
  assert.equal((await s('cartoxbk cartoxck')).n, 0, 'two words never in the same item');

  // A word nobody wrote yet, then saved, then edited away.
  assert.equal((await s('zythol')).n, 0);
  const uid = await saveItem(fac, slug, { title: 'Brasseries', summary: 'Une zythologie de quartier.' });
  let r = await s('zythol');
  assert.equal(r.n, 1, 'a word saved after the first search');
  assert.match(r.text, /<mark>zythologie<\/mark>/);
  await saveItem(fac, slug, { title: 'Brasseries', summary: 'Une bière de quartier.' }, [], uid);
  assert.equal((await s('zythol')).n, 0, 'a word no item holds any more');
  assert.equal((await s('biere quartier')).n, 1);

  // The word in a title ranks before the word in a summary only, though
  // the summary's item is newer.
  await saveItem(fac, slug, { title: 'Bocage normand', summary: 'Des haies et des champs.' });
  await saveItem(fac, slug, { title: 'Paysages', summary: 'Entre bocage et marais, des haies.' });
  r = await s('bocage');
  assert.equal(r.n, 2);
  const first = r.text.indexOf('Bocage normand'), second = r.text.indexOf('>Paysages<');
  assert.ok(first > 0 && second > 0 && first < second, 'the title match first');

  // Matches are counted up to 500 (which ones is each backend's: see
  // store.h); the page says so, in either language.
  for (let i = 0; i < 501; i++) await saveItem(fac, slug, { title: `Foison ${i}`, summary: 'Une foison de choses.' });
  let page = await fac.get(`/c/${slug}/search?q=foison`);
  assert.match(page.text_, /<h2 id="res-h">At least 500 results<\/h2>/);
  assert.match(page.text_, /Page 1 of 25/);
  assert.equal((page.text_.match(/<li><h3><a href="\/c\/debuts\/library\//g) || []).length, 20);
  page = await fac.get(`/c/${slug}/search?q=foison&page=26`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /At least 500 results/);
  page = await fac.get(`/c/${slug}/search?q=foison`, { headers: { 'accept-language': 'fr' } });
  assert.match(page.text_, /Au moins 500 résultats/);
});

test('permissions of the taxonomy, template and search routes on a members-only cycle', T, async () => {
  const who = { anon, outsider, participant: part, facilitator: fac };
  const c = `/c/${SLUG}`;
  const tpl = { slug: 'perm-tpl', name: 'Perm', description: '', builtin: '', sections: '[]' };
  const rows = [
    ['GET', `${c}/taxonomies`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['POST', `${c}/taxonomies`, { slug: 'perm', name: 'Perm', description: '' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['GET', `${c}/taxonomies/perm`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['POST', `${c}/taxonomies/perm`, { name: 'Perm 2', description: '' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['POST', `${c}/taxonomies/perm/terms`, { ...TERM, code: 'x', label: 'X' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['GET', `${c}/taxonomies/perm/terms/x/edit`, null, { anon: 303, outsider: 404, participant: 403, facilitator: 200 }],
    ['POST', `${c}/taxonomies/perm/terms/x`, { ...TERM, code: 'x', label: 'X2' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['POST', `${c}/taxonomies/perm/terms/x/delete`, {}, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['GET', `${c}/templates`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['GET', `${c}/templates/new`, null, { anon: 303, outsider: 404, participant: 403, facilitator: 200 }],
    ['POST', `${c}/templates`, tpl, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['GET', `${c}/templates/perm-tpl`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
    ['POST', `${c}/templates/perm-tpl`, { ...tpl, name: 'Perm 2' }, { anon: 401, outsider: 404, participant: 403, facilitator: 303 }],
    ['GET', `${c}/search?q=perm`, null, { anon: 404, outsider: 404, participant: 200, facilitator: 200 }],
  ];
  for (const [method, path, body, expect] of rows) {
    for (const [role, client] of Object.entries(who)) {
      const r = method === 'GET' ? await client.get(path) : await client.post(path, body);
      assert.equal(r.status, expect[role], `${method} ${path} as ${role}: ${r.status} ${r.text_.slice(0, 300)}`);
      if (r.status === 303 && role === 'anon') assert.match(r.headers.get('location'), /^\/login\?next=/);
      if (r.status === 200) assertCleanHtml(r.text_, `${method} ${path} as ${role}`);
    }
  }
  // An archived cycle is read-only, for facilitators too.
  await createCycle(fac, 'archive');
  assert.equal((await fac.post('/c/archive/archive', { archived: '1' })).status, 303);
  assert.equal((await fac.post('/c/archive/taxonomies/qualites/terms', { ...TERM, code: 'y', label: 'Y' })).status, 403);
  assert.equal((await fac.post('/c/archive/templates/rupture', { name: 'R', description: '', sections: '[]' })).status, 403);
  const page = await fac.get('/c/archive/taxonomies/qualites');
  assert.equal(page.status, 200);
  assert.ok(!page.text_.includes('Add a term'), 'no forms on an archived cycle');
});
