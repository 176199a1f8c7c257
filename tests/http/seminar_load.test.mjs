// seminar_load.test.mjs — the room at full size: 500 participants without
// accounts open the join page, join by the code and vote, 50 at a time over
// loopback, within one minute (issue 4: "500 participants join and vote
// within one minute over loopback, every request answered, every ballot
// counted"). Every answer must be a success (2xx or a 3xx redirect), and
// every ballot must be in the count: the control page, results.json and the
// anonymous ballots file all say 500, and the approvals add up to the
// totals worked out by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from '../lib/server.mjs';

const PEOPLE = 500;
const AT_ONCE = 50;
const LIMIT_MS = 60000;
const SCEN = ['Archipel', 'Bascule', 'Canopée', 'Dérive'];

async function postForm(client, path, fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) p.append(k, String(x));
  p.append('csrf', await client.csrf());
  return client.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() });
}

// Person i approves A when i is even, B when i is a multiple of 5, C when
// a multiple of 7, and D when none of these (a ballot approves at least
// one). Over i = 0..499: A 250, B 100, C 72 (0, 7, ..., 497), and D the
// numbers divisible by none of 2, 5, 7: 500 − |2 ∪ 5 ∪ 7| where
// |2 ∪ 5 ∪ 7| = 250 + 100 + 72 − 50 (10) − 36 (14) − 15 (35) + 8 (70) = 329,
// so D 171. Ranking A, D, B, C; two seats: A and D.
function choice(i) {
  const a = i % 2 === 0, b = i % 5 === 0, c = i % 7 === 0;
  return [a, b, c, !a && !b && !c];
}
const WANT = [250, 100, 72, 171];

test(`${PEOPLE} participants join by code and vote, ${AT_ONCE} at a time, within a minute; every ballot counted`, { timeout: 180000 }, async (t) => {
  const kit = await startWithAdmin();
  try {
    const adm = kit.admin;
    const ok = (res, status, what) => { assert.equal(res.status, status, `${what}: ${res.text_}`); return res.json_; };
    ok(await adm.api('POST', '/api/v1/cycles', { slug: 'salle', title: 'La salle pleine', visibility: 'members', builtins: false }), 201, 'cycle');
    ok(await adm.api('POST', '/api/v1/cycles/salle/templates', { slug: 'court', name: 'Court', sections: [] }), 201, 'template');
    const sc = SCEN.map(() => ({}));
    for (const [i, t] of SCEN.entries()) sc[i].uid = ok(await adm.api('POST', '/api/v1/cycles/salle/scenarios', { template: 'court', title: t }), 201, t).uid;
    const form = (await adm.get('/c/salle/seminars/new')).text_;
    for (const [i, t] of SCEN.entries()) sc[i].id = new RegExp(`value="(\\d+)" id="cand-\\d+"[^>]*><label for="cand-\\d+">${t} <`).exec(form)[1];
    let r = await postForm(adm, '/c/salle/seminars', {
      title: 'Séminaire plein', method: 'approval', seats: '2', max_approvals: '0', dots: '5', dots_max: '0', unranked: 'last',
      group_min: '0', group_max: '0', max_share: '0', candidate: sc.map((x) => x.id),
    });
    assert.equal(r.status, 303);
    const base = r.headers.get('location').replace(/\/control$/, '');
    const code = /<strong class="code">([A-Z0-9]{6})<\/strong>/.exec((await adm.get(`${base}/control`)).text_)[1];
    for (const to of ['presentation', 'vote_open']) assert.equal((await postForm(adm, `${base}/state`, { to })).status, 303, to);

    const answers = new Map(); // status -> count
    const bad = [];
    const note = (what, res, wantLocation) => {
      answers.set(res.status, (answers.get(res.status) || 0) + 1);
      const fine = res.status >= 200 && res.status < 400 && (!wantLocation || res.headers.get('location') === wantLocation);
      if (!fine && bad.length < 10) bad.push(`${what}: ${res.status} ${res.headers.get('location') || ''} ${res.text_.slice(0, 200)}`);
    };
    async function person(i) {
      const c = kit.client();
      const page = await c.get(`/join?code=${code}`);
      note(`join page ${i}`, page);
      const j = await postForm(c, '/join', { code, nickname: `Personne ${i}`, org_kind: 'association' });
      note(`join ${i}`, j, base);
      const f = {};
      choice(i).forEach((yes, k) => { if (yes) f[`c-${sc[k].uid}`] = '1'; });
      const b = await postForm(c, `${base}/ballot`, f);
      note(`ballot ${i}`, b, base);
    }

    const t0 = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      for (let i = next++; i < PEOPLE; i = next++) await person(i);
    }));
    const elapsed = Date.now() - t0;
    t.diagnostic(`${PEOPLE} people joined and voted in ${elapsed} ms (${3 * PEOPLE} requests)`);

    const total = [...answers.values()].reduce((x, y) => x + y, 0);
    assert.deepEqual(bad, [], 'every request answered with a success');
    assert.equal(total, 3 * PEOPLE, 'three requests per person, all answered');
    assert.ok(elapsed < LIMIT_MS, `${PEOPLE} people joined and voted in ${elapsed} ms, more than a minute`);

    const control = (await adm.get(`${base}/control`)).text_;
    assert.match(control, new RegExp(`<p class="counts">${PEOPLE} participants joined · ${PEOPLE} ballots cast</p>`));
    for (const to of ['vote_closed']) assert.equal((await postForm(adm, `${base}/state`, { to })).status, 303, to);
    const res = JSON.parse((await adm.get(`${base}/results.json`)).text_);
    assert.equal(res.ballots, PEOPLE, 'results.json counts every ballot');
    assert.deepEqual(res.candidates.map((x) => x.score), WANT, 'the approvals add up');
    assert.deepEqual(res.ranking, [[sc[0].uid], [sc[3].uid], [sc[1].uid], [sc[2].uid]]);
    assert.deepEqual(res.retained, [sc[0].uid, sc[3].uid]);
    const csv = (await adm.get(`${base}/ballots.csv`)).text_.trim().split(/\r?\n/);
    assert.equal(csv.length, PEOPLE + 1, 'one line per ballot in the export');
    const numbers = csv.slice(1).map((l) => Number(l.split(',')[0])).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: PEOPLE }, (_, k) => k + 1), 'ballots numbered 1..500');
  } finally {
    await kit.stop();
  }
});
