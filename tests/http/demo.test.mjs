// demo.test.mjs — what `fabrique demo` shows a first visitor (src/domain/demo.c,
// src/domain/demo_controversy.c): the demo cycles of data/demo/*.json on the
// home page, each cycle's page, and the #RESET controversy's opinion map,
// whose synthetic votes come from the opinion camps planted in
// data/demo/controversies/reset.json. The map must find as many groups as
// were planted (the camps sit at the four corners of two controversies, so a
// map that merges two of them, as an earlier version of the demo did, fails
// here), each holding a real share of the crowd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, dropDb, ROOT, T } from '../lib/server.mjs';
import { assertCleanHtml } from '../lib/checks.mjs';

const demoDir = join(ROOT, 'data', 'demo');
const cycles = readdirSync(demoDir).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(demoDir, f), 'utf8')).cycle);
const camps = JSON.parse(readFileSync(join(demoDir, 'controversies', 'reset.json'), 'utf8'));

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); dropDb(server.db); });

const get = async (path) => {
  const r = await fetch(server.url + path, { headers: { 'accept-language': 'fr' } });
  return { status: r.status, text: await r.text() };
};

test('the home page lists every demo cycle, and each cycle page answers', T, async () => {
  assert.ok(cycles.length >= 3, 'three demo cycles in data/demo');
  const home = await get('/');
  assert.equal(home.status, 200);
  for (const c of cycles) {
    assert.ok(home.text.includes(`href="/c/${c.slug}"`), `the home page links to ${c.slug}`);
    const page = await get(`/c/${c.slug}`);
    assert.equal(page.status, 200, `/c/${c.slug}`);
    assertCleanHtml(page.text, `/c/${c.slug}`);
  }
});

test('the #RESET controversy map shows the camps planted in its votes', T, async () => {
  const path = `/c/${camps.cycle}/controversies/${camps.uid}/report`;
  const r = await get(path);
  assert.equal(r.status, 200, path);
  assertCleanHtml(r.text, path);
  const sizes = [...r.text.matchAll(/<h3 id="group-(\d+)">Groupe ([A-Z]) — (\d+) participant/g)]
    .map((m) => Number(m[3]));
  assert.equal(sizes.length, camps.groups.length,
    `${camps.groups.length} camps planted, ${sizes.length} groups on the map (${sizes.join(', ')})`);
  const grouped = sizes.reduce((a, b) => a + b, 0);
  assert.ok(grouped >= 0.9 * camps.participants, `most of the ${camps.participants} people are grouped (${grouped})`);
  // The smallest camp holds a fifth of the crowd: no group is a handful.
  for (const n of sizes) assert.ok(n >= 0.1 * camps.participants, `a group of ${n} of ${camps.participants}`);
  // The same groups on the map itself, each with its letter.
  const svg = r.text.slice(r.text.indexOf('<svg'), r.text.indexOf('</svg>'));
  for (const letter of 'ABCD'.slice(0, sizes.length)) {
    assert.ok(new RegExp(`>${letter}</text>`).test(svg), `group ${letter} is labelled on the map`);
  }
});
