// controversy_load.test.mjs — a full room on one controversy: 300 people
// without accounts join by the code, open the page and vote on the
// statements, 30 at a time over loopback, while the background worker
// recomputes the map. Every answer must be a success (2xx, or a 3xx to the
// controversy), and every vote must be counted: the statements page, the
// list of controversies and the Pol.is votes.csv export all hold exactly
// the votes sent, as worked out by hand below; once the worker has caught
// up, the report counts every voter and vote too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from '../lib/server.mjs';

const PEOPLE = 300;
const AT_ONCE = 30;
const STATEMENTS = ['Les trains de nuit reviendront partout', 'Les villes interdiront les voitures thermiques',
  'Chaque quartier aura son atelier de réparation', 'Le travail de quatre jours sera la règle',
  'Les forêts urbaines rafraîchiront les villes', 'On mangera moins de viande en 2050'];

async function postForm(client, path, fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) p.append(k, String(x));
  p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() });
}

// Person i votes on statement j (0..5) when (i + j) % 6 < 4, i.e. on four
// statements each: 1 200 votes, 200 per statement. The value: agree when
// (i + 2j) % 3 == 0, disagree when 1, pass when 2. Person i changes their
// first vote once (to agree) when i % 10 == 0: 30 changes, not counted
// twice. Worked out per statement below by enumerating the rule (it is the
// specification of the votes, not the server's answer).
function votesOf(i) {
  const out = [];
  for (let j = 0; j < STATEMENTS.length; j++) {
    if ((i + j) % 6 >= 4) continue;
    out.push([j, ['agree', 'disagree', 'pass'][(i + 2 * j) % 3]]);
  }
  if (i % 10 === 0) out.push([out[0][0], 'agree']);
  return out;
}
function expected() {
  const final = new Map();
  for (let i = 0; i < PEOPLE; i++) for (const [j, v] of votesOf(i)) final.set(`${i}|${j}`, v);
  const per = STATEMENTS.map(() => ({ agree: 0, disagree: 0, pass: 0 }));
  for (const [k, v] of final) per[Number(k.split('|')[1])][v]++;
  return { per, votes: final.size, sent: [...Array(PEOPLE).keys()].reduce((n, i) => n + votesOf(i).length, 0) };
}

test(`${PEOPLE} participants join by code and vote, ${AT_ONCE} at a time; every vote counted`, { timeout: 240000 }, async (t) => {
  const kit = await startWithAdmin();
  try {
    const adm = kit.admin;
    const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
    ok(await adm.api('POST', '/api/v1/cycles', { slug: 'agora', title: 'Agora pleine', visibility: 'members', builtins: false }), 201, 'cycle');
    let r = await postForm(adm, '/c/agora/controversies', { title: 'La ville en 2050', question: '', description: '', state: 'open', proposals: '1' });
    assert.equal(r.status, 303, r.text_);
    const base = r.headers.get('location').replace(/\/statements$/, '');
    for (const s of STATEMENTS) assert.equal((await postForm(adm, `${base}/statements`, { body: s })).status, 303, s);
    const page = (await adm.get(`${base}/statements`)).text_;
    const code = /<strong class="code">([A-Z0-9]{3} [A-Z0-9]{3})<\/strong>/.exec(page)[1];
    const number = STATEMENTS.map((s) => Number(new RegExp(`<tr><td>(\\d+)</td><td>${s}<`).exec(page)[1]));

    const answers = new Map(); // status -> count
    const bad = [];
    const note = (what, res, wantLocation) => {
      answers.set(res.status, (answers.get(res.status) || 0) + 1);
      const loc = res.headers.get('location');
      const fine = res.status >= 200 && res.status < 400 && (!wantLocation || loc === wantLocation || loc === `${wantLocation}#to-vote`);
      if (!fine && bad.length < 10) bad.push(`${what}: ${res.status} ${loc || ''} ${res.text_.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 200)}`);
    };
    let requests = 0;
    async function person(i) {
      const c = kit.client();
      const form = await c.get(`/join?code=${code.replace(' ', '')}`);
      note(`join page ${i}`, form);
      const j = await postForm(c, '/join', { code, nickname: `Personne ${i}`, org_kind: 'association' });
      note(`join ${i}`, j, base);
      const p = await c.get(base);
      note(`page ${i}`, p);
      requests += 3;
      for (const [k, v] of votesOf(i)) {
        const res = await postForm(c, `${base}/vote`, { statement: number[k], value: v });
        note(`vote ${i} on ${k}`, res, base);
        requests++;
      }
    }

    const t0 = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      for (let i = next++; i < PEOPLE; i = next++) {
        try { await person(i); } catch (e) { if (bad.length < 10) bad.push(`person ${i}: ${e.message}`); }
      }
    }));
    t.diagnostic(`${PEOPLE} people joined and voted in ${Date.now() - t0} ms (${requests} requests)`);

    const want = expected();
    const total = [...answers.values()].reduce((x, y) => x + y, 0);
    assert.deepEqual(bad, [], 'every request answered with a success');
    assert.equal(total, 3 * PEOPLE + want.sent, 'every request answered');
    assert.equal(want.votes, 1200, 'four votes per person');

    // The statements page: every vote, the latest of each person.
    const st = (await adm.get(`${base}/statements`)).text_;
    for (const [k, s] of STATEMENTS.entries()) {
      const m = new RegExp(`<tr><td>${number[k]}</td><td>${s}<br>[\\s\\S]*?<td>(\\d+) / (\\d+) / (\\d+)</td>`).exec(st);
      assert.ok(m, `${s} on the statements page`);
      assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [want.per[k].agree, want.per[k].disagree, want.per[k].pass], `votes on "${s}"`);
    }
    // The list: 300 participants, 1 200 votes.
    const list = (await adm.get('/c/agora/controversies')).text_;
    assert.match(list, new RegExp(`<td>open</td><td>${STATEMENTS.length}</td><td>${PEOPLE}</td><td>${want.votes}</td>`));
    // The Pol.is export: one row per vote, 300 voters.
    const csv = (await adm.get(`${base}/polis/votes.csv`)).text_.trim().split('\n');
    assert.equal(csv[0], 'timestamp,datetime,comment-id,voter-id,vote');
    assert.equal(csv.length - 1, want.votes, 'one row per vote in votes.csv');
    assert.equal(new Set(csv.slice(1).map((l) => l.split(',')[3])).size, PEOPLE, 'every voter in votes.csv');
    const agrees = csv.slice(1).filter((l) => l.endsWith(',1')).length;
    assert.equal(agrees, want.per.reduce((n, x) => n + x.agree, 0), 'the agreements in votes.csv');
    // The worker catches up: the report counts everyone.
    const deadline = Date.now() + 60000;
    for (;;) {
      const rep = (await adm.get(`${base}/report`)).text_;
      if (rep.includes(`${PEOPLE} participants voted (${want.votes} votes).`) && !rep.includes('New votes are being taken into account')) break;
      if (Date.now() > deadline) assert.fail(`the report never counted every vote: ${rep.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 800)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  } finally {
    await kit.stop();
  }
});

// Requests that race for the same thing: the rules hold under concurrency
// (one transaction per request), on both backends.
async function raceKit() {
  const kit = await startWithAdmin();
  const adm = kit.admin;
  const r0 = await adm.api('POST', '/api/v1/cycles', { slug: 'course', title: 'Course', visibility: 'public', builtins: false });
  assert.equal(r0.status, 201, r0.text_);
  const r = await postForm(adm, '/c/course/controversies', { title: 'Au même instant', question: '', description: '', state: 'open', proposals: '1' });
  assert.equal(r.status, 303, r.text_);
  const base = r.headers.get('location').replace(/\/statements$/, '');
  assert.equal((await postForm(adm, `${base}/statements`, { body: STATEMENTS[0] })).status, 303);
  const crowd = [];
  for (let i = 0; i < 10; i++) {
    const c = kit.client();
    assert.equal((await postForm(c, `${base}/identity`, { nickname: `Rapide ${i}`, org_kind: 'pme' })).status, 303);
    await c.csrf();
    crowd.push(c);
  }
  return { kit, adm, base, crowd };
}

test('the same statement proposed by ten people at once is recorded once', { timeout: 120000 }, async () => {
  const { kit, adm, base, crowd } = await raceKit();
  try {
    // "This statement is already there": one is recorded, the others are told.
    for (let round = 0; round < 3; round++) {
      const text = `La même idée, tour ${round}`;
      const answers = await Promise.all(crowd.map((c) => postForm(c, `${base}/propose`, { body: text })));
      const statuses = answers.map((x) => x.status).sort();
      const page = (await adm.get(`${base}/statements`)).text_;
      const copies = (page.match(new RegExp(`<td>${text}<br>`, 'g')) || []).length;
      assert.equal(copies, 1, `round ${round}: "${text}" recorded ${copies} times (answers ${statuses.join(',')})`);
      assert.deepEqual(statuses, [303, ...Array(9).fill(422)], `round ${round}: one accepted, nine refused`);
    }
  } finally {
    await kit.stop();
  }
});

test('ten freezes at once make reports 1 to 10', { timeout: 120000 }, async () => {
  const { kit, adm, base, crowd } = await raceKit();
  try {
    assert.equal((await postForm(crowd[0], `${base}/vote`, { statement: 1, value: 'agree' })).status, 303);
    // A map to freeze: the form appears with it.
    const deadline = Date.now() + 30000;
    while (!(await adm.get(`${base}/report`)).text_.includes('Freeze this report')) {
      if (Date.now() > deadline) assert.fail('no map to freeze');
      await new Promise((res) => setTimeout(res, 100));
    }
    const freezes = await Promise.all(Array.from({ length: 10 }, () => postForm(adm, `${base}/freeze`, {})));
    const bad = freezes.filter((x) => x.status !== 303).map((x) => `${x.status} ${x.text_.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 120)}`);
    assert.deepEqual(bad, [], 'every freeze answered with its report');
    const numbers = freezes.map((x) => Number(/\/reports\/(\d+)$/.exec(x.headers.get('location'))[1])).sort((a, b) => a - b);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'reports 1 to 10');
  } finally {
    await kit.stop();
  }
});
