// seminar_flow.test.mjs — the seminar day over HTTP, as a facilitator and a
// room of participants without accounts live it: the facilitator creates a
// seminar (approval, 2 scenarios of 4), moves it through its states; six
// people join by the code and vote (one changes their ballot, one sends a
// ballot the rules refuse); the projector shows no result before the vote
// closes; a ballot after closing gets a clear refusal and changes nothing; a
// tie across the cut is detected and resolved by lots with a given seed,
// which the results show; publishing sets the scenarios' statuses; the
// participants rank the working groups, the groups are formed and exported.
// Then one seminar per other ballot method, each counted by hand.
//
// Every expected count, ranking and group below was worked out by hand from
// the rules of DESIGN.md section 3 (and tally.h), never read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, T } from '../lib/server.mjs';
import { assertCleanHtml } from '../lib/checks.mjs';

const SCEN = ['Archipel', 'Bascule', 'Canopée', 'Dérive']; // A B C D
const SLUG = 'journee';
let kit, fac;
const sc = {}; // title -> {uid, id}

async function postForm(client, path, fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) p.append(k, String(x));
  p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() });
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status} ${String(res.text_).replace(/[\s\S]*<main[^>]*>/, "").slice(0, 1500)}`);
  return res;
}

const url = (sem, suffix = '') => `/c/${SLUG}/seminars/${sem.uid}${suffix}`;
const uidOf = (i) => sc[SCEN[i]].uid;

async function createSeminar(title, method, seats, params = {}) {
  const r = await postForm(fac, `/c/${SLUG}/seminars`, {
    title, method, seats: String(seats), max_approvals: '0', dots: '5', dots_max: '0', unranked: 'last',
    group_min: '0', group_max: '0', max_share: '0', candidate: SCEN.map((t) => sc[t].id), ...params,
  });
  expectStatus(r, 303, `creating ${title}`);
  const m = /^\/c\/journee\/seminars\/([A-Za-z0-9]+)\/control$/.exec(r.headers.get('location'));
  assert.ok(m, r.headers.get('location'));
  const control = expectStatus(await fac.get(`/c/${SLUG}/seminars/${m[1]}/control`), 200, 'control').text_;
  const code = /<strong class="code">([A-Z0-9]{6})<\/strong>/.exec(control);
  assert.ok(code, 'the control page shows the join code');
  for (const ch of code[1]) assert.ok(!'0O1IL2Z5S6G8B'.includes(ch), `the code ${code[1]} has no look-alike characters`);
  return { uid: m[1], code: code[1], method };
}

async function move(sem, ...states) {
  for (const to of states) expectStatus(await postForm(fac, url(sem, '/state'), { to }), 303, `→ ${to}`);
}

/** A new person without an account joins by the code; returns their client. */
async function joinByCode(sem, nickname, org = 'association') {
  const c = kit.client();
  const r = await postForm(c, '/join', { code: `${sem.code.slice(0, 3).toLowerCase()} ${sem.code.slice(3)}`, nickname, org_kind: org });
  expectStatus(r, 303, `${nickname} joins`);
  assert.equal(r.headers.get('location'), url(sem));
  assert.ok([...c.cookies.keys()].some((k) => k.startsWith('fab_p')), `${nickname} holds an identity cookie`);
  c.nickname = nickname;
  return c;
}

/** Casts a ballot as the form sends it: values[i] for candidate i (null =
 *  left empty; an approval form sends only the ticked boxes). */
async function vote(c, sem, values, status = 303) {
  const f = {};
  values.forEach((v, i) => {
    if (v !== null && v !== undefined && !(sem.method === 'approval' && v === 0)) f[`c-${uidOf(i)}`] = String(v);
  });
  return expectStatus(await postForm(c, url(sem, '/ballot'), f), status, `${c.nickname} votes ${values.join(',')}`);
}

async function countsOf(sem) {
  const t = expectStatus(await fac.get(url(sem, '/control')), 200, 'control').text_;
  const m = /<p class="counts">(\d+) participants? joined · (\d+) ballots? cast<\/p>/.exec(t);
  assert.ok(m, 'counts on the control page');
  return { joined: Number(m[1]), ballots: Number(m[2]), text: t };
}

async function resultsJson(sem) {
  const r = expectStatus(await fac.get(url(sem, '/results.json')), 200, 'results.json');
  return JSON.parse(r.text_);
}

async function statuses() {
  const out = {};
  for (const t of SCEN) {
    const r = await fac.api('GET', `/api/v1/cycles/${SLUG}/scenarios/${sc[t].uid}`);
    assert.equal(r.status, 200);
    out[t] = r.json_.status;
  }
  return out;
}

before(async () => {
  kit = await startWithAdmin();
  const u = await kit.createUser('animatrice@example.org', { name: 'Anna Animatrice' });
  fac = await kit.loginAs(u.email, u.password);
  const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
  // A members-only cycle: the room joins by code, without accounts.
  ok(await fac.api('POST', '/api/v1/cycles', { slug: SLUG, title: 'Journée du séminaire', visibility: 'members', builtins: false }), 201, 'cycle');
  ok(await fac.api('POST', `/api/v1/cycles/${SLUG}/templates`, { slug: 'court', name: 'Court', sections: [{ id: 'idee', type: 'text', label: 'Idée' }] }), 201, 'template');
  for (const t of SCEN) {
    sc[t] = { uid: ok(await fac.api('POST', `/api/v1/cycles/${SLUG}/scenarios`, { template: 'court', title: t, summary: `Le scénario ${t}.` }), 201, t).uid };
  }
  const form = expectStatus(await fac.get(`/c/${SLUG}/seminars/new`), 200, 'form').text_;
  for (const t of SCEN) sc[t].id = new RegExp(`value="(\\d+)" id="cand-\\d+"[^>]*><label for="cand-\\d+">${t} <`).exec(form)[1];
});

after(async () => { if (kit) await kit.stop(); });

test('the seminar day: join by code, vote, a tie resolved by lots, statuses, groups', T, async () => {
  const sem = await createSeminar('Séminaire de sélection', 'approval', 2, { max_approvals: '2', group_max: '4' });
  let c = await countsOf(sem);
  assert.match(c.text, /preparation \(now\)/);
  assert.deepEqual([c.joined, c.ballots], [0, 0]);

  // The projector: join code and QR code, no result.
  let proj = expectStatus(await fac.get(url(sem, '/projector')), 200, 'projector').text_;
  assertCleanHtml(proj, 'projector');
  assert.ok(proj.includes(`${sem.code.slice(0, 3)} ${sem.code.slice(3)}`), 'the projector shows the code to type');
  assert.match(proj, /<svg[^>]*>[\s\S]*<\/svg>/, 'the projector shows a QR code');
  assert.ok(proj.includes(`/join?code=${sem.code}`), 'the QR code names the join link');

  // Joining is possible from the presentation on (and in preparation);
  // the vote is not open yet.
  await move(sem, 'presentation');
  const early = await joinByCode(sem, 'Ariane');
  // The facilitator puts Bascule on stage: the participants' page and the
  // projector follow.
  expectStatus(await postForm(fac, url(sem, '/present'), { scenario: '999999' }), 422, 'not a candidate');
  expectStatus(await postForm(fac, url(sem, '/present'), { scenario: sc[SCEN[1]].id }), 303, 'present B');
  const staged = expectStatus(await early.get(url(sem)), 200, 'participant during the presentation').text_;
  assert.match(staged, new RegExp(`<li class="presenting" aria-current="true"><h3>${SCEN[1]}</h3><p><strong>Being presented now</strong>`));
  assert.equal((staged.match(/Being presented now/g) || []).length, 1, 'one scenario on stage');
  assert.ok((await fac.get(url(sem, '/projector'))).text_.includes(`Now presented: <strong>${SCEN[1]}</strong>`), 'the projector follows');
  const notYet = await vote(early, sem, [1, 0, 0, 0], 409);
  assert.match(notYet.text_, /The vote is not open yet: your ballot was not recorded\./);
  await move(sem, 'vote_open');
  const people = [early];
  for (const [nick, org] of [['Basile', 'pme'], ['Chloé', 'recherche'], ['Damien', 'collectivite'], ['Élise', 'start-up'], ['Fanny', 'grand-groupe']]) {
    people.push(await joinByCode(sem, nick, org));
  }
  // Joining twice with the same cookie is the same person.
  expectStatus(await postForm(people[1], '/join', { code: sem.code, nickname: 'Basile encore', org_kind: 'pme' }), 303, 'again');
  c = await countsOf(sem);
  assert.equal(c.joined, 6);

  // The participant page shows the ballot, with the rule, before voting.
  const page = expectStatus(await people[0].get(url(sem)), 200, 'participant page').text_;
  assertCleanHtml(page, 'participant page');
  assert.match(page, /Approve the scenarios you support \(up to 2\)\./);
  for (let i = 0; i < 4; i++) assert.ok(page.includes(`name="c-${uidOf(i)}"`), `a box for ${SCEN[i]}`);

  // Ballots (K = 2):  A B C D
  //   Ariane          x x        Basile  x   x
  //   Chloé           x x        Damien  x   x
  //   Élise             x x      Fanny         x (first A B, then D only)
  // A 4, B 3, C 3, D 1: B and C tie for the second seat.
  const ballots = [[1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0]];
  for (const [k, b] of ballots.entries()) await vote(people[k], sem, b);
  await vote(people[5], sem, [1, 1, 0, 0]);
  // Three approvals: refused, the first ballot stays.
  const refused = await vote(people[5], sem, [1, 1, 1, 0], 422);
  assert.match(refused.text_, /Too many scenarios approved\./);
  await vote(people[5], sem, [0, 0, 0, 1]);
  c = await countsOf(sem);
  assert.equal(c.ballots, 6, 'six ballots, the changed one counted once');
  const mine = expectStatus(await people[5].get(url(sem)), 200, 'after voting').text_;
  assert.match(mine, /Your ballot was recorded on/);
  assert.ok(mine.includes(`name="c-${uidOf(3)}" value="1" checked`), 'the page shows the changed ballot');

  // Before the vote closes: no result anywhere.
  proj = expectStatus(await fac.get(url(sem, '/projector')), 200, 'projector').text_;
  assert.match(proj, /<dd id="n-joined">6<\/dd>/);
  assert.match(proj, /<dd id="n-ballots">6<\/dd>/);
  assert.ok(!proj.includes('id="res-h"') && !proj.includes('Retained scenarios') && !proj.includes('Approvals'), 'no result on the projector');
  expectStatus(await fac.get(url(sem, '/results')), 403, 'results before closing, even for the facilitator');
  expectStatus(await fac.get(url(sem, '/results.json')), 403, 'results.json before closing');
  assert.ok(!(await people[0].get(url(sem))).text_.includes(url(sem, '/results')), 'no link to results yet');

  await move(sem, 'vote_closed');
  // A ballot after closing: a clear refusal, nothing changes.
  const csvBefore = expectStatus(await fac.get(url(sem, '/ballots.csv')), 200, 'ballots.csv').text_;
  const late = await vote(people[0], sem, [0, 0, 0, 1], 409);
  assert.match(late.text_, /The vote is closed: your ballot was not recorded\./);
  // Joining is still possible (the working groups follow), voting is not.
  const retard = await joinByCode(sem, 'Gaspard', 'institution-publique');
  const lateVote = await vote(retard, sem, [0, 0, 0, 1], 409);
  assert.match(lateVote.text_, /The vote is closed: your ballot was not recorded\./);
  assert.equal(expectStatus(await fac.get(url(sem, '/ballots.csv')), 200, 'ballots.csv').text_, csvBefore, 'the late ballot changed nothing');
  const lines = csvBefore.trim().split(/\r?\n/);
  assert.equal(lines.length, 7, 'a header and six ballots');
  assert.equal(lines[0], `ballot,round,${SCEN.map((t, i) => uidOf(i)).join(',')}`);
  assert.equal(lines[6], '6,1,0,0,0,1', 'Fanny\'s changed ballot, in the place of her first');
  for (const p of people) assert.ok(!csvBefore.includes(p.nickname), 'no identity in the ballots');

  // The projector now shows the count: a tie, no retained list yet.
  proj = expectStatus(await fac.get(url(sem, '/projector')), 200, 'projector').text_;
  assert.match(proj, /6 ballots counted\./);
  assert.match(proj, /A tie straddles the cut: the facilitators will resolve it\./);
  // The tie is detected; the results cannot be published yet.
  let res = await resultsJson(sem);
  assert.equal(res.ballots, 6);
  assert.equal(res.tie, true);
  assert.deepEqual(res.retained, []);
  assert.deepEqual(res.ranking, [[uidOf(0)], [uidOf(1), uidOf(2)], [uidOf(3)]]);
  assert.deepEqual(res.candidates.map((x) => x.score), [4, 3, 3, 1]);
  c = await countsOf(sem);
  assert.match(c.text, /A tie straddles the cut/);
  const publish = expectStatus(await postForm(fac, url(sem, '/state'), { to: 'results' }), 409, 'publishing a tie');
  assert.match(publish.text_, /resolve it before publishing the results/);
  // Participants are not shown the results before they are published.
  const early2 = await people[0].get(url(sem, '/results'));
  assert.ok(early2.status === 403 || early2.status === 404, `results before publication: ${early2.status}`);
  assert.ok(!early2.text_.includes(SCEN[1]), 'no result in the refusal');
  assert.ok(!(await people[0].get(url(sem))).text_.includes(url(sem, '/results')), 'no link to the results yet');
  // Lots with a given seed.
  const badSeed = await postForm(fac, url(sem, '/resolve'), { kind: 'lots', seed: 'abc' });
  expectStatus(badSeed, 422, 'a seed that is not a number');
  expectStatus(await postForm(fac, url(sem, '/resolve'), { kind: 'lots', seed: '2024' }), 303, 'lots');
  res = await resultsJson(sem);
  assert.equal(res.tie, false);
  assert.equal(res.resolution.kind, 'lots');
  assert.equal(res.resolution.seed, 2024);
  assert.equal(res.retained.length, 2);
  assert.equal(res.retained[0], uidOf(0), 'A is retained for sure');
  const winner = res.retained[1] === uidOf(1) ? 1 : 2;
  assert.ok([uidOf(1), uidOf(2)].includes(res.retained[1]), 'the second seat goes to B or C');
  assert.deepEqual(res.resolution.order.length, 2);
  const resultsPage = expectStatus(await fac.get(url(sem, '/results')), 200, 'results preview').text_;
  assert.match(resultsPage, /resolved by lots drawn with the seed 2024\./);
  assert.match((await countsOf(sem)).text, /tie resolved by lots drawn with seed 2024/);

  await move(sem, 'results');
  const st = await statuses();
  assert.deepEqual(st, {
    [SCEN[0]]: 'retenu', [SCEN[winner]]: 'retenu', [SCEN[3 - winner]]: 'non_retenu', [SCEN[3]]: 'non_retenu',
  });
  proj = expectStatus(await fac.get(url(sem, '/projector')), 200, 'projector').text_;
  assert.ok(proj.includes(`<li>${SCEN[0]}</li><li>${SCEN[winner]}</li>`), 'the projector lists the retained, in order');
  // Now a participant reads them (the seed too).
  const pub = expectStatus(await people[2].get(url(sem)), 200, 'participant after results').text_;
  assert.ok(pub.includes(`href="${url(sem, '/results')}"`), 'the participant page leads to the results');
  const csv = expectStatus(await fac.get(url(sem, '/results.csv')), 200, 'results.csv').text_.trim().split(/\r?\n/);
  assert.equal(csv[1], `1,${uidOf(0)},${SCEN[0]},4,,yes`);
  assert.equal(csv[2], `2,${uidOf(winner)},${SCEN[winner]},3,,yes`);
  assert.equal(csv[3], `2,${uidOf(3 - winner)},${SCEN[3 - winner]},3,,no`);
  assert.equal(csv[4], `4,${uidOf(3)},${SCEN[3]},1,,no`);

  // Working groups: one per retained scenario, at most 4 people each.
  expectStatus(await postForm(people[0], url(sem, '/prefs'), { [`g-${uidOf(0)}`]: '1' }), 409, 'sign-up not open yet');
  await move(sem, 'groups_open');
  const gpage = expectStatus(await people[0].get(url(sem)), 200, 'sign-up').text_;
  assert.ok(gpage.includes(`name="g-${uidOf(0)}"`) && gpage.includes(`name="g-${uidOf(winner)}"`), 'a field per group');
  assert.ok(!gpage.includes(`name="g-${uidOf(3)}"`) && !gpage.includes(`name="g-${uidOf(3 - winner)}"`), 'no group for a scenario not retained');
  // Ariane, Basile, Chloé, Damien want A first; Élise and Fanny the other.
  for (const [k, p] of people.entries()) {
    const aFirst = k < 4;
    expectStatus(await postForm(p, url(sem, '/prefs'), {
      [`g-${uidOf(0)}`]: aFirst ? '1' : '2', [`g-${uidOf(winner)}`]: aFirst ? '2' : '1',
    }), 303, `${p.nickname} ranks the groups`);
  }
  let gl = expectStatus(await fac.get(url(sem, '/groups')), 200, 'groups page').text_;
  assert.match(gl, /6 of 7 participants ranked the groups\./, 'Gaspard has not ranked yet');
  // Gaspard types 3 (there are two groups): refused, nothing recorded;
  // then he ranks A only.
  expectStatus(await postForm(retard, url(sem, '/prefs'), { [`g-${uidOf(0)}`]: '3' }), 422, 'rank 3 of 2 groups');
  gl = expectStatus(await fac.get(url(sem, '/groups')), 200, 'groups page').text_;
  assert.match(gl, /6 of 7 participants ranked the groups\./, 'the refused ranking recorded nothing');
  expectStatus(await postForm(retard, url(sem, '/prefs'), { [`g-${uidOf(0)}`]: '1' }), 303, 'Gaspard ranks A only');
  const people7 = [...people, retard];

  // Five want A first and A takes four. Gaspard in the other group would
  // get a group he did not rank (worse than any second choice): so one of
  // the four others goes there, their second choice. Worst choice 2; six
  // first choices and one second; A holds 4, the other 3.
  await move(sem, 'groups_done');
  const done = expectStatus(await fac.get(url(sem, '/groups')), 200, 'groups formed').text_;
  assert.match(done, /<tr><td>choice no\. 1<\/td><td>6<\/td><\/tr>/);
  assert.match(done, /<tr><td>choice no\. 2<\/td><td>1<\/td><\/tr>/);
  assert.match(done, /<tr><td>a group they did not rank<\/td><td>0<\/td><\/tr>/);
  assert.match((await countsOf(sem)).text, /groups assigned with seed \d+/, 'the seed is recorded');
  const gcsv = expectStatus(await fac.get(url(sem, '/groups.csv')), 200, 'groups.csv').text_.trim().split(/\r?\n/);
  assert.equal(gcsv[0], 'participant,org_kind,group,group_title,rank,manual');
  assert.equal(gcsv.length, 8, 'a header and seven people');
  const rows = gcsv.slice(1).map((l) => l.split(','));
  const orgs = { Ariane: 'association', Basile: 'pme', 'Chloé': 'recherche', Damien: 'collectivite', 'Élise': 'start-up', Fanny: 'grand-groupe', Gaspard: 'institution-publique' };
  assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(orgs).sort(), 'everyone who joined, once');
  assert.equal(rows.filter((r) => r[2] === uidOf(0)).length, 4, 'A holds 4');
  assert.equal(rows.filter((r) => r[2] === uidOf(winner)).length, 3, 'the other holds 3');
  const second = rows.filter((r) => r[4] === '2');
  assert.equal(second.length, 1, 'one second choice');
  assert.ok(['Ariane', 'Basile', 'Chloé', 'Damien'].includes(second[0][0]) && second[0][2] === uidOf(winner), 'an A-lover in the other group');
  for (const r of rows) {
    assert.equal(r[1], orgs[r[0]], `${r[0]}: organisation kind`);
    assert.equal(r[5], 'no', 'nobody moved by hand yet');
    if (['Élise', 'Fanny'].includes(r[0])) assert.deepEqual([r[2], r[4]], [uidOf(winner), '1'], `${r[0]} gets the first choice`);
    if (r[0] === 'Gaspard') assert.deepEqual([r[2], r[4]], [uidOf(0), '1'], 'Gaspard gets A');
  }
  // Each person sees their group.
  for (const p of people7) {
    const t = expectStatus(await p.get(url(sem)), 200, 'my group').text_;
    const row = rows.find((r) => r[0] === p.nickname);
    const title = row[2] === uidOf(0) ? SCEN[0] : SCEN[winner];
    assert.ok(t.includes(`Your group: <strong>${title}</strong>`), `${p.nickname} sees ${title}`);
    assert.ok(t.includes(`It was your choice number ${row[4]}.`), `${p.nickname}: choice ${row[4]}`);
  }
  // The facilitator moves the one sent away back to A (5 in A: a move by
  // hand is the facilitator's call); recorded, and the person is told.
  const moved = second[0];
  const pid = new RegExp(`<option value="(\\d+)">${moved[0]}</option>`).exec(done)[1];
  expectStatus(await postForm(fac, url(sem, '/groups/move'), { participant: pid, group: sc[SCEN[0]].id }), 303, 'move by hand');
  const after = expectStatus(await fac.get(url(sem, '/groups.csv')), 200, 'groups.csv').text_;
  assert.ok(after.includes(`${moved[0]},${moved[1]},${uidOf(0)},${SCEN[0]},1,yes`), after);
  assert.match((await countsOf(sem)).text, new RegExp(`moved by hand: ${moved[0]}`));
  const t = (await people7.find((p) => p.nickname === moved[0]).get(url(sem))).text_;
  assert.match(t, /The facilitators placed you in this group\./);
  // The day is over: nobody joins any more.
  const over = await postForm(kit.client(), '/join', { code: sem.code, nickname: 'Trop tard', org_kind: 'pme' });
  expectStatus(over, 422, 'joining after the groups are formed');
  assert.match(over.text_, /This seminar is over: it no longer accepts participants\./);
});

test('groups that cannot be formed: the facilitator is told, nothing is assigned', T, async () => {
  // Three people, two groups of at most one: no assignment exists.
  const sem = await createSeminar('Séminaire trop petit', 'approval', 2, { group_max: '1' });
  await move(sem, 'presentation', 'vote_open');
  const people = [];
  for (const n of ['Un', 'Deux', 'Trois']) people.push(await joinByCode(sem, n));
  for (const p of people) await vote(p, sem, [1, 1, 0, 0]);
  await move(sem, 'vote_closed', 'results', 'groups_open');
  const r = await postForm(fac, url(sem, '/state'), { to: 'groups_done' });
  expectStatus(r, 409, 'three people in two groups of one');
  assert.match((await countsOf(sem)).text, /sign-up to groups \(now\)/, 'still open for sign-up');
  const gcsv = expectStatus(await fac.get(url(sem, '/groups.csv')), 200, 'groups.csv').text_.trim().split(/\r?\n/);
  for (const l of gcsv.slice(1)) assert.equal(l.split(',')[2], '', `${l}: in no group`);
});

/** Runs a seminar of the method with one voter per ballot (values per
 *  candidate A B C D, null = left empty), closes and publishes it; returns
 *  results.json. */
async function runMethod(title, method, seats, params, ballots) {
  const sem = await createSeminar(title, method, seats, params);
  await move(sem, 'presentation', 'vote_open');
  const page = expectStatus(await fac.get(url(sem)), 200, 'participant page').text_;
  assertCleanHtml(page, `${method} participant page`);
  for (const [k, b] of ballots.entries()) {
    const c = await joinByCode(sem, `${method}-${k}`);
    await vote(c, sem, b);
  }
  assert.equal((await countsOf(sem)).ballots, ballots.length);
  await move(sem, 'vote_closed', 'results');
  const res = await resultsJson(sem);
  assert.equal(res.method, method);
  assert.equal(res.ballots, ballots.length);
  assert.equal(res.tie, false);
  // Publishing set the statuses to the retained list.
  const st = await statuses();
  for (const [i, t] of SCEN.entries()) {
    assert.equal(st[t], res.retained.includes(uidOf(i)) ? 'retenu' : 'non_retenu', `${method}: status of ${t}`);
  }
  const rp = expectStatus(await fac.get(url(sem, '/results')), 200, 'results page').text_;
  assertCleanHtml(rp, `${method} results`);
  assert.match(rp, /<svg[\s\S]*<\/svg>/, `${method}: an explanation chart`);
  assert.match(rp, /<table>/, `${method}: a table beside the chart`);
  res.page = rp;
  res.sem = sem;
  return res;
}

const U = (...idx) => idx.map(uidOf);

test('dot voting, counted by hand', T, async () => {
  // 5 dots, at most 3 on one. A 3+0+1 = 4, B 2+3+1 = 6, C 0+2+1 = 3,
  // D 0+0+2 = 2: B, A, C, D; two seats: B and A.
  const res = await runMethod('Gommettes', 'dots', 2, { dots: '5', dots_max: '3' },
    [[3, 2, 0, 0], [0, 3, 2, 0], [1, 1, 1, 2]]);
  assert.deepEqual(res.candidates.map((c) => c.score), [4, 6, 3, 2]);
  assert.deepEqual(res.ranking, [U(1), U(0), U(2), U(3)]);
  assert.deepEqual(res.retained, U(1, 0));
});

test('a dot ballot over the limits is refused and names the scenario', T, async () => {
  const sem = await createSeminar('Gommettes refusées', 'dots', 1, { dots: '5', dots_max: '3' });
  await move(sem, 'presentation', 'vote_open');
  const c = await joinByCode(sem, 'Trop');
  let r = await vote(c, sem, [4, 0, 0, 0], 422);
  assert.match(r.text_, /<p class="field-error" id="c-[a-z0-9]+-error">Too many dots on one scenario\.<\/p>/);
  r = await vote(c, sem, [3, 3, 0, 0], 422);
  assert.match(r.text_, /More dots than you have\./);
  r = await vote(c, sem, ['x', 0, 0, 0], 422);
  assert.match(r.text_, /Enter a whole number of dots, 0 or more\./);
  assert.equal((await countsOf(sem)).ballots, 0, 'nothing recorded');
});

test('Schulze, counted by hand (a cycle among the first three, D unranked by all)', T, async () => {
  // 4 × A>B>C, 3 × B>C>A, 2 × C>A>B, D left unranked (below every ranked
  // one). d[A][B] = 6, d[B][A] = 3; d[B][C] = 7, d[C][B] = 2;
  // d[C][A] = 5, d[A][C] = 4; d[X][D] = 9. Widest paths: A→B 3, B→A
  // min(5,1) = 1; A→C min(3,5) = 3, C→A 1; B→C 5, C→B min(1,3) = 1.
  // A beats B and C, B beats C: A, B, C, D. One seat: A.
  const b = [];
  for (let k = 0; k < 4; k++) b.push([1, 2, 3, null]);
  for (let k = 0; k < 3; k++) b.push([3, 1, 2, null]);
  for (let k = 0; k < 2; k++) b.push([2, 3, 1, null]);
  const res = await runMethod('Schulze', 'schulze', 1, { unranked: 'last' }, b);
  assert.deepEqual(res.ranking, [U(0), U(1), U(2), U(3)]);
  assert.deepEqual(res.retained, U(0));
  assert.deepEqual(res.pairwise, [
    [0, 6, 4, 9],
    [3, 0, 7, 9],
    [5, 2, 0, 9],
    [0, 0, 0, 0],
  ]);
});

test('majority judgment, counted by hand (a tie at the median broken by removal)', T, async () => {
  // Grades 0 (reject) .. 6 (excellent) for A B C D:
  //   5 6 3 1 / 5 4 3 2 / 3 4 3 2 / 2 0 3 6
  // A: 2 3 5 5, lower median 3; B: 0 4 4 6, 4; C: 3 3 3 3, 3; D: 1 2 2 6, 2.
  // B first; A and C tie at 3: without one median grade A has 2 5 5
  // (median 5), C 3 3 3 (3): A before C. Two seats: B and A.
  const res = await runMethod('Jugement', 'mj', 2, {},
    [[5, 6, 3, 1], [5, 4, 3, 2], [3, 4, 3, 2], [2, 0, 3, 6]]);
  assert.deepEqual(res.candidates.map((c) => c.median), [3, 4, 3, 2]);
  assert.deepEqual(res.candidates[0].profile, [0, 0, 1, 1, 0, 2, 0]);
  assert.deepEqual(res.ranking, [U(1), U(0), U(2), U(3)]);
  assert.deepEqual(res.retained, U(1, 0));
  // The table beside the merit profiles: A, rank 2, one "fair" (2), one
  // "acceptable" (3), two "very good" (5); its median grade "acceptable".
  const cells = [0, 0, 1, 1, 0, 2, 0].map((v) => `<td class="num">${v}</td>`).join('');
  assert.ok(res.page.includes(`<tr><td>2</td><th scope="row">${SCEN[0]}</th>${cells}<td>acceptable</td>`), 'A\'s merit profile in the table');
});

test('majority judgment: the rule is shown before voting, an ungraded scenario counts as "reject"', T, async () => {
  const sem = await createSeminar('Jugement expliqué', 'mj', 1, {});
  await move(sem, 'presentation');
  const c = await joinByCode(sem, 'Lectrice');
  const before = expectStatus(await c.get(url(sem)), 200, 'presentation').text_;
  assert.match(before, /Give each scenario one of seven grades/);
  assert.match(before, /the lower of the two middle grades is taken/);
  await move(sem, 'vote_open');
  // Two voters: A graded 6 and left ungraded (0): lower median 0 for A.
  // B 2 and 2: median 2. B first.
  await vote(c, sem, [6, 2, null, null]);
  await vote(await joinByCode(sem, 'Lecteur'), sem, [null, 2, null, null]);
  await move(sem, 'vote_closed', 'results');
  const res = await resultsJson(sem);
  assert.deepEqual(res.candidates.map((x) => x.median), [0, 2, 0, 0]);
  assert.deepEqual(res.retained, U(1));
});

test('Borda, counted by hand (two voters leave C and D unranked)', T, async () => {
  // One point per candidate ranked below. 3 × A>B>C>D: A 3, B 2, C 1.
  // 2 × B>A, C and D unranked (below both, tied): B 3, A 2, C 0, D 0.
  // A 9 + 4 = 13, B 6 + 6 = 12, C 3, D 0. Two seats: A and B.
  const res = await runMethod('Borda', 'borda', 2, { unranked: 'last' },
    [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [2, 1, null, null], [2, 1, null, null]]);
  assert.deepEqual(res.candidates.map((c) => c.score), [13, 12, 3, 0]);
  assert.deepEqual(res.ranking, [U(0), U(1), U(2), U(3)]);
  assert.deepEqual(res.retained, U(0, 1));
});

test('a second round among the tied, over HTTP', T, async () => {
  // Approval, one seat; A and B approved by one each: a tie. The second
  // round has only A and B on the ballot; there A gets 2, B 1.
  const sem = await createSeminar('Deux tours', 'approval', 1, {});
  await move(sem, 'presentation', 'vote_open');
  const p = [await joinByCode(sem, 'Un'), await joinByCode(sem, 'Deux'), await joinByCode(sem, 'Trois')];
  await vote(p[0], sem, [1, 0, 0, 0]);
  await vote(p[1], sem, [0, 1, 0, 0]);
  await move(sem, 'vote_closed');
  expectStatus(await postForm(fac, url(sem, '/resolve'), { kind: 'runoff' }), 303, 'runoff');
  const page = expectStatus(await p[2].get(url(sem)), 200, 'second round').text_;
  assert.match(page, /Second round: only the scenarios tied at the cut are on the ballot\./);
  assert.ok(page.includes(`name="c-${uidOf(0)}"`) && page.includes(`name="c-${uidOf(1)}"`));
  assert.ok(!page.includes(`name="c-${uidOf(2)}"`) && !page.includes(`name="c-${uidOf(3)}"`), 'only the tied');
  for (const [k, who] of [[0, p[0]], [0, p[2]], [1, p[1]]]) {
    expectStatus(await postForm(who, url(sem, '/ballot'), { [`c-${uidOf(k)}`]: '1' }), 303, 'round 2 ballot');
  }
  await move(sem, 'vote_closed', 'results');
  const res = await resultsJson(sem);
  assert.equal(res.resolution.kind, 'runoff');
  assert.deepEqual(res.retained, U(0));
  assert.deepEqual(res.ranking, [U(0, 1), U(2, 3)], 'round 1 as it was');
  const rp = expectStatus(await fac.get(url(sem, '/results')), 200, 'results').text_;
  assert.match(rp, /resolved by a second round among the tied scenarios/);
  const csv = expectStatus(await fac.get(url(sem, '/ballots.csv')), 200, 'ballots').text_.trim().split(/\r?\n/);
  assert.deepEqual(csv.slice(1), ['1,1,1,0,0,0', '2,1,0,1,0,0', '3,2,1,0,,', '4,2,1,0,,', '5,2,0,1,,']);
});
