// api_cycles.test.mjs — the JSON API of cycles, end to end: a facilitator
// creates a cycle and its phases, invites people, extends taxonomies and
// templates; a participant fills the library and writes a scenario in the
// built-in rupture template (refused first, then accepted), edits it, diffs
// and restores revisions, forks it and moves its status; search folds
// accents; the bundle goes out and back in through the API. Invalid bodies
// get 400/422 and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, ROOT, T } from '../lib/server.mjs';
import { assertJsonError } from '../lib/checks.mjs';

let kit, fac, part, part2, other;
let facInfo, partInfo, part2Info, otherInfo;
const C = '/api/v1/cycles';
const S = `${C}/ruptures`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

before(async () => {
  kit = await startWithAdmin();
  facInfo = await kit.createUser('fac@example.org', { name: 'Fanny Facilitatrice' });
  partInfo = await kit.createUser('part@example.org', { name: 'Paul Participant' });
  part2Info = await kit.createUser('part2@example.org', { name: 'Pia Participante' });
  otherInfo = await kit.createUser('other@example.org', { name: 'Otto Outsider' });
  fac = await kit.loginAs(facInfo.email, facInfo.password);
  part = await kit.loginAs(partInfo.email, partInfo.password);
  part2 = await kit.loginAs(part2Info.email, part2Info.password);
  other = await kit.loginAs(otherInfo.email, otherInfo.password);
});
after(async () => { if (kit) await kit.stop(); });

/** The problems of a 422 answer, after checking its shape. */
function problemsOf(res, what) {
  const e = assertJsonError(res, 422, what);
  assert.equal(e.code, 'invalid', `${what}: code`);
  assert.ok(Array.isArray(e.problems) && e.problems.length > 0, `${what}: a problems array`);
  for (const p of e.problems) {
    assert.equal(typeof p.field, 'string', `${what}: problem field`);
    assert.ok(typeof p.message === 'string' && p.message.length > 5, `${what}: problem message`);
  }
  return e.problems;
}
const fields = (res, what) => problemsOf(res, what).map((p) => p.field);
const slugs = async (c) => (await c.api('GET', `${C}?archived=1`)).json_.cycles.map((x) => x.slug).sort();

const RECIT_1 = 'Les villes tissent un réseau de coopératives de quartier.';
const RECIT_2 = 'Les villes tissent un réseau dense de coopératives de quartier.';
const CHRONIQUE = [{ year: 2027, text: 'Dix villes lancent un appel.' }, { year: 2031, text: 'La loi suit.' }];

test('cycles: create with the built-ins, read, list by visibility, change', T, async () => {
  const r = await fac.api('POST', C, {
    slug: 'ruptures', title: '  Ruptures 2026  ', question: 'Quelles ruptures ?', horizon: 2040, visibility: 'members',
  });
  assert.equal(r.status, 201, r.text_);
  assert.equal(r.json_.slug, 'ruptures');
  assert.equal(r.json_.title, 'Ruptures 2026', 'the title is trimmed');
  assert.equal(r.json_.horizon, 2040);
  assert.equal(r.json_.visibility, 'members');
  assert.equal(r.json_.archived, false);
  assert.equal(r.json_.role, 'facilitator', 'the creator facilitates');
  assert.match(r.json_.created_at, ISO);
  assert.match(r.json_.updated_at, ISO);
  assert.deepEqual(r.json_.phases, []);

  const tax = await fac.api('GET', `${S}/taxonomies`);
  assert.ok(tax.json_.taxonomies.some((t) => t.slug === 'dynamiques' && t.terms.length === 29), 'built-in taxonomies installed');
  const tpl = await fac.api('GET', `${S}/templates`);
  assert.deepEqual(tpl.json_.templates.map((t) => t.slug), ['rupture', 'micro-histoire', 'fiche-defi', 'proposition']);

  const bare = await fac.api('POST', C, { slug: 'bare', title: 'Bare', builtins: false, visibility: 'public' });
  assert.equal(bare.status, 201);
  assert.deepEqual((await fac.api('GET', `${C}/bare/templates`)).json_.templates, []);

  // Members-only cycles are invisible to the others; public ones are listed.
  assert.ok(!(await kit.client().api('GET', C)).json_.cycles.some((c) => c.slug === 'ruptures'));
  assert.ok((await kit.client().api('GET', C)).json_.cycles.some((c) => c.slug === 'bare' && c.role === null));
  assertJsonError(await kit.client().api('GET', S), 404, 'anonymous on a members-only cycle');
  assertJsonError(await other.api('GET', S), 404, 'a non-member on a members-only cycle');
  assertJsonError(await fac.api('GET', `${C}/nope`), 404, 'unknown cycle');
  const adm = await kit.admin.api('GET', S);
  assert.equal(adm.status, 200);
  assert.equal(adm.json_.role, 'facilitator', 'an administrator counts as a facilitator');

  const p = await fac.api('PATCH', S, { question: 'Quelles ruptures pour 2040 ?', horizon: null });
  assert.equal(p.status, 200);
  assert.equal(p.json_.question, 'Quelles ruptures pour 2040 ?');
  assert.equal(p.json_.horizon, null);
  assert.equal(p.json_.title, 'Ruptures 2026', 'fields not sent stay');
});

test('cycles: wrong bodies get 400 or 422 with problems, and create nothing', T, async () => {
  const before = await slugs(kit.admin);
  for (const [body, what] of [
    [{ slug: 'x1', title: 'X', horizon: '2040' }, 'horizon as a string'],
    [{ slug: 'x2', title: 'X', horizon: 2040.5 }, 'horizon not whole'],
    [{ slug: 'x3', title: 'X', builtins: 'yes' }, 'builtins as a string'],
    [{ slug: 'x4', title: 42 }, 'title as a number'],
    [{ title: 'X' }, 'no slug'],
  ]) assertJsonError(await fac.api('POST', C, body), 400, what);
  assert.deepEqual(fields(await fac.api('POST', C, { slug: 'Bad Slug', title: 'X' }), 'bad slug'), ['slug']);
  assert.deepEqual(fields(await fac.api('POST', C, { slug: 'ruptures', title: 'Again' }), 'taken slug'), ['slug']);
  assert.deepEqual(fields(await fac.api('POST', C, { slug: 'x5', title: '', horizon: 1800, visibility: 'secret' }), 'three rules').sort(),
    ['horizon', 'title', 'visibility']);
  assert.deepEqual(await slugs(kit.admin), before, 'no cycle was created');
  assert.deepEqual(fields(await fac.api('PATCH', S, { visibility: 'everyone' }), 'patch visibility'), ['visibility']);
  assertJsonError(await fac.api('PATCH', S, { archived: 'no' }), 400, 'archived as a string');
  assert.equal((await fac.api('GET', S)).json_.visibility, 'members', 'unchanged');
});

test('phases: replaced as a whole; an invalid list keeps the old one', T, async () => {
  const phases = [
    { name: 'Explorer', kind: 'explore', starts_on: '2026-01-05', ends_on: '2026-03-31' },
    { name: 'Imaginer', kind: 'imagine', starts_on: '2026-04-01', ends_on: null },
    { name: 'Séminaire', kind: 'select' },
  ];
  const r = await fac.api('PUT', `${S}/phases`, phases);
  assert.equal(r.status, 200, r.text_);
  assert.deepEqual(r.json_.phases.map((p) => [p.name, p.kind, p.starts_on, p.ends_on]), [
    ['Explorer', 'explore', '2026-01-05', '2026-03-31'], ['Imaginer', 'imagine', '2026-04-01', null], ['Séminaire', 'select', null, null],
  ]);
  const bad = await fac.api('PUT', `${S}/phases`, { phases: [{ name: '', kind: 'explore' }, { name: 'B', kind: 'dream' },
    { name: 'C', kind: 'act', starts_on: '2026-05-01', ends_on: '2026-04-01' }, { name: 'D', kind: 'act', starts_on: '2026-02-30' }] });
  assert.deepEqual(fields(bad, 'invalid phases'), ['phases[0].name', 'phases[1].kind', 'phases[2].ends_on', 'phases[3].starts_on']);
  assertJsonError(await fac.api('PUT', `${S}/phases`, [{ name: 'A', kind: 7 }]), 400, 'kind as a number');
  assertJsonError(await fac.api('PUT', `${S}/phases`, ['explore']), 400, 'a phase that is not an object');
  assertJsonError(await fac.api('PUT', `${S}/phases`, { phases: 'explore' }), 400, 'phases not an array');
  assert.equal((await fac.api('GET', S)).json_.phases.length, 3, 'the phases stayed');
});

test('members: add an account, invite an unknown address; who sees what', T, async () => {
  const add = await fac.api('POST', `${S}/members`, { email: 'PART@example.org', role: 'participant' });
  assert.equal(add.status, 200, add.text_);
  assert.deepEqual(add.json_, { added: true });
  assert.equal((await part.api('GET', S)).json_.role, 'participant', 'the account is a member at once');
  assert.equal((await fac.api('POST', `${S}/members`, { email: 'part2@example.org', role: 'participant' })).status, 200);

  const inv = await fac.api('POST', `${S}/members`, { email: 'newcomer@example.org', role: 'facilitator' });
  assert.equal(inv.status, 200);
  assert.equal(inv.json_.invited, true);
  assert.match(inv.json_.invitation_url, /^\/invitations\/[A-Za-z0-9_-]{20,}$/);

  const list = await fac.api('GET', `${S}/members`);
  assert.equal(list.status, 200);
  const byEmail = Object.fromEntries(list.json_.members.map((m) => [m.email, m]));
  assert.equal(byEmail['fac@example.org'].role, 'facilitator');
  assert.equal(byEmail['part@example.org'].role, 'participant');
  assert.equal(byEmail['part@example.org'].name, 'Paul Participant');
  assert.ok(list.json_.invitations.some((i) => i.email === 'newcomer@example.org' && i.role === 'facilitator'));
  assert.ok(!list.json_.members.some((m) => m.email === 'newcomer@example.org'), 'an invitation is not a membership');

  const seen = await part.api('GET', `${S}/members`);
  assert.equal(seen.status, 200);
  assert.ok(seen.json_.members.some((m) => m.name === 'Fanny Facilitatrice' && m.role === 'facilitator'));
  assert.ok(seen.json_.members.every((m) => !('email' in m)), 'participants do not see e-mails');
  assert.ok(!('invitations' in seen.json_));
  assertJsonError(await other.api('GET', `${S}/members`), 404, 'a non-member');
  assertJsonError(await part.api('POST', `${S}/members`, { email: 'x@example.org', role: 'participant' }), 403, 'a participant inviting');

  assert.deepEqual(fields(await fac.api('POST', `${S}/members`, { email: 'not-an-email', role: 'chief' }), 'bad invite').sort(), ['email', 'role']);
  // The only facilitator cannot step down or leave.
  const facId = byEmail['fac@example.org'].user_id;
  assertJsonError(await fac.api('POST', `${S}/members`, { email: 'fac@example.org', role: 'participant' }), 409, 'last facilitator demoted');
  assertJsonError(await fac.api('DELETE', `${S}/members/${facId}`), 409, 'last facilitator removed');
  assert.equal((await fac.api('GET', S)).json_.role, 'facilitator', 'still facilitator');

  const otherAdded = await fac.api('POST', `${S}/members`, { email: 'other@example.org', role: 'participant' });
  assert.equal(otherAdded.status, 200);
  const otherId = (await fac.api('GET', `${S}/members`)).json_.members.find((m) => m.email === 'other@example.org').user_id;
  assert.equal((await fac.api('DELETE', `${S}/members/${otherId}`)).status, 204);
  assertJsonError(await other.api('GET', S), 404, 'removed again');
  assertJsonError(await fac.api('DELETE', `${S}/members/${otherId}`), 404, 'not a member any more');
  assertJsonError(await fac.api('DELETE', `${S}/members/abc`), 404, 'not a number');
});

test('taxonomies: create one, add and change terms; a built-in by name; problems keep nothing', T, async () => {
  const r = await fac.api('POST', `${S}/taxonomies`, {
    slug: 'themes', name: 'Thèmes', description: 'Les thèmes du cycle',
    terms: [{ code: 'mobilite', label: 'Mobilité', hashtags: ['#mobilite'], examples: ['vélo'] }],
  });
  assert.equal(r.status, 201, r.text_);
  assert.deepEqual(r.json_.terms, [{ code: 'mobilite', label: 'Mobilité', count: 0, definition: '', hashtags: ['#mobilite'], examples: ['vélo'] }]);
  const t = await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'energie', label: ' Énergie ', definition: 'Produire et consommer' });
  assert.equal(t.status, 201, t.text_);
  assert.equal(t.json_.label, 'Énergie');
  const t2 = await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'habitat', label: 'Habitat' });
  assert.equal(t2.status, 201);
  assert.deepEqual(fields(await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'energie', label: 'Twice' }), 'taken code'), ['code']);
  assert.deepEqual(fields(await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'a b', label: '' }), 'bad term').sort(), ['code', 'label']);
  assertJsonError(await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'x', label: 'X', hashtags: '#x' }), 400, 'hashtags not an array');
  assertJsonError(await fac.api('POST', `${S}/taxonomies/themes/terms`, { code: 'x', label: 'X', examples: [1] }), 400, 'examples not strings');
  assertJsonError(await part.api('POST', `${S}/taxonomies/themes/terms`, { code: 'x', label: 'X' }), 403, 'a participant');
  assertJsonError(await fac.api('POST', `${S}/taxonomies/nope/terms`, { code: 'x', label: 'X' }), 404, 'unknown taxonomy');

  const p = await fac.api('PATCH', `${S}/taxonomies/themes/terms/habitat`, { label: 'Habiter', examples: ['colocation'] });
  assert.equal(p.status, 200);
  assert.equal(p.json_.label, 'Habiter');
  assert.deepEqual(p.json_.examples, ['colocation']);
  assertJsonError(await fac.api('PATCH', `${S}/taxonomies/themes/terms/nope`, { label: 'X' }), 404, 'unknown term');
  const renamed = await fac.api('PATCH', `${S}/taxonomies/themes/terms/habitat`, { code: 'logement' });
  assert.equal(renamed.status, 200, 'an unused code can change');
  assert.equal((await fac.api('DELETE', `${S}/taxonomies/themes/terms/logement`)).status, 204);

  const g = await part.api('GET', `${S}/taxonomies/themes`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.json_.terms.map((x) => x.code), ['mobilite', 'energie']);

  const bad = await fac.api('POST', `${S}/taxonomies`, { slug: 'broken', name: 'Broken', terms: [{ code: 'ok', label: 'OK' }, { code: 'a:b', label: 'Colon' }] });
  assert.deepEqual(fields(bad, 'bad code in a new taxonomy'), ['terms[1].code']);
  assertJsonError(await fac.api('GET', `${S}/taxonomies/broken`), 404, 'the broken taxonomy was not kept, not even in part');
  assert.deepEqual(fields(await fac.api('POST', `${S}/taxonomies`, { builtin: 'nope' }), 'unknown built-in'), ['builtin']);
  assert.deepEqual(fields(await fac.api('POST', `${S}/taxonomies`, { builtin: 'odd' }), 'built-in already there'), ['slug']);
  const b = await fac.api('POST', `${C}/bare/taxonomies`, { builtin: 'qualites' });
  assert.equal(b.status, 201);
  assert.equal(b.json_.terms.length, 7);
});

test('templates: create, change with catalog rules, refuse a bad definition whole', T, async () => {
  const r = await fac.api('POST', `${S}/templates`, {
    slug: 'court', name: 'Scénario court', sections: [{ id: 'idee', type: 'text', label: 'Idée', required: true }],
  });
  assert.equal(r.status, 201, r.text_);
  assert.equal(r.json_.uses, 0);
  assert.match(r.json_.updated_at, ISO);
  const bad = await fac.api('PUT', `${S}/templates/court`, {
    name: 'Scénario court', sections: [{ id: 'idee', type: 'text', label: 'Idée' }, { id: 'liste', type: 'bullets', label: 'Liste' },
      { id: 'tags', type: 'tags', label: 'Tags', taxonomy: 'nope' }],
  });
  const f = fields(bad, 'bad template');
  assert.ok(f.some((x) => x.startsWith('sections[1]')), `the unknown type is located: ${f}`);
  assert.ok(f.some((x) => x.startsWith('sections[2]')), `the unknown taxonomy is located: ${f}`);
  assert.equal((await part.api('GET', `${S}/templates/court`)).json_.sections.length, 1, 'unchanged');
  const ok = await fac.api('PUT', `${S}/templates/court`, {
    name: 'Court', sections: [{ id: 'idee', type: 'text', label: 'Idée', required: true }, { id: 'themes', type: 'tags', label: 'Thèmes', taxonomy: 'themes' }],
  });
  assert.equal(ok.status, 200, ok.text_);
  assert.equal(ok.json_.name, 'Court');
  assert.deepEqual(ok.json_.sections.map((s) => s.id), ['idee', 'themes']);
  assertJsonError(await fac.api('PUT', `${S}/templates/court`, { name: 'Court', sections: {} }), 400, 'sections not an array');
  assertJsonError(await part.api('PUT', `${S}/templates/court`, { name: 'X', sections: [] }), 403, 'a participant');
  assertJsonError(await fac.api('GET', `${S}/templates/nope`), 404, 'unknown template');
  assert.deepEqual(fields(await fac.api('POST', `${C}/bare/templates`, { builtin: 'rupture' }), 'rupture needs its taxonomy'), ['sections[12].taxonomy']);
  assert.equal((await fac.api('POST', `${C}/bare/templates`, { builtin: 'fiche-defi' })).status, 201, 'qualites was installed above');
});

test('library: members add items, filters and facets, observations, who may change', T, async () => {
  const add = (c, body) => c.api('POST', `${S}/library`, body);
  const sig = await add(part, { kind: 'signal', title: 'Coopératives de vélos', date: '2024-05', tags: ['themes:mobilite'], status: 'a_surveiller', url: 'https://example.org/velo' });
  assert.equal(sig.status, 201, sig.text_);
  assert.match(sig.json_.uid, /^[a-z0-9]{8}$/);
  assert.equal(typeof sig.json_.created_by, 'number');
  assert.deepEqual(sig.json_.observations, []);
  assert.equal((await add(part, { kind: 'reference', title: 'Un livre', date: '2023-02-01', source: 'Éditions' })).status, 201);
  assert.equal((await add(fac, { kind: 'inspiration', title: 'Une ville', tags: ['themes:energie', 'qualites:frugal'] })).status, 201);

  const list = async (q) => (await part.api('GET', `${S}/library${q}`)).json_;
  const all = await list('');
  assert.equal(all.total, 3);
  assert.deepEqual(all.items.map((i) => i.title), ['Coopératives de vélos', 'Un livre', 'Une ville'], 'newest dated first, undated last');
  assert.deepEqual(all.facets.kind, { inspiration: 1, reference: 1, signal: 1 });
  assert.deepEqual(all.facets.status, { a_surveiller: 1 });
  assert.deepEqual((await list('?kind=signal')).items.map((i) => i.title), ['Coopératives de vélos']);
  assert.deepEqual((await list('?tag=themes:energie')).items.map((i) => i.title), ['Une ville']);
  assert.deepEqual((await list('?year=2023')).items.map((i) => i.title), ['Un livre']);
  assert.deepEqual((await list('?status=a_surveiller')).items.map((i) => i.title), ['Coopératives de vélos']);
  const page = await list('?limit=1&offset=1');
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((i) => i.title), ['Un livre']);
  assertJsonError(await part.api('GET', `${S}/library?limit=abc`), 400, 'limit not a number');
  assertJsonError(await part.api('GET', `${S}/library?limit=0`), 400, 'limit out of range');

  assert.deepEqual(fields(await add(part, { kind: 'rumeur', title: '' }), 'kind and title').sort(), ['kind', 'title']);
  assert.deepEqual(fields(await add(part, { kind: 'signe', title: 'X', tags: ['themes:nope'] }), 'unknown tag'), ['tags']);
  assert.deepEqual(fields(await add(part, { kind: 'signe', title: 'X', date: '2024-13', url: 'ftp://x' }), 'date and url').sort(), ['date', 'url']);
  assertJsonError(await add(part, { kind: 'signe', title: 'X', tags: 'themes:energie' }), 400, 'tags as a string');
  assertJsonError(await add(other, { kind: 'signe', title: 'X' }), 404, 'a non-member');
  assert.equal((await list('')).total, 3, 'nothing was added');

  // Observations move the status of a signal.
  const uid = sig.json_.uid;
  const obs = await part2.api('POST', `${S}/library/${uid}/observations`, { date: '2024-06-01', status: 'observe', note: 'Trois villes de plus' });
  assert.equal(obs.status, 201, obs.text_);
  assert.equal(obs.json_.status, 'observe');
  assert.deepEqual(obs.json_.observations.map((o) => [o.date, o.status, o.note]), [['2024-06-01', 'observe', 'Trois villes de plus']]);
  assert.deepEqual(fields(await part.api('POST', `${S}/library/${uid}/observations`, { date: '2024-6-1', note: '' }), 'bad observation').sort(), ['date', 'note']);
  assert.equal((await part.api('GET', `${S}/library/${uid}`)).json_.observations.length, 1);

  // The tag is counted on its term, which can then not be deleted.
  const themes = await part.api('GET', `${S}/taxonomies/themes`);
  assert.equal(themes.json_.terms.find((t) => t.code === 'mobilite').count, 1);
  assertJsonError(await fac.api('DELETE', `${S}/taxonomies/themes/terms/mobilite`), 409, 'a term in use');
  assertJsonError(await fac.api('PATCH', `${S}/taxonomies/themes/terms/mobilite`, { code: 'transport' }), 409, 'renaming a term in use');

  // The creator and the facilitators change an item; another participant cannot.
  const p = await part.api('PATCH', `${S}/library/${uid}`, { summary: 'Des **coopératives**', date: null });
  assert.equal(p.status, 200, p.text_);
  assert.equal(p.json_.summary, 'Des **coopératives**');
  assert.equal(p.json_.date, null);
  assert.deepEqual(p.json_.tags, ['themes:mobilite'], 'tags not sent stay');
  assertJsonError(await part2.api('PATCH', `${S}/library/${uid}`, { title: 'Mine' }), 403, 'another participant');
  assertJsonError(await part2.api('DELETE', `${S}/library/${uid}`), 403, 'another participant deleting');
  assert.equal((await fac.api('PATCH', `${S}/library/${uid}`, { tags: [] })).json_.tags.length, 0);
  assertJsonError(await fac.api('GET', `${S}/library/zzzzzzzz`), 404, 'unknown item');
  const ref = (await list('?kind=reference')).items[0].uid;
  assert.equal((await fac.api('DELETE', `${S}/library/${ref}`)).status, 204);
  assertJsonError(await part.api('GET', `${S}/library/${ref}`), 404, 'deleted');
});

test('scenarios: a validation error saves nothing; then write, edit, diff, restore, fork, move', T, async () => {
  const bad = await part.api('POST', `${S}/scenarios`, {
    template: 'rupture', title: 'Le réseau', sections: { chronique: [{ year: 'deux mille trente', text: 'x' }, { year: 2031, text: 'y' }], recit: RECIT_1 },
  });
  const f = fields(bad, 'a year that is not a number');
  assert.ok(f.includes('sections.chronique[0].year'), `field path: ${f}`);
  assert.deepEqual(fields(await part.api('POST', `${S}/scenarios`, { template: 'nope', title: 'X' }), 'unknown template'), ['template']);
  assertJsonError(await part.api('POST', `${S}/scenarios`, { template: 'rupture', title: 'X', sections: [] }), 400, 'sections not an object');
  assert.equal((await part.api('GET', `${S}/scenarios`)).json_.scenarios.length, 0, 'nothing was saved');

  const r = await part.api('POST', `${S}/scenarios`, {
    template: 'rupture', title: 'Le réseau des villes', summary: 'Des villes coopèrent.',
    sections: { chronique: CHRONIQUE, recit: RECIT_1, incertitudes: ['2'], souhaitable: { pros: ['plus de liens'], cons: [] } },
  });
  assert.equal(r.status, 201, r.text_);
  const uid = r.json_.uid;
  const one = `${S}/scenarios/${uid}`;
  assert.equal(r.json_.revision, 1);
  assert.equal(r.json_.status, 'brouillon');
  assert.equal(r.json_.template, 'rupture');
  assert.equal(r.json_.parent, null);
  assert.deepEqual(r.json_.authors.map((a) => a.name), ['Paul Participant']);
  assert.equal(r.json_.sections.recit, RECIT_1);

  const e = await part.api('PATCH', one, { sections: { ...r.json_.sections, recit: RECIT_2 }, note: 'plus dense' });
  assert.equal(e.status, 200, e.text_);
  assert.equal(e.json_.revision, 2);
  assert.equal(e.json_.title, 'Le réseau des villes', 'the title stays');
  assertJsonError(await part2.api('PATCH', one, { title: 'Pris' }), 403, 'a participant who is not an author');
  assertJsonError(await part.api('PATCH', one, { title: 7 }), 400, 'title as a number');
  assert.deepEqual(fields(await part.api('PATCH', one, { sections: { chronique: [CHRONIQUE[0]], recit: RECIT_2 } }), 'too few entries'), ['sections.chronique']);
  assert.equal((await part.api('GET', one)).json_.revision, 2, 'refused edits make no revision');

  const d = await part.api('GET', `${one}/diff?from=1&to=2`);
  assert.equal(d.status, 200, d.text_);
  assert.equal(d.json_.title.changed, false);
  const recit = d.json_.sections.find((s) => s.id === 'recit');
  assert.equal(recit.label, 'Le récit');
  assert.equal(recit.changed, true);
  assert.deepEqual(recit.spans.filter((s) => s.op !== 'same').map((s) => [s.op, s.text.trim()]), [['ins', 'dense']]);
  assert.equal(recit.spans.map((s) => s.text).join(''), RECIT_2, 'same and inserted spans rebuild the new text');
  assert.equal(d.json_.sections.find((s) => s.id === 'chronique').changed, false);
  const dflt = await part.api('GET', `${one}/diff`);
  assert.equal(dflt.json_.from, 1);
  assert.equal(dflt.json_.to, 2);
  assertJsonError(await part.api('GET', `${one}/diff?from=1&to=9`), 404, 'unknown revision');

  const rs = await part.api('POST', `${one}/restore`, { revision: 1 });
  assert.equal(rs.status, 200, rs.text_);
  assert.equal(rs.json_.revision, 3);
  assert.equal(rs.json_.sections.recit, RECIT_1);
  assert.deepEqual(fields(await part.api('POST', `${one}/restore`, { revision: 42 }), 'unknown revision'), ['revision']);
  assertJsonError(await part.api('POST', `${one}/restore`, { revision: '1' }), 400, 'revision as a string');
  const revs = await part.api('GET', `${one}/revisions`);
  assert.deepEqual(revs.json_.revisions.map((x) => x.number), [3, 2, 1]);
  assert.equal(revs.json_.revisions[1].note, 'plus dense');
  assert.equal(revs.json_.revisions[0].author.name, 'Paul Participant');
  const r2 = await part.api('GET', `${one}/revisions/2`);
  assert.equal(r2.json_.sections.recit, RECIT_2);
  assertJsonError(await part.api('GET', `${one}/revisions/7`), 404, 'unknown revision number');

  const fk = await fac.api('POST', `${one}/fork`, { title: 'La suite du réseau' });
  assert.equal(fk.status, 201, fk.text_);
  assert.equal(fk.json_.parent, uid);
  assert.equal(fk.json_.status, 'brouillon');
  assert.equal(fk.json_.sections.recit, RECIT_1, 'the continuation starts from the content');
  assert.deepEqual(fk.json_.authors.map((a) => a.name), ['Fanny Facilitatrice']);
  assert.deepEqual((await part.api('GET', one)).json_.forks.map((x) => x.uid), [fk.json_.uid]);

  // A draft may leave required sections empty; it cannot become a candidate so.
  const sketch = await fac.api('PATCH', `${S}/scenarios/${fk.json_.uid}`, { sections: { chronique: CHRONIQUE } });
  assert.equal(sketch.status, 200, sketch.text_);
  assert.equal(sketch.json_.sections.recit, undefined);
  assert.deepEqual(fields(await fac.api('POST', `${S}/scenarios/${fk.json_.uid}/status`, { status: 'candidat' }), 'a draft without its récit').sort(),
    ['sections.recit']);
  assert.equal((await fac.api('GET', `${S}/scenarios/${fk.json_.uid}`)).json_.status, 'brouillon');

  // Status: the author between brouillon and candidat; facilitators anywhere.
  const move = (c, status) => c.api('POST', `${one}/status`, { status });
  assert.equal((await move(part, 'candidat')).json_.status, 'candidat');
  assertJsonError(await move(part, 'retenu'), 403, 'an author cannot retain');
  assertJsonError(await move(part2, 'brouillon'), 403, 'a participant who is not an author');
  assertJsonError(await move(part2, 'candidat'), 403, 'not even to the same status');
  assert.deepEqual(fields(await move(fac, 'accepte'), 'unknown status'), ['status']);
  const ret = await move(fac, 'retenu');
  assert.equal(ret.status, 200);
  assert.equal(ret.json_.status, 'retenu');
  assertJsonError(await move(part, 'candidat'), 403, 'an author cannot take it back');
  const listed = await part.api('GET', `${S}/scenarios?status=retenu`);
  assert.deepEqual(listed.json_.scenarios.map((x) => x.uid), [uid]);
  assert.deepEqual(listed.json_.facets.status, { brouillon: 1, retenu: 1 });
  assert.equal((await part.api('GET', `${S}/scenarios?template=micro-histoire`)).json_.scenarios.length, 0);
  assertJsonError(await part.api('GET', `${S}/scenarios?status=maybe`), 400, 'unknown status filter');
  assertJsonError(await part.api('GET', `${S}/scenarios/nope`), 404, 'unknown scenario');
});

test('search: accents and case are folded; results carry snippets', T, async () => {
  const r = await part.api('GET', `${S}/search?q=RESEAU`);
  assert.equal(r.status, 200, r.text_);
  assert.ok(r.json_.total >= 2, `both scenarios match: ${r.text_}`);
  const hit = r.json_.results.find((x) => x.title === 'Le réseau des villes');
  assert.ok(hit, 'the scenario is found');
  assert.equal(hit.kind, 'scenario');
  assert.ok(hit.snippet.some((p) => p.match && /^réseau$/i.test(p.text)), `the matched word is marked: ${JSON.stringify(hit.snippet)}`);
  const cooperative = await part.api('GET', `${S}/search?q=cooperatives&kind=item`);
  assert.deepEqual(cooperative.json_.results.map((x) => [x.kind, x.title]), [['item', 'Coopératives de vélos']]);
  assert.equal((await part.api('GET', `${S}/search?q=zzzzqqq`)).json_.total, 0);
  assert.equal((await part.api('GET', `${S}/search?q=`)).json_.results.length, 0);
  assertJsonError(await part.api('GET', `${S}/search?q=x&kind=user`), 400, 'unknown kind');
  assertJsonError(await other.api('GET', `${S}/search?q=reseau`), 404, 'a non-member');
});

test('copy and archive: the next edition keeps the catalogue; an archived cycle is read-only', T, async () => {
  const c = await fac.api('POST', `${S}/copy`, { slug: 'ruptures-2', title: 'Ruptures, saison 2' });
  assert.equal(c.status, 201, c.text_);
  assert.equal(c.json_.role, 'facilitator');
  assert.equal(c.json_.phases.length, 3);
  assert.ok((await fac.api('GET', `${C}/ruptures-2/taxonomies`)).json_.taxonomies.some((t) => t.slug === 'themes'));
  assert.equal((await fac.api('GET', `${C}/ruptures-2/scenarios`)).json_.scenarios.length, 0, 'content is not copied');
  assert.deepEqual(fields(await fac.api('POST', `${S}/copy`, { slug: 'ruptures-2', title: 'Again' }), 'taken slug'), ['slug']);
  assertJsonError(await part.api('POST', `${S}/copy`, { slug: 'ruptures-3', title: 'Mine' }), 403, 'a participant copying');

  assert.equal((await fac.api('PATCH', `${C}/ruptures-2`, { archived: true })).json_.archived, true);
  assert.ok(!(await fac.api('GET', C)).json_.cycles.some((x) => x.slug === 'ruptures-2'), 'archived cycles are hidden by default');
  assert.ok((await fac.api('GET', `${C}?archived=1`)).json_.cycles.some((x) => x.slug === 'ruptures-2'));
  const refused = await fac.api('POST', `${C}/ruptures-2/library`, { kind: 'signe', title: 'Trop tard' });
  assert.match(assertJsonError(refused, 403, 'writing in an archived cycle').message, /archived/);
  assertJsonError(await fac.api('PUT', `${C}/ruptures-2/phases`, []), 403, 'steering an archived cycle');
  assert.equal((await fac.api('PATCH', `${C}/ruptures-2`, { archived: false })).json_.archived, false, 'un-archiving is allowed');
});

test('export and import: the bundle goes out and comes back under another slug', T, async () => {
  const ex = await fac.api('GET', `${S}/export`);
  assert.equal(ex.status, 200, ex.text_);
  assert.match(ex.headers.get('content-type'), /^application\/json/);
  assert.match(ex.headers.get('content-disposition') || '', /ruptures\.json/);
  const bundle = JSON.parse(ex.text_);
  assert.equal(bundle.format, 'fabrique-bundle');
  assert.equal(bundle.cycle.slug, 'ruptures');
  assert.equal(bundle.scenarios.length, 2);
  assertJsonError(await part.api('GET', `${S}/export`), 403, 'a participant exporting');

  const imp = await part2.api('POST', `${C}/import?slug=ruptures-bis`, bundle);
  assert.equal(imp.status, 201, imp.text_);
  assert.equal(imp.json_.slug, 'ruptures-bis');
  assert.equal(imp.json_.title, 'Ruptures 2026');
  assert.equal(imp.json_.role, 'facilitator', 'the importer facilitates the copy');
  const again = await part2.api('GET', `${C}/ruptures-bis/export`);
  assert.equal(again.status, 200);
  const b2 = JSON.parse(again.text_);
  assert.deepEqual(b2.scenarios, bundle.scenarios, 'scenarios survive the round trip');
  assert.deepEqual(b2.library, bundle.library, 'the library survives the round trip');
  assert.deepEqual(b2.taxonomies, bundle.taxonomies);
  assert.deepEqual(b2.templates, bundle.templates);
  assert.deepEqual(b2.phases, bundle.phases);

  const taken = await part2.api('POST', `${C}/import`, bundle);
  const e = assertJsonError(taken, 422, 'slug already used');
  assert.equal(e.code, 'invalid_bundle');
  assert.equal(e.path, '$.cycle.slug');
  const broken = structuredClone(bundle);
  broken.scenarios[0].sections.chronique[0].year = 'soon';
  const e2 = assertJsonError(await part2.api('POST', `${C}/import?slug=ruptures-ter`, broken), 422, 'bad scenario content');
  assert.equal(e2.code, 'invalid_bundle');
  assert.match(e2.path, /^\$\.scenarios\[0\]\.sections\.chronique\[0\]\.year/);
  assertJsonError(await part2.api('GET', `${C}/ruptures-ter`), 404, 'nothing of a refused bundle is kept');
  assert.deepEqual(fields(await part2.api('POST', `${C}/import?slug=Not OK`, bundle), 'bad slug parameter'), ['slug']);
  assertJsonError(await part2.api('POST', `${C}/import`, [bundle]), 400, 'an array is not a bundle');
  assertJsonError(await kit.client().api('POST', `${C}/import`, bundle), 401, 'anonymous');
});

// ---- the answers are the ones docs/openapi.json describes ----

const doc = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8'));
const resolve = (n) => {
  for (let i = 0; n && n.$ref && i < 20; i++) n = n.$ref.slice(2).split('/').reduce((o, k) => o[k], doc);
  return n;
};
/** Problems of value against an OpenAPI schema; objects are strict: a
 *  member the schema does not describe is a problem. */
function check(schema, value, at = '$', out = []) {
  const s = resolve(schema);
  if (s.oneOf) {
    if (!s.oneOf.some((alt) => check(alt, value, at).length === 0)) out.push(`${at}: matches no alternative`);
    return out;
  }
  if (value === null) {
    if (!s.nullable) out.push(`${at}: null but not nullable`);
    return out;
  }
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && s.type !== actual && !(s.type === 'number' && actual === 'integer')) out.push(`${at}: ${actual}, want ${s.type}`);
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${s.enum}`);
  if (s.pattern && typeof value === 'string' && !new RegExp(s.pattern).test(value)) out.push(`${at}: does not match ${s.pattern}`);
  if (s.format === 'date-time' && typeof value === 'string' && !ISO.test(value)) out.push(`${at}: not an ISO time`);
  if (actual === 'array' && s.items) value.forEach((v, i) => check(s.items, v, `${at}[${i}]`, out));
  if (actual === 'object' && s.type === 'object') {
    for (const r of s.required || []) if (!(r in value)) out.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (s.properties && s.properties[k]) check(s.properties[k], v, `${at}.${k}`, out);
      else if (typeof s.additionalProperties === 'object') check(s.additionalProperties, v, `${at}.${k}`, out);
      else if (s.additionalProperties !== true) out.push(`${at}: undocumented member ${k}`);
    }
  }
  return out;
}
function assertDocumented(path, method, res) {
  const op = doc.paths[path] && doc.paths[path][method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  const r = resolve(op.responses[String(res.status)]);
  assert.ok(r, `${method} ${path} documents the answer ${res.status}`);
  if (res.status === 204) return;
  const schema = r.content['application/json'].schema;
  assert.deepEqual(check(schema, res.json_), [], `${method} ${path} ${res.status} differs from docs/openapi.json`);
}

test('answers match docs/openapi.json, successes and errors alike', T, async () => {
  const P = '/api/v1/cycles/{slug}';
  const sc = (await part.api('GET', `${S}/scenarios`)).json_.scenarios[0].uid;
  const item = (await part.api('GET', `${S}/library`)).json_.items[0].uid;
  const cases = [
    ['/api/v1/cycles', 'GET', fac, C],
    ['/api/v1/cycles', 'POST', fac, C, { slug: 'documented', title: 'Documented', horizon: 2050 }],
    ['/api/v1/cycles', 'POST', fac, C, { slug: 'Bad', title: '' }],
    ['/api/v1/cycles', 'POST', fac, C, { slug: 7 }],
    ['/api/v1/cycles', 'POST', kit.client(), C, { slug: 'x', title: 'X' }],
    [P, 'GET', part, S], [P, 'GET', other, S], [P, 'PATCH', fac, S, { description: 'Décrit' }], [P, 'PATCH', part, S, { description: 'x' }],
    [`${P}/phases`, 'PUT', fac, `${S}/phases`, [{ name: 'Explorer', kind: 'explore', starts_on: '2026-01-05', ends_on: null }]],
    [`${P}/phases`, 'PUT', fac, `${S}/phases`, [{ name: 'Explorer', kind: 'nope' }]],
    [`${P}/members`, 'GET', fac, `${S}/members`], [`${P}/members`, 'GET', part, `${S}/members`],
    [`${P}/members`, 'POST', fac, `${S}/members`, { email: 'documented@example.org', role: 'participant' }],
    [`${P}/members`, 'POST', fac, `${S}/members`, { email: 'part2@example.org', role: 'participant' }],
    [`${P}/taxonomies`, 'GET', part, `${S}/taxonomies`], [`${P}/taxonomies/{tax}`, 'GET', part, `${S}/taxonomies/themes`],
    [`${P}/taxonomies/{tax}/terms`, 'POST', fac, `${S}/taxonomies/themes/terms`, { code: 'eau', label: 'Eau' }],
    [`${P}/taxonomies/{tax}/terms/{code}`, 'PATCH', fac, `${S}/taxonomies/themes/terms/eau`, { definition: 'H2O' }],
    [`${P}/taxonomies/{tax}/terms/{code}`, 'DELETE', fac, `${S}/taxonomies/themes/terms/eau`],
    [`${P}/taxonomies/{tax}/terms/{code}`, 'DELETE', fac, `${S}/taxonomies/themes/terms/mobilite`],
    [`${P}/templates`, 'GET', part, `${S}/templates`], [`${P}/templates/{tpl}`, 'GET', part, `${S}/templates/rupture`],
    [`${P}/templates/{tpl}`, 'PUT', fac, `${S}/templates/court`, { name: 'Court', sections: [{ id: 'x', type: 'nope', label: 'X' }] }],
    [`${P}/library`, 'GET', part, `${S}/library`], [`${P}/library/{uid}`, 'GET', part, `${S}/library/${item}`],
    [`${P}/library`, 'POST', part, `${S}/library`, { kind: 'interview', title: 'Entretien', speaker_type: 'élue' }],
    [`${P}/library/{uid}/observations`, 'POST', part, `${S}/library/${item}/observations`, { date: '2026-02-01', note: 'Encore' }],
    [`${P}/scenarios`, 'GET', part, `${S}/scenarios`], [`${P}/scenarios/{uid}`, 'GET', part, `${S}/scenarios/${sc}`],
    [`${P}/scenarios/{uid}/revisions`, 'GET', part, `${S}/scenarios/${sc}/revisions`],
    [`${P}/scenarios/{uid}/revisions/{n}`, 'GET', part, `${S}/scenarios/${sc}/revisions/1`],
    [`${P}/scenarios/{uid}/diff`, 'GET', part, `${S}/scenarios/${sc}/diff?from=1&to=2`],
    [`${P}/scenarios/{uid}/status`, 'POST', part, `${S}/scenarios/${sc}/status`, { status: 'publie' }],
    [`${P}/scenarios`, 'POST', part, `${S}/scenarios`, { template: 'rupture', title: 'X', sections: { chronique: 'soon' } }],
    [`${P}/search`, 'GET', part, `${S}/search?q=reseau`],
    ['/api/v1/cycles/import', 'POST', part, `${C}/import`, { format: 'fabrique-bundle', version: 99 }],
  ];
  for (const [docPath, method, client, path, body] of cases) {
    assertDocumented(docPath, method, await client.api(method, path, body));
  }
});
