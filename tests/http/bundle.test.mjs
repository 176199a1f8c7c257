// bundle.test.mjs — moving a cycle between instances with `fabrique export`
// and `fabrique import` (docs/formats.md, "Cycle bundle"), on the backend
// under test: export → import into an empty database → export gives the same
// bytes (the demo bundles and a bundle with forks, revisions, observations
// and members); `cycle list`; a taken slug is refused unless --slug names
// another; and every bundle of tests/data/bad-bundles/ is refused with the
// JSON path of its first offending value, importing nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, freshDb, dropDb, ROOT, T } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'fabrique-bundle-'));
const dbs = [];
after(() => { rmSync(dir, { recursive: true, force: true }); for (const d of dbs) dropDb(d); });
const newDb = () => { const d = freshDb(); dbs.push(d); return d; };
let fileCounter = 0;
const scratch = (name) => join(dir, `${fileCounter++}-${name}`);

/** fabrique with only the FABRIQUE_* variables given (none by default). */
const fab = (args, { env = {}, input } = {}) => runCli(args, { env, input, cleanEnv: true, cwd: dir, timeout: 60000 });

/** Imports a bundle file; returns the new slug. */
async function importFile(db, file, extra = []) {
  const r = await fab(['import', file, '--db', db, ...extra]);
  assert.equal(r.code, 0, `import ${file}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Exports a cycle to a file (never through a pipe: bytes, not text); returns a Buffer. */
async function exportBytes(db, slug) {
  const out = scratch(`${slug}.json`);
  const r = await fab(['export', '--cycle', slug, '--out', out, '--db', db]);
  assert.equal(r.code, 0, `export ${slug}: ${r.stderr}`);
  return readFileSync(out);
}

async function cycles(db) {
  const r = await fab(['cycle', 'list', '--format', 'json', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** import → export → import into a second empty database → export; the two
 *  exports must be the same bytes. Returns the first export, parsed. */
async function roundTrip(file) {
  const db1 = newDb();
  const slug = await importFile(db1, file);
  const first = await exportBytes(db1, slug);
  const again = scratch('again.json');
  writeFileSync(again, first);
  const db2 = newDb();
  assert.equal(await importFile(db2, again), slug);
  const second = await exportBytes(db2, slug);
  assert.ok(first.equals(second), `${file}: the second export differs from the first\n` +
    firstDifference(first.toString('utf8'), second.toString('utf8')));
  assert.equal(first.at(-1), 0x0a, 'the bundle ends with a newline');
  return { slug, bundle: JSON.parse(first.toString('utf8')), db: db1 };
}

function firstDifference(a, b) {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n- ${la[i]}\n+ ${lb[i]}`;
  }
  return '';
}

const demoDir = join(ROOT, 'data', 'demo');
const demos = existsSync(demoDir) ? readdirSync(demoDir).filter((f) => f.endsWith('.json')).sort() : [];

for (const name of demos) {
  test(`demo bundle ${name}: export, import, export gives the same bytes`, T, async () => {
    const source = JSON.parse(readFileSync(join(demoDir, name), 'utf8'));
    const { slug, bundle } = await roundTrip(join(demoDir, name));
    assert.equal(slug, source.cycle.slug);
    assert.deepEqual(Object.keys(bundle),
      ['format', 'version', 'cycle', 'phases', 'members', 'taxonomies', 'templates', 'library', 'scenarios']);
    assert.equal(bundle.scenarios.length, (source.scenarios || []).length);
    assert.equal(bundle.library.length, (source.library || []).length);
    for (const t of bundle.taxonomies) assert.ok(Array.isArray(t.terms) && !('builtin' in t), 'built-ins are written in full');
    for (const t of bundle.templates) assert.ok(Array.isArray(t.sections) && !('builtin' in t), 'built-ins are written in full');
  });
}

/** A cycle with forks (one listed before its parent), revisions, observations,
 *  members, a deleted author (null) and a scenario without revisions. */
function richBundle(slug = 'riche') {
  const content = (text, extra = {}) => ({ recit: text, ...extra });
  return {
    format: 'fabrique-bundle',
    version: 1,
    cycle: {
      slug, title: 'Un cycle complet', question: 'Et si ?', description: 'Pour **tester**.',
      horizon: 2045, visibility: 'unlisted', archived: false,
      created_at: '2026-01-01T09:00:00Z', updated_at: '2026-03-01T18:30:00Z',
    },
    phases: [
      { name: 'Explorer', kind: 'explore', starts_on: '2026-01-01', ends_on: '2026-01-31' },
      { name: 'Imaginer', kind: 'imagine', starts_on: '2026-02-01', ends_on: null },
      { name: 'Agir', kind: 'act', starts_on: null, ends_on: null },
    ],
    members: [
      { email: 'zoe@example.org', name: 'Zoé Zèbre', role: 'participant' },
      { email: 'ana@example.org', name: 'Ana Lima', role: 'facilitator' },
      { email: 'bob@example.org', name: 'Bob', role: 'participant' },
    ],
    taxonomies: [
      { builtin: 'qualites' },
      { builtin: 'acteurs' },
      {
        slug: 'themes', name: 'Thèmes', description: '', terms: [
          { code: 'eau', label: 'Eau', definition: 'L’eau', hashtags: ['#eau'], examples: ['une source'] },
          { code: 'air', label: 'Air', definition: '', hashtags: [], examples: [] },
        ],
      },
    ],
    templates: [
      {
        slug: 'court', name: 'Court', description: 'Un modèle court', sections: [
          { id: 'recit', type: 'text', label: 'Récit', required: true, max_length: 500 },
          { id: 'chronique', type: 'chronicle', label: 'Chronique', max: 5 },
          { id: 'themes', type: 'tags', label: 'Thèmes', taxonomy: 'themes' },
          { id: 'refs', type: 'refs', label: 'Références' },
          { id: 'bilan', type: 'pros_cons', label: 'Bilan', pros_label: 'Pour', cons_label: 'Contre' },
        ],
      },
      { builtin: 'proposition' },
    ],
    library: [
      {
        uid: 'sig-2', kind: 'signal', title: 'Un signal à surveiller', source: 'Le Monde', url: 'https://example.org/a',
        date: '2025-06', summary: 'Résumé', tags: ['themes:eau', 'qualites:frugal'], status: 'confirme',
        speaker_type: '', problem_category: '', created_by: 'ana@example.org',
        created_at: '2026-01-03T09:00:00Z', updated_at: '2026-02-03T09:00:00Z',
        observations: [
          { date: '2026-02-01', status: 'confirme', note: 'confirmé' },
          { date: '2026-01-05', status: 'observe', note: 'vu une fois' },
          { date: null, status: '', note: 'sans date' },
        ],
      },
      {
        uid: 'ref-1', kind: 'question', title: 'Une question d’acteur', source: '', url: '', date: null,
        summary: '', tags: [], status: '', speaker_type: 'élu', problem_category: 'mobilité',
        created_by: null, created_at: '2026-01-02T09:00:00Z', updated_at: '2026-01-02T09:00:00Z',
        observations: [],
      },
    ],
    scenarios: [
      {
        uid: 'suite-1', template: 'court', title: 'La suite', summary: '', status: 'candidat', parent: 'racine',
        opening: false, authors: ['bob@example.org', 'zoe@example.org'],
        created_at: '2026-02-10T09:00:00Z', updated_at: '2026-02-11T09:00:00Z',
        sections: content('Et ensuite…', { themes: ['air'] }),
        revisions: [
          { number: 1, title: 'La suite', summary: '', status: 'brouillon', sections: content('Et'), author: 'bob@example.org', note: 'racine', created_at: '2026-02-10T09:00:00Z' },
          { number: 2, title: 'La suite', summary: '', status: 'candidat', sections: content('Et ensuite…', { themes: ['air'] }), author: null, note: '', created_at: '2026-02-11T09:00:00Z' },
        ],
      },
      {
        uid: 'racine', template: 'court', title: 'Le début', summary: 'Une ouverture', status: 'retenu', parent: null,
        opening: true, authors: ['ana@example.org'],
        created_at: '2026-02-01T09:00:00Z', updated_at: '2026-02-05T09:00:00Z',
        sections: {
          chronique: [{ year: 2030, text: 'Un jour' }, { year: 2040, text: 'Plus tard' }],
          recit: 'Il était une fois',
          themes: ['eau'],
          refs: ['sig-2', 'ref-1'],
          bilan: { pros: ['moins de biens'], cons: [] },
          ancienne: 'une section retirée du modèle, gardée telle quelle',
        },
        revisions: [
          { number: 1, title: 'Le début', summary: '', status: 'brouillon', sections: content('Il était'), author: 'ana@example.org', note: '', created_at: '2026-02-01T09:00:00Z' },
          { number: 2, title: 'Le début', summary: 'Une ouverture', status: 'candidat', sections: content('Il était une'), author: 'ana@example.org', note: 'plus long', created_at: '2026-02-03T09:00:00Z' },
          {
            number: 3, title: 'Le début', summary: 'Une ouverture', status: 'retenu', author: 'ana@example.org', note: '', created_at: '2026-02-05T09:00:00Z',
            sections: {
              chronique: [{ year: 2030, text: 'Un jour' }, { year: 2040, text: 'Plus tard' }],
              recit: 'Il était une fois', themes: ['eau'], refs: ['sig-2', 'ref-1'],
              bilan: { pros: ['moins de biens'], cons: [] }, ancienne: 'une section retirée du modèle, gardée telle quelle',
            },
          },
        ],
      },
      {
        uid: 'suite-2', template: 'court', title: 'Une autre suite', summary: '', status: 'brouillon', parent: 'suite-1',
        opening: false, authors: ['carla@example.org'],
        created_at: '2026-02-20T09:00:00Z', updated_at: '2026-02-21T09:00:00Z',
        sections: { recit: 'Sans révisions dans le bundle' },
      },
      {
        uid: 'prop', template: 'proposition', title: 'Une proposition', summary: '', status: 'brouillon', parent: null,
        opening: false, authors: [], created_at: '2026-02-22T09:00:00Z', updated_at: '2026-02-22T09:00:00Z',
        sections: { resume: 'Agir', acteurs: [{ category: 'citoyens', role: 'voter' }], qualites: ['frugal'] },
      },
    ],
  };
}

test('a bundle with forks, revisions, observations and members survives export and import byte for byte', T, async () => {
  const file = scratch('rich.json');
  writeFileSync(file, JSON.stringify(richBundle()));
  const { bundle, db } = await roundTrip(file);

  assert.deepEqual(bundle.cycle, richBundle().cycle);
  assert.deepEqual(bundle.phases, richBundle().phases);
  assert.deepEqual(bundle.members.map((m) => [m.role, m.email]),
    [['facilitator', 'ana@example.org'], ['participant', 'bob@example.org'], ['participant', 'zoe@example.org']],
    'members by role, then e-mail');
  assert.deepEqual(bundle.taxonomies.map((t) => t.slug), ['qualites', 'acteurs', 'themes']);
  assert.ok(bundle.taxonomies[0].terms.some((t) => t.code === 'frugal'), 'the built-in taxonomy is written in full');
  assert.deepEqual(bundle.taxonomies[2], richBundle().taxonomies[2]);
  assert.deepEqual(bundle.templates.map((t) => t.slug), ['court', 'proposition']);
  assert.deepEqual(Object.keys(bundle.templates[0].sections[0]), ['id', 'type', 'label', 'required', 'max_length'],
    'template sections keep their key order');

  const [sig, ref] = bundle.library;
  assert.deepEqual([sig.uid, ref.uid], ['sig-2', 'ref-1'], 'library items in creation order');
  assert.deepEqual(sig.observations.map((o) => o.date), ['2026-01-05', '2026-02-01', null], 'observations by date, undated last');
  assert.deepEqual(sig.tags, ['themes:eau', 'qualites:frugal']);
  assert.equal(sig.created_by, 'ana@example.org');
  assert.equal(ref.created_by, null);
  assert.equal(ref.date, null);

  const byUid = Object.fromEntries(bundle.scenarios.map((s) => [s.uid, s]));
  assert.deepEqual(bundle.scenarios.map((s) => s.uid), ['suite-1', 'racine', 'suite-2', 'prop']);
  assert.equal(byUid['suite-1'].parent, 'racine', 'a fork listed before its parent');
  assert.equal(byUid['suite-2'].parent, 'suite-1');
  assert.equal(byUid.racine.opening, true);
  assert.deepEqual(Object.keys(byUid.racine.sections), ['chronique', 'recit', 'themes', 'refs', 'bilan', 'ancienne'],
    'content keeps its key order, removed sections included');
  assert.deepEqual(byUid.racine.revisions.map((r) => r.number), [1, 2, 3], 'revisions oldest first');
  assert.equal(byUid['suite-1'].revisions[1].author, null, 'a revision by a deleted account');
  assert.deepEqual(byUid['suite-1'].authors, ['bob@example.org', 'zoe@example.org']);
  const lone = byUid['suite-2'].revisions;
  assert.equal(lone.length, 1, 'without revisions, the current content is revision 1');
  assert.deepEqual(lone[0], {
    number: 1, title: 'Une autre suite', summary: '', status: 'brouillon',
    sections: { recit: 'Sans révisions dans le bundle' }, author: 'carla@example.org', note: '',
    created_at: '2026-02-21T09:00:00Z',
  });

  // People unknown to the instance got an account (without a password).
  const users = JSON.parse((await fab(['user', 'list', '--format', 'json', '--db', db])).stdout);
  assert.deepEqual(users.map((u) => u.email).sort(),
    ['ana@example.org', 'bob@example.org', 'carla@example.org', 'zoe@example.org']);
  assert.equal(users.find((u) => u.email === 'zoe@example.org').name, 'Zoé Zèbre');
  assert.equal(users.find((u) => u.email === 'carla@example.org').name, 'carla');
  assert.ok(users.every((u) => !u.is_admin));
});

test('cycle list shows imported cycles; a taken slug is refused unless --slug gives another', T, async () => {
  const db = newDb();
  assert.deepEqual(await cycles(db), []);
  const text0 = await fab(['cycle', 'list', '--db', db]);
  assert.equal(text0.code, 0);
  assert.equal(text0.stdout, '');

  const file = scratch('rich.json');
  writeFileSync(file, JSON.stringify(richBundle('premier')));
  assert.equal(await importFile(db, file), 'premier');
  const list = await cycles(db);
  assert.equal(list.length, 1);
  assert.equal(list[0].slug, 'premier');
  assert.equal(list[0].title, 'Un cycle complet');
  assert.equal(list[0].visibility, 'unlisted');
  assert.equal(list[0].archived, false);
  assert.equal(list[0].scenarios, 4);

  const again = await fab(['import', file, '--db', db]);
  assert.equal(again.code, 1, 'the same slug twice is refused');
  assert.match(again.stderr, /^fabrique import: \$\.cycle\.slug: /m);
  assert.equal((await cycles(db)).length, 1, 'and nothing was imported');

  // FABRIQUE_DB and standard input work as well as --db and a file.
  const other = await fab(['import', '-', '--slug', 'second'], { env: { FABRIQUE_DB: db }, input: readFileSync(file) });
  assert.equal(other.code, 0, other.stderr);
  assert.equal(other.stdout.trim(), 'second');
  const both = await cycles(db);
  assert.deepEqual(both.map((c) => c.slug).sort(), ['premier', 'second']);
  assert.ok(both.every((c) => c.title === 'Un cycle complet'));
  const text = await fab(['cycle', 'list', '--db', db]);
  assert.match(text.stdout, /^second\tunlisted\topen\t4 scenarios\tUn cycle complet$/m);

  // The copy is the same cycle under another slug; people are shared.
  const a = JSON.parse((await exportBytes(db, 'premier')).toString('utf8'));
  const b = JSON.parse((await exportBytes(db, 'second')).toString('utf8'));
  a.cycle.slug = 'second';
  assert.deepEqual(b, a);
  const users = JSON.parse((await fab(['user', 'list', '--format', 'json', '--db', db])).stdout);
  assert.equal(users.length, 4, 'the second import reused the accounts');

  // Export to standard output is the file's content.
  const out = await fab(['export', '--cycle', 'premier', '--db', db]);
  assert.equal(out.code, 0);
  assert.deepEqual(JSON.parse(out.stdout), JSON.parse((await exportBytes(db, 'premier')).toString('utf8')));
});

test('export and import arguments are checked', T, async () => {
  const db = newDb();
  const cases = [
    [['export', '--db', db], /--cycle/, 2],
    [['export', '--cycle', 'nope', '--db', db], /nope/, 1],
    [['export', '--cycle', 'x', '--bogus', '--db', db], /bogus/, 2],
    [['import', '--db', db], /FILE/, 2],
    [['import', join(dir, 'missing.json'), '--db', db], /missing\.json/, 1],
    [['import', join(dir, 'missing.json'), '--slug', 'Bad Slug', '--db', db], /slug/, 2],
    [['cycle', '--db', db], /list/, 2],
    [['cycle', 'list', '--format', 'xml', '--db', db], /format/, 2],
  ];
  for (const [args, msg, code] of cases) {
    const r = await fab(args);
    assert.equal(r.code, code, `fabrique ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, `fabrique ${args.join(' ')}`);
  }
});

const badDir = join(ROOT, 'tests', 'data', 'bad-bundles');
const badFiles = readdirSync(badDir).filter((f) => f.endsWith('.json')).sort();

test('the corpus of bad bundles is there', () => {
  assert.ok(badFiles.length >= 20, `${badFiles.length} bad bundles`);
  for (const f of badFiles) assert.ok(existsSync(join(badDir, f.replace(/\.json$/, '.path'))), `${f} has its .path`);
});

test('every bad bundle is refused with the path of its first offending value, importing nothing', T, async () => {
  for (const f of badFiles) {
    const db = newDb();
    const expected = readFileSync(join(badDir, f.replace(/\.json$/, '.path')), 'utf8').trim();
    const r = await fab(['import', join(badDir, f), '--db', db]);
    assert.equal(r.code, 1, `${f}: exit status (${r.stderr})`);
    const first = r.stderr.split('\n')[0];
    const m = /^fabrique import: (\S+): (.+)$/.exec(first);
    assert.ok(m, `${f}: message shape: ${first}`);
    assert.equal(m[1], expected, `${f}: ${first}`);
    assert.ok(m[2].length > 5, `${f}: a message`);
    assert.deepEqual(await cycles(db), [], `${f}: no cycle imported`);
    const users = JSON.parse((await fab(['user', 'list', '--format', 'json', '--db', db])).stdout);
    assert.deepEqual(users, [], `${f}: no account created`);
    dropDb(db);
  }
});
