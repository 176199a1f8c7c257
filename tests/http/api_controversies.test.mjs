// api_controversies.test.mjs — the JSON API of controversies, end to end: a
// facilitator creates controversies (drafts hidden from the others), adds
// statements that are accepted at once while participants' proposals wait
// for moderation; facilitators accept, reject, mark meta or requeue them;
// signed-in people vote with the participant identity of their account
// (created from nickname and org_kind the first time); the background
// worker computes the map that /report answers; facilitators close and
// reopen a controversy or change its texts (PATCH) and freeze its map into
// numbered reports that anyone who reads it may read. Each role is refused what
// the web refuses it, and every refusal changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, ROOT, T } from '../lib/server.mjs';
import { assertJsonError } from '../lib/checks.mjs';

const DOC = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8'));
const C = '/api/v1/cycles';
const PUB = `${C}/debats`;
const PRIV = `${C}/prive`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let kit, fac, part, other, anon;
let open, draft; // uids in the public cycle
let privUid;     // uid in the members-only cycle

before(async () => {
  kit = await startWithAdmin();
  const f = await kit.createUser('fac@example.org', { name: 'Fanny Facilitatrice' });
  const p = await kit.createUser('part@example.org', { name: 'Paul Participant' });
  const o = await kit.createUser('other@example.org', { name: 'Otto Outsider' });
  fac = await kit.loginAs(f.email, f.password);
  part = await kit.loginAs(p.email, p.password);
  other = await kit.loginAs(o.email, o.password);
  anon = kit.client();
  for (const [slug, visibility] of [['debats', 'public'], ['prive', 'members']]) {
    const r = await fac.api('POST', C, { slug, title: `Cycle ${slug}`, visibility, builtins: false });
    assert.equal(r.status, 201, r.text_);
    assert.equal((await fac.api('POST', `${C}/${slug}/members`, { email: p.email, role: 'participant' })).status, 200);
  }
});
after(async () => { if (kit) await kit.stop(); });

/** Checks obj against a schema of docs/openapi.json: every required
 *  member present, none undocumented. */
function assertShape(obj, name, what) {
  const s = DOC.components.schemas[name];
  for (const k of s.required || []) assert.ok(k in obj, `${what}: missing ${k}`);
  for (const k of Object.keys(obj)) assert.ok(k in s.properties, `${what}: undocumented ${k}`);
}
function problemFields(res, what) {
  const e = assertJsonError(res, 422, what);
  assert.equal(e.code, 'invalid', `${what}: code`);
  return e.problems.map((p) => p.field).sort();
}
const list = async (c, base = PUB) => (await c.api('GET', `${base}/controversies`)).json_.controversies.map((x) => x.title).sort();
const detail = async (c, uid, base = PUB) => (await c.api('GET', `${base}/controversies/${uid}`)).json_;
const counts = async (uid, base = PUB) => (await detail(fac, uid, base)).statements
  .map((s) => `${s.number}:${s.status}${s.is_meta ? '/meta' : ''}:${s.agree}/${s.disagree}/${s.pass}`);

test('controversies: facilitators create them; drafts are theirs only; who sees which cycle', T, async () => {
  const r = await fac.api('POST', `${PUB}/controversies`, {
    title: '  Le numérique, pour quoi faire ?  ', question: 'À quoi doit-il servir ?', description: 'En **bref**.',
  });
  assert.equal(r.status, 201, r.text_);
  assertShape(r.json_, 'Controversy', 'created');
  assert.equal(r.json_.title, 'Le numérique, pour quoi faire ?', 'the title is trimmed');
  assert.equal(r.json_.state, 'open', 'open by default');
  assert.equal(r.json_.proposals, true, 'proposals by default');
  assert.match(r.json_.join_code, /^\w+$/);
  assert.match(r.json_.created_at, ISO);
  assert.deepEqual(r.json_.statements, []);
  open = r.json_.uid;
  const d = await fac.api('POST', `${PUB}/controversies`, { title: 'En préparation', state: 'draft', proposals: false });
  assert.equal(d.status, 201);
  assert.equal(d.json_.state, 'draft');
  assert.equal(d.json_.proposals, false);
  draft = d.json_.uid;
  const pv = await kit.admin.api('POST', `${PRIV}/controversies`, { title: 'Entre nous' });
  assert.equal(pv.status, 201, 'an administrator counts as a facilitator');
  privUid = pv.json_.uid;

  // Drafts are listed and readable for the facilitators only.
  assert.deepEqual(await list(fac), ['En préparation', 'Le numérique, pour quoi faire ?']);
  for (const [c, who] of [[part, 'a participant'], [other, 'a non-member'], [anon, 'anonymous']]) {
    const l = await c.api('GET', `${PUB}/controversies`);
    assert.equal(l.status, 200, who);
    assert.deepEqual(l.json_.controversies.map((x) => x.title), ['Le numérique, pour quoi faire ?'], who);
    assertShape(l.json_.controversies[0], 'Controversy', `${who}: list item`);
    assert.deepEqual(l.json_.controversies[0].counts, { statements: 0, voters: 0, votes: 0 });
    assert.equal(l.json_.controversies[0].join_code, null, `${who}: no join code`);
    assertJsonError(await c.api('GET', `${PUB}/controversies/${draft}`), 404, `${who} reading a draft`);
    assert.equal((await c.api('GET', `${PUB}/controversies/${open}`)).status, 200, `${who} reading an open one`);
  }
  assert.equal((await fac.api('GET', `${PUB}/controversies/${draft}`)).status, 200);
  assertJsonError(await fac.api('GET', `${PUB}/controversies/nope`), 404, 'unknown uid');
  assertJsonError(await fac.api('GET', `${C}/nope/controversies`), 404, 'unknown cycle');

  // Members-only: for members.
  assertJsonError(await anon.api('GET', `${PRIV}/controversies`), 404, 'anonymous, members-only');
  assertJsonError(await other.api('GET', `${PRIV}/controversies/${privUid}`), 404, 'non-member, members-only');
  assert.deepEqual(await list(part, PRIV), ['Entre nous']);
});

test('controversies: wrong bodies and wrong roles create nothing', T, async () => {
  const before = await list(fac);
  assertJsonError(await part.api('POST', `${PUB}/controversies`, { title: 'Moi aussi' }), 403, 'a participant');
  assertJsonError(await other.api('POST', `${PUB}/controversies`, { title: 'Moi aussi' }), 403, 'a non-member');
  assertJsonError(await anon.api('POST', `${PUB}/controversies`, { title: 'Moi aussi' }), 401, 'anonymous');
  assertJsonError(await other.api('POST', `${PRIV}/controversies`, { title: 'Moi aussi' }), 404, 'a non-member, members-only');
  assertJsonError(await fac.api('POST', `${PUB}/controversies`, { title: 7 }), 400, 'title as a number');
  assertJsonError(await fac.api('POST', `${PUB}/controversies`, { title: 'X', proposals: 'yes' }), 400, 'proposals as a string');
  assertJsonError(await fac.api('POST', `${PUB}/controversies`, ['X']), 400, 'not an object');
  assertJsonError(await fac.api('POST', `${PUB}/controversies`, { title: 'X' }, { csrf: false }), 403, 'no CSRF token');
  assert.deepEqual(problemFields(await fac.api('POST', `${PUB}/controversies`, { title: ' ', state: 'secret' }), 'two rules'),
    ['state', 'title']);
  assert.deepEqual(problemFields(await fac.api('POST', `${PUB}/controversies`, { title: 'x'.repeat(201), question: 'q'.repeat(301) }), 'lengths'),
    ['question', 'title']);
  assert.deepEqual(await list(fac), before, 'nothing was created');
});

test('statements: facilitators add accepted ones; participants propose pending ones', T, async () => {
  const S = `${PUB}/controversies/${open}/statements`;
  for (const [i, body] of ['Le numérique doit servir les services publics.', 'Chacun doit pouvoir vivre sans smartphone.',
    'Ce débat est utile.'].entries()) {
    const r = await fac.api('POST', S, { body });
    assert.equal(r.status, 201, r.text_);
    assertShape(r.json_, 'Statement', 'added');
    assert.deepEqual([r.json_.number, r.json_.status, r.json_.origin, r.json_.author, r.json_.agree], [i + 1, 'accepted', 'facilitator', 'Fanny Facilitatrice', 0]);
  }
  const three = await counts(open);
  assert.deepEqual(problemFields(await fac.api('POST', S, { body: '  LE NUMERIQUE doit servir les services publics. ' }), 'a duplicate'), ['body']);
  assert.deepEqual(problemFields(await fac.api('POST', S, { body: '   ' }), 'empty'), ['body']);
  assert.deepEqual(problemFields(await fac.api('POST', S, {}), 'no body'), ['body']);
  assert.deepEqual(problemFields(await fac.api('POST', S, { body: 'é'.repeat(281) }), 'too long'), ['body']);
  assertJsonError(await fac.api('POST', S, { body: 12 }), 400, 'body as a number');
  assertJsonError(await anon.api('POST', S, { body: 'Anonyme' }), 401, 'anonymous');

  // A participant without an identity in the cycle: nickname and org_kind are asked for.
  assert.deepEqual(problemFields(await part.api('POST', S, { body: 'Les écrans à l’école : non.' }), 'no identity'), ['nickname', 'org_kind']);
  assert.deepEqual(problemFields(await part.api('POST', S, { body: 'Les écrans à l’école : non.', nickname: 'Paul', org_kind: 'secte' }), 'bad org_kind'), ['org_kind']);
  assert.deepEqual(await counts(open), three, 'nothing was proposed');
  const p = await part.api('POST', S, { body: 'Les écrans à l’école : non.', nickname: '  Paulo  ', org_kind: 'association' });
  assert.equal(p.status, 201, p.text_);
  assert.deepEqual([p.json_.number, p.json_.status, p.json_.origin, p.json_.author], [4, 'pending', 'participant', null]);
  // The identity stays: no nickname needed any more, and a new one is ignored.
  const p2 = await part.api('POST', S, { body: 'Internet est un bien commun.', nickname: 'Autre', org_kind: 'pme' });
  assert.equal(p2.status, 201, p2.text_);
  // A signed-in non-member of a public cycle takes part as on the web.
  const o = await other.api('POST', S, { body: 'La 5G ne sert à rien.', nickname: 'Otto', org_kind: 'pme' });
  assert.equal(o.status, 201, o.text_);
  assert.equal(o.json_.status, 'pending');

  const seen = await detail(part, open);
  assert.deepEqual(seen.statements.map((s) => s.number), [1, 2, 3], 'participants see accepted statements only');
  assert.ok(seen.statements.every((s) => s.author === null), 'participants see no authors');
  const all = await detail(fac, open);
  assert.deepEqual(all.statements.map((s) => [s.number, s.status, s.author]), [
    [1, 'accepted', 'Fanny Facilitatrice'], [2, 'accepted', 'Fanny Facilitatrice'], [3, 'accepted', 'Fanny Facilitatrice'],
    [4, 'pending', 'Paulo'], [5, 'pending', 'Paulo'], [6, 'pending', 'Otto']]);
  all.statements.forEach((s) => assertShape(s, 'Statement', `statement ${s.number}`));

  // Drafts: hidden from participants; facilitators prepare them.
  assertJsonError(await part.api('POST', `${PUB}/controversies/${draft}/statements`, { body: 'Trop tôt' }), 404, 'proposing in a draft');
  assert.equal((await fac.api('POST', `${PUB}/controversies/${draft}/statements`, { body: 'Prêt.' })).status, 201);
  // A controversy that takes no proposals refuses them (409), and keeps nothing.
  const np = await fac.api('POST', `${PUB}/controversies`, { title: 'Sans propositions', proposals: false });
  const e = assertJsonError(await part.api('POST', `${PUB}/controversies/${np.json_.uid}/statements`, { body: 'Quand même' }), 409, 'no proposals');
  assert.equal(e.code, 'conflict');
  assert.deepEqual((await detail(fac, np.json_.uid)).statements, []);
});

test('moderation: facilitators accept, reject, mark meta, requeue', T, async () => {
  const M = (n) => `${PUB}/controversies/${open}/statements/${n}/moderation`;
  const before = await counts(open);
  assertJsonError(await part.api('POST', M(4), { action: 'accept' }), 403, 'a participant');
  assertJsonError(await other.api('POST', M(4), { action: 'accept' }), 403, 'a non-member');
  assertJsonError(await anon.api('POST', M(4), { action: 'accept' }), 401, 'anonymous');
  assert.deepEqual(problemFields(await fac.api('POST', M(4), { action: 'approve' }), 'unknown action'), ['action']);
  assert.deepEqual(problemFields(await fac.api('POST', M(4), {}), 'no action'), ['action']);
  assertJsonError(await fac.api('POST', M(4), { action: 'accept', note: 3 }), 400, 'note as a number');
  assertJsonError(await fac.api('POST', M(99), { action: 'accept' }), 404, 'unknown statement');
  assertJsonError(await fac.api('POST', M('x'), { action: 'accept' }), 404, 'not a number');
  assertJsonError(await fac.api('POST', `${PUB}/controversies/nope/statements/4/moderation`, { action: 'accept' }), 404, 'unknown controversy');
  assert.deepEqual(await counts(open), before, 'refusals changed nothing');

  const a = await fac.api('POST', M(4), { action: 'accept' });
  assert.equal(a.status, 200, a.text_);
  assertShape(a.json_, 'Statement', 'moderated');
  assert.equal(a.json_.status, 'accepted');
  const r = await fac.api('POST', M(6), { action: 'reject', note: '  Hors sujet  ' });
  assert.deepEqual([r.json_.status, r.json_.note], ['rejected', 'Hors sujet']);
  const m = await fac.api('POST', M(3), { action: 'meta' });
  assert.deepEqual([m.json_.status, m.json_.is_meta], ['accepted', true]);
  assert.equal((await fac.api('POST', M(4), { action: 'pending' })).json_.status, 'pending');
  assert.equal((await fac.api('POST', M(4), { action: 'accept' })).json_.status, 'accepted');
  assert.deepEqual((await detail(part, open)).statements.map((s) => [s.number, s.is_meta]), [[1, false], [2, false], [3, true], [4, false]],
    'participants now see the accepted proposal and the meta statement');
});

test('votes: with the identity of the account; a new vote replaces the old one; refusals change nothing', T, async () => {
  const V = `${PUB}/controversies/${open}/votes`;
  assertJsonError(await anon.api('POST', V, { statement: 1, vote: 'agree' }), 401, 'anonymous');
  const v = await part.api('POST', V, { statement: 1, vote: 'agree' });
  assert.equal(v.status, 200, v.text_);
  assertShape(v.json_, 'Vote', 'vote');
  assert.deepEqual([v.json_.statement, v.json_.vote, v.json_.participant.nickname, v.json_.participant.org_kind],
    [1, 'agree', 'Paulo', 'association'], 'the identity made when proposing');
  assert.equal((await part.api('POST', V, { statement: 1, vote: 'disagree' })).status, 200);
  assert.equal((await part.api('POST', V, { statement: 2, vote: 'pass' })).status, 200);
  assert.equal((await other.api('POST', V, { statement: 1, vote: 'agree' })).status, 200, 'a non-member of a public cycle');
  assert.equal((await part.api('POST', V, { statement: 3, vote: 'agree' })).status, 200, 'meta statements are voted on');
  const before = await counts(open);
  assert.deepEqual(before, ['1:accepted:1/1/0', '2:accepted:0/0/1', '3:accepted/meta:1/0/0', '4:accepted:0/0/0',
    '5:pending:0/0/0', '6:rejected:0/0/0']);

  // The facilitator has no identity in the cycle yet: asked for one.
  assert.deepEqual(problemFields(await fac.api('POST', V, { statement: 1, vote: 'agree' }), 'no identity'), ['nickname', 'org_kind']);
  assert.deepEqual(problemFields(await fac.api('POST', V, { statement: 1, vote: 'agree', nickname: 'x'.repeat(61), org_kind: 'pme' }), 'long nickname'), ['nickname']);
  assert.deepEqual(problemFields(await part.api('POST', V, { statement: 1, vote: 'maybe' }), 'bad vote'), ['vote']);
  assert.deepEqual(problemFields(await part.api('POST', V, { vote: 'agree' }), 'no statement'), ['statement']);
  assertJsonError(await part.api('POST', V, { statement: '1', vote: 'agree' }), 400, 'statement as a string');
  assertJsonError(await part.api('POST', V, { statement: 1, vote: true }), 400, 'vote as a boolean');
  assertJsonError(await part.api('POST', V, { statement: 1, vote: 'agree' }, { csrf: false }), 403, 'no CSRF token');
  let e = assertJsonError(await part.api('POST', V, { statement: 6, vote: 'agree' }), 409, 'a rejected statement');
  assert.match(e.message, /accepted/);
  assertJsonError(await part.api('POST', V, { statement: 5, vote: 'agree' }), 409, 'a pending statement');
  assertJsonError(await part.api('POST', V, { statement: 99, vote: 'agree' }), 404, 'an unknown statement');
  assertJsonError(await part.api('POST', `${PUB}/controversies/${draft}/votes`, { statement: 1, vote: 'agree' }), 404, 'a draft');
  e = assertJsonError(await fac.api('POST', `${PUB}/controversies/${draft}/votes`, { statement: 1, vote: 'agree', nickname: 'Fanny', org_kind: 'pme' }),
    409, 'a facilitator voting in a draft');
  assert.match(e.message, /not open/);
  assertJsonError(await other.api('POST', `${PRIV}/controversies/${privUid}/votes`, { statement: 1, vote: 'agree' }), 404, 'non-member, members-only');
  assert.deepEqual(await counts(open), before, 'refusals changed nothing');
  // The refused draft vote created no identity for the facilitator.
  assert.deepEqual(problemFields(await fac.api('POST', V, { statement: 1, vote: 'agree' }), 'still no identity'), ['nickname', 'org_kind']);
  const f = await fac.api('POST', V, { statement: 2, vote: 'agree', nickname: 'Fanny', org_kind: 'collectivite' });
  assert.equal(f.status, 200, f.text_);
  assert.equal(f.json_.participant.nickname, 'Fanny');

  // The web pages take part with the same identity: a web vote and an API
  // vote on one statement are one vote.
  const web = await part.post(`/c/debats/controversies/${open}/vote`, { statement: '4', value: 'agree' });
  assert.equal(web.status, 303, web.text_.slice(0, 300));
  assert.equal((await part.api('POST', V, { statement: 4, vote: 'disagree' })).status, 200);
  assert.deepEqual((await counts(open))[3], '4:accepted:0/1/0');
  assert.deepEqual((await fac.api('GET', `${PUB}/controversies`)).json_.controversies.find((x) => x.uid === open).counts,
    { statements: 4, voters: 3, votes: 6 });

  // A closed controversy takes no votes.
  const cl = await fac.api('POST', `${PUB}/controversies`, { title: 'Fermée', state: 'closed' });
  assert.equal((await fac.api('POST', `${PUB}/controversies/${cl.json_.uid}/statements`, { body: 'Trop tard.' })).status, 201);
  assertJsonError(await part.api('POST', `${PUB}/controversies/${cl.json_.uid}/votes`, { statement: 1, vote: 'agree' }), 409, 'closed');
  assert.deepEqual(await counts(cl.json_.uid), ['1:accepted:0/0/0']);
});

test('report: null before any vote, then the map the worker computed', T, async () => {
  const fresh = await fac.api('POST', `${PUB}/controversies`, { title: 'Sans votes' });
  const empty = await anon.api('GET', `${PUB}/controversies/${fresh.json_.uid}/report`);
  assert.equal(empty.status, 200, empty.text_);
  assert.deepEqual(empty.json_, { map: null, computed_at: null, stale: false });
  assertJsonError(await part.api('GET', `${PUB}/controversies/${draft}/report`), 404, 'a draft');
  assertJsonError(await anon.api('GET', `${PRIV}/controversies/${privUid}/report`), 404, 'members-only');

  let r;
  for (let i = 0; i < 200; i++) {
    r = await anon.api('GET', `${PUB}/controversies/${open}/report`);
    if (r.json_.map && !r.json_.stale) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(r.status, 200);
  assertShape(r.json_, 'OpinionReport', 'report');
  assertShape(r.json_.map, 'OpinionMap', 'map');
  assert.equal(r.json_.stale, false, 'the worker caught up');
  assert.match(r.json_.computed_at, ISO);
  const total = (await detail(fac, open)).statements.reduce((n, s) => n + s.agree + s.disagree + s.pass, 0);
  assert.equal(r.json_.map.votes, total);
  assert.equal(r.json_.map.voters, 3);
  const me = (await other.api('POST', `${PUB}/controversies/${open}/votes`, { statement: 2, vote: 'pass' })).json_.participant.id;
  assert.ok(r.json_.map.people.some((p) => p[0] === me), 'the voter is in the map');
  const s3 = r.json_.map.statements.find((s) => s.number === 3);
  assert.equal(s3.in_map, false, 'meta statements are left out of the map');
  // The vote just cast makes the map stale until the worker recomputes it.
  for (let i = 0; i < 200; i++) {
    r = await anon.api('GET', `${PUB}/controversies/${open}/report`);
    if (r.json_.map.votes === total + 1 && !r.json_.stale) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(r.json_.map.votes, total + 1, 'recomputed after the vote');
});

test('PATCH: facilitators close and reopen a controversy, change its texts; wrong bodies and roles change nothing', T, async () => {
  const B = `${PUB}/controversies/${open}`;
  const before = await detail(fac, open);
  assertJsonError(await anon.api('PATCH', B, { state: 'closed' }), 401, 'anonymous');
  assertJsonError(await part.api('PATCH', B, { state: 'closed' }), 403, 'a participant');
  assertJsonError(await other.api('PATCH', `${PRIV}/controversies/${privUid}`, { state: 'closed' }), 404, 'outside the members-only cycle');
  assert.deepEqual(problemFields(await fac.api('PATCH', B, { state: 'ouverte' }), 'unknown state'), ['state']);
  assert.deepEqual(problemFields(await fac.api('PATCH', B, { title: '   ' }), 'blank title'), ['title']);
  assert.deepEqual(problemFields(await fac.api('PATCH', B, { title: 'x'.repeat(201), question: 'q'.repeat(301) }), 'too long'), ['question', 'title']);
  assertJsonError(await fac.api('PATCH', B, { proposals: 'non' }), 400, 'proposals is not a boolean');
  assertJsonError(await fac.api('PATCH', `${PUB}/controversies/nope`, { state: 'closed' }), 404, 'no such controversy');
  assert.deepEqual(await detail(fac, open), before, 'the refusals changed nothing');

  let r = await fac.api('PATCH', B, { state: 'closed', proposals: false });
  assert.equal(r.status, 200, r.text_);
  assertShape(r.json_, 'Controversy', 'patched');
  assert.equal(r.json_.state, 'closed');
  assert.equal(r.json_.proposals, false);
  assert.equal(r.json_.title, before.title, 'members not given stay');
  assert.equal(r.json_.question, before.question);
  assert.equal(r.json_.statements.length, before.statements.length);
  assert.equal(assertJsonError(await part.api('POST', `${B}/votes`, { statement: 1, vote: 'agree' }), 409, 'a vote once closed').code, 'conflict');
  r = await fac.api('PATCH', B, { state: 'open', question: '  Et maintenant ?  ' });
  assert.equal(r.status, 200, r.text_);
  assert.equal(r.json_.state, 'open');
  assert.equal(r.json_.proposals, false, 'still no proposals');
  assert.equal(r.json_.question, 'Et maintenant ?', 'trimmed');
  assert.equal((await part.api('POST', `${B}/votes`, { statement: 1, vote: 'agree' })).status, 200, 'open again');
  assert.equal((await kit.admin.api('PATCH', B, { proposals: true })).json_.proposals, true, 'an administrator steers too');
});

test('frozen reports: facilitators freeze the map; anyone who reads the controversy reads them; later votes leave them as they were', T, async () => {
  const fresh = (await fac.api('POST', `${PUB}/controversies`, { title: 'Pas encore de carte' })).json_.uid;
  assert.equal(assertJsonError(await fac.api('POST', `${PUB}/controversies/${fresh}/reports`), 409, 'no map yet').code, 'conflict');
  assert.deepEqual((await anon.api('GET', `${PUB}/controversies/${fresh}/reports`)).json_, { reports: [] });

  const B = `${PUB}/controversies/${open}`;
  let map;
  for (let i = 0; i < 200; i++) {
    map = (await anon.api('GET', `${B}/report`)).json_;
    if (map.map && !map.stale) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assertJsonError(await anon.api('POST', `${B}/reports`), 401, 'anonymous');
  assertJsonError(await part.api('POST', `${B}/reports`), 403, 'a participant');
  assertJsonError(await fac.api('POST', `${B}/reports`, ['un', 'tableau']), 400, 'a body that is not an object');
  assert.deepEqual((await anon.api('GET', `${B}/reports`)).json_, { reports: [] }, 'the refusals froze nothing');

  const first = await fac.api('POST', `${B}/reports`);
  assert.equal(first.status, 201, first.text_);
  assertShape(first.json_, 'FrozenReportHeading', 'frozen');
  assert.equal(first.json_.number, 1);
  assert.equal(first.json_.frozen_by, 'Fanny Facilitatrice');
  assert.match(first.json_.frozen_at, ISO);
  assert.equal(first.json_.title, (await detail(fac, open)).title);
  const second = await kit.admin.api('POST', `${B}/reports`);
  assert.equal(second.status, 201, second.text_);
  assert.equal(second.json_.number, 2);
  assert.deepEqual((await anon.api('GET', `${B}/reports`)).json_.reports.map((x) => x.number), [2, 1], 'newest first');

  const one = await anon.api('GET', `${B}/reports/1`);
  assert.equal(one.status, 200, one.text_);
  assert.equal(one.json_.number, 1);
  assert.equal(one.json_.report.map.votes, map.map.votes, 'the map of that moment');
  const all = (await detail(fac, open)).statements;
  const accepted = all.filter((s) => s.status === 'accepted');
  assert.ok(accepted.length < all.length, 'some statements were not accepted');
  const frozen = (c) => c.api('GET', `${B}/reports/1`).then((x) => x.json_.report.statements.map((s) => `${s.number}:${s.body}`));
  assert.deepEqual(await frozen(anon), accepted.map((s) => `${s.number}:${s.body}`), 'others read the accepted statements');
  assert.deepEqual(await frozen(fac), all.map((s) => `${s.number}:${s.body}`), 'facilitators read every one');
  for (const bad of ['3', '0', 'abc']) assertJsonError(await anon.api('GET', `${B}/reports/${bad}`), 404, `report ${bad}`);
  assertJsonError(await other.api('GET', `${PRIV}/controversies/${privUid}/reports`), 404, 'outside the members-only cycle');
  assertJsonError(await part.api('GET', `${PUB}/controversies/${draft}/reports`), 404, 'a draft');

  // A new vote changes the live map, not the frozen one.
  assert.equal((await other.api('POST', `${B}/votes`, { statement: 1, vote: 'disagree' })).status, 200);
  for (let i = 0; i < 200; i++) {
    const r = (await anon.api('GET', `${B}/report`)).json_;
    if (r.map.votes !== map.map.votes && !r.stale) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.deepEqual((await anon.api('GET', `${B}/reports/1`)).json_, one.json_, 'report 1 as it was frozen');
});

test('an archived cycle refuses every write and stays readable', T, async () => {
  const B = `${PRIV}/controversies/${privUid}`;
  assert.equal((await fac.api('POST', `${B}/statements`, { body: 'Avant l’archive.' })).status, 201);
  assert.equal((await part.api('POST', `${B}/statements`, { body: 'Une proposition.', nickname: 'Paul', org_kind: 'pme' })).status, 201);
  assert.equal((await fac.api('PATCH', PRIV, { archived: true })).status, 200);
  const before = await counts(privUid, PRIV);
  for (const [c, method, path, body, what] of [
    [fac, 'POST', `${PRIV}/controversies`, { title: 'Nouvelle' }, 'creating'],
    [fac, 'POST', `${B}/statements`, { body: 'Après.' }, 'adding'],
    [fac, 'POST', `${B}/statements/2/moderation`, { action: 'accept' }, 'moderating'],
    [fac, 'PATCH', B, { state: 'closed' }, 'closing'],
    [fac, 'POST', `${B}/reports`, undefined, 'freezing'],
    [part, 'POST', `${B}/statements`, { body: 'Encore une.' }, 'proposing'],
    [part, 'POST', `${B}/votes`, { statement: 1, vote: 'agree' }, 'voting'],
    [kit.admin, 'POST', `${B}/votes`, { statement: 1, vote: 'agree', nickname: 'Ada', org_kind: 'pme' }, 'an administrator voting'],
  ]) assert.match(assertJsonError(await c.api(method, path, body), 403, what).message, /archived/, what);
  assert.deepEqual(await counts(privUid, PRIV), before, 'nothing changed');
  assert.deepEqual(await list(fac, PRIV), ['Entre nous']);
  assert.equal((await part.api('GET', B)).status, 200);
  assert.equal((await part.api('GET', `${B}/report`)).status, 200);
  assert.equal((await fac.api('PATCH', PRIV, { archived: false })).status, 200);
});
