// xss.test.mjs — stored XSS: every payload of tests/data/xss-corpus.txt
// (script tags, attribute breakers, javascript: URLs, Markdown tricks...) is
// put in every text field a cycle stores — cycle, phases, display names,
// taxonomies and terms, templates and their section labels, library items
// and observations, scenarios with every section type and their revisions,
// token names — and in the inputs pages echo (search query, filters, forms
// sent back with errors). Every page that shows them, in English and French
// and for a facilitator, a participant and an anonymous reader, must hold
// them escaped:
//   (a) no <script> element but the page's own editor.js, counted;
//   (b) no event handler attribute (on...=) on any element;
//   (c) no href/src/action/formaction... whose value, entities decoded and
//       blanks removed, starts with javascript:, vbscript: or data:;
//   (d) no iframe, svg, style, object, base... element, no <img src=x>, no
//       HTML comment but cmark's "raw HTML omitted";
//   (e) the field is there, escaped (so the test cannot pass by not
//       rendering it), and its raw payloads are not.
// The JSON API must give the same strings back untouched. The checker is
// first shown to fail on hand-made unescaped pages and on real pages with
// one field "unescaped" again.
//
// Fields are told apart by a marker (xm<N>m) at the start of each value.
// Fields with a length limit get the corpus in chunks spread over several
// objects (eleven cycles, phases, taxonomies, templates and scenarios; 23
// accounts; 31 tokens...), so every payload still goes through every field.
// Findings outside escaping are left to their own tests: PostgreSQL's
// search index drops words inside HTML-looking text, so
// snippets are asserted on searches for markers, which both backends find.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWithAdmin, Client, ROOT, T } from '../lib/server.mjs';

const CORPUS = readFileSync(join(ROOT, 'tests', 'data', 'xss-corpus.txt'), 'utf8').split('\n').filter((l) => l.length);

// ---------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------

/** The escaping of src/web/html.c: & < > " ' */
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s) => s.replace(/[&<>"']/g, (c) => ESC[c]);

const NAMED = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', sol: '/',
  lpar: '(', rpar: ')', nbsp: '\u00a0', period: '.', comma: ',', semi: ';', equals: '=', num: '#',
};
/** Decodes character references as a browser does in an attribute value
 *  (numeric ones with or without the semicolon). */
function decodeEntities(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
    }
    const v = NAMED[e.toLowerCase()];
    return v === undefined ? m : v;
  });
}

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background',
  'srcset', 'cite', 'ping', 'longdesc', 'lowsrc', 'dynsrc', 'codebase', 'manifest', 'icon']);
const FORBIDDEN = new Set(['iframe', 'frame', 'frameset', 'svg', 'math', 'style', 'object', 'embed', 'applet',
  'base', 'noscript', 'details', 'marquee', 'template', 'xmp', 'plaintext', 'listing', 'isindex']);
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const OWN_SCRIPT = /^<script src="\/static\/editor\.js\?v=[0-9a-f]+" defer>$/;

/** Corpus lines that would be markup if written raw: none may appear. */
const TAGGY = CORPUS.filter((l) => /<[a-zA-Z/]/.test(l));

const around = (html, i) => JSON.stringify(html.slice(Math.max(0, i - 60), i + 100));

/**
 * The problems of one HTML page, as [{check: 'a'..'e', msg}]:
 * scripts is how many <script src="/static/editor.js"> the page has;
 * expect lists {key, marker, value (string or array), mode: 'esc'|'marker'|
 * 'json' (shown as JSON text)};
 * raw lists values whose unescaped form must not appear.
 */
function pageProblems(html, { scripts = 0, expect = [], raw = [] } = {}) {
  const out = [];
  const add = (check, msg) => out.push({ check, msg });
  // (a) scripts: only the page's own, and exactly as many as it has.
  const scr = [...html.matchAll(/<script\b[^>]*>?/gi)];
  for (const m of scr) if (!OWN_SCRIPT.test(m[0])) add('a', `a <script> that is not the page's own at ${around(html, m.index)}`);
  if (scr.length !== scripts) add('a', `${scr.length} <script> elements where the page has ${scripts}`);
  // (d) comments: cmark's placeholder only (a raw "<!--" would hide the page).
  for (const m of html.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) {
    if (m[0] !== '<!-- raw HTML omitted -->') add('d', `an HTML comment at ${around(html, m.index)}`);
  }
  const body = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const m of body.matchAll(/<([a-zA-Z][^\s/>]*)([^>]*)(?:>|$)/g)) {
    const name = m[1].toLowerCase(), attrs = m[2], where = around(body, m.index);
    // (b) event handlers: attribute names only, quoted values blanked (an
    // escaped payload inside value="..." may read ' onmouseover=').
    const names = attrs.replace(/"[^"]*"|'[^']*'/g, '""');
    if (/(^|[\s/"'])on[a-z]+\s*=/i.test(names)) add('b', `an event handler attribute in <${name}> at ${where}`);
    // (c) URL attributes with a script or data scheme.
    const values = new Map();
    for (const a of attrs.matchAll(ATTR)) {
      const an = a[1].toLowerCase();
      const v = a[2] ?? a[3] ?? a[4] ?? '';
      if (!values.has(an)) values.set(an, v);
      if (!URL_ATTRS.has(an)) continue;
      for (const part of an === 'srcset' ? v.split(',') : [v]) {
        const u = decodeEntities(part).replace(/[\x00-\x20\x7f]/g, '').toLowerCase();
        if (/^(javascript|vbscript|livescript|data):/.test(u)) add('c', `${an}="${v}" in <${name}> at ${where}`);
      }
    }
    // (d) elements a payload could bring.
    if (FORBIDDEN.has(name)) add('d', `a <${name}> element at ${where}`);
    const attr = (n) => (values.has(n) ? decodeEntities(values.get(n)) : undefined);
    if (name === 'img' && !(attr('src') === '' || /^\/static\//.test(attr('src') || ''))) add('d', `<img src="${attr('src')}"> at ${where}`);
    if (name === 'link' && !/^\/static\//.test(attr('href') || '')) add('d', `a <link> to ${attr('href')} at ${where}`);
    if (name === 'meta' && !(values.has('charset') || attr('name') === 'viewport')) add('d', `a <meta> at ${where}`);
    if (name === 'form' && !/^\/[^/\\]/.test(attr('action') || '')) add('d', `a form posting to ${attr('action')} at ${where}`);
    if (values.has('formaction')) add('d', `a formaction at ${where}`);
  }
  if (/<img\s[^>]*src\s*=\s*["']?x\b/i.test(body)) add('d', 'an <img src=x>');
  // (e) the fields are shown, escaped; their raw payloads are not.
  for (const e of expect) {
    if (e.mode === 'marker') {
      if (!html.includes(e.marker)) add('e', `${e.key} (${e.marker}) is not on the page`);
      continue;
    }
    if (e.mode === 'json') {
      if (!html.includes(esc(JSON.stringify(e.value)))) add('e', `${e.key} is not on the page as escaped JSON`);
      continue;
    }
    for (const v of Array.isArray(e.value) ? e.value : [e.value]) {
      if (!html.includes(esc(v))) add('e', `${e.key} is not on the page in escaped form: ${JSON.stringify(esc(v).slice(0, 120))}`);
    }
  }
  // Raw text: cmark's own placeholder aside (any other comment fails (d)).
  const text = html.replaceAll('<!-- raw HTML omitted -->', '');
  for (const v of raw) {
    if (/[<>"]/.test(v) && text.includes(v)) add('e', `raw (unescaped) text on the page: ${JSON.stringify(v.slice(0, 120))}`);
  }
  for (const l of TAGGY) if (text.includes(l)) add('e', `raw payload on the page: ${JSON.stringify(l)}`);
  return out;
}

const summary = (problems) => problems.slice(0, 12).map((p) => `(${p.check}) ${p.msg}`).join('\n  ');

// ---------------------------------------------------------------------------
// The fields
// ---------------------------------------------------------------------------

/** key -> {key, marker, value, kind: 'text'|'md'|'list'|'plain'} */
const FIELDS = new Map();
let seq = 0;
const cpLen = (s) => [...s].length;
const nextMarker = () => `xm${++seq}m`;

function put(key, f) {
  assert.ok(!FIELDS.has(key), `field ${key} defined twice`);
  FIELDS.set(key, { key, ...f });
  return f.value;
}
/** A one-line text field: marker, then the payloads joined by a space. */
const text = (key, lines = CORPUS) => { const marker = nextMarker(); return put(key, { marker, value: `${marker} ${lines.join(' ')}`, kind: 'text' }); };
/** A Markdown field: marker, then one block per payload. */
const md = (key, lines = CORPUS) => { const marker = nextMarker(); return put(key, { marker, value: `${marker}\n\n${lines.join('\n\n')}`, kind: 'md' }); };
/** A list field: one item per payload, each starting with the marker. */
const list = (key, lines = CORPUS) => { const marker = nextMarker(); return put(key, { marker, value: lines.map((l) => `${marker} ${l}`), kind: 'list' }); };
/** A value as it is (a term code has no room for a marker)... */
const plain = (key, value) => put(key, { marker: null, value, kind: 'plain' });
/** ...or with a marker glued to the payload (no space: one input word). */
const glued = (key, payload, before = '') => { const marker = nextMarker(); return put(key, { marker, value: `${before}${marker}${payload}`, kind: 'plain' }); };

/** The corpus in chunks that fit a limit once a marker is added. */
function chunks(limit, joiner = ' ') {
  const out = [];
  let cur = [];
  for (const l of CORPUS) {
    if (cur.length && cpLen([...cur, l].join(joiner)) + 9 > limit) { out.push(cur); cur = []; }
    cur.push(l);
  }
  if (cur.length) out.push(cur);
  for (const c of out) assert.ok(cpLen(c.join(joiner)) + 9 <= limit, `a payload longer than ${limit}`);
  return out;
}
const keys = (prefix) => [...FIELDS.keys()].filter((k) => k.startsWith(prefix));
const F = (key) => { const f = FIELDS.get(key); assert.ok(f, `no field ${key}`); return f; };
const V = (key) => F(key).value;

// ---------------------------------------------------------------------------
// Self-test: each check fails on what it must catch
// ---------------------------------------------------------------------------

const PAGE = (inner) => `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
  + `<title>t</title><link rel="stylesheet" href="/static/style.css?v=1"></head><body>`
  + `<img src="/static/icon.svg" alt=""><main>${inner}</main></body></html>\n`;
const checksOf = (html, opts) => new Set(pageProblems(html, opts).map((p) => p.check));

test('the checker: a clean page passes; each kind of unescaped output fails its check', () => {
  const payload = '"><img src=x onerror=alert(1)> <script>alert(1)</script>';
  const field = { key: 'demo', marker: 'xm0m', value: `xm0m ${payload}`, mode: 'esc' };
  const clean = PAGE(`<h1>${esc(field.value)}</h1><input value="${esc(field.value)}"><p><a href="">x</a></p><!-- raw HTML omitted -->`
    + `<input value="x onmouseover=alert(1) javascript:alert(1)"><a href="/c/x?q=javascript:alert(1)">ok</a>`);
  assert.deepEqual(pageProblems(clean, { expect: [field], raw: [field.value] }), [], 'a clean page');
  assert.deepEqual(pageProblems(PAGE('<script src="/static/editor.js?v=0a1b" defer></script>'), { scripts: 1 }), [], 'the own script');

  const fails = [
    ['a', PAGE('<p><script>alert(1)</script></p>'), {}],
    ['a', PAGE('<p><SCRIPT SRC=//evil.example></SCRIPT></p>'), {}],
    ['a', PAGE('<script src="/static/editor.js?v=0a1b" defer></script><script src="/static/editor.js?v=0a1b" defer></script>'), { scripts: 1 }],
    ['a', PAGE('<p>no script</p>'), { scripts: 1 }],
    ['b', PAGE('<img src="/static/icon.svg" onerror="alert(1)">'), {}],
    ['b', PAGE('<input value="" onfocus="alert(1)" autofocus>'), {}],
    ['b', PAGE('<input value=""onfocus="alert(1)">'), {}],
    ['b', PAGE('<p/onclick=alert(1)>x</p>'), {}],
    ['b', PAGE('<div title=x ONMOUSEOVER = alert(1)>x</div>'), {}],
    ['c', PAGE('<a href="javascript:alert(1)">x</a>'), {}],
    ['c', PAGE('<a href=" JaVaScRiPt:alert(1)">x</a>'), {}],
    ['c', PAGE('<a href="&#106;avascript:alert(1)">x</a>'), {}],
    ['c', PAGE('<a href="&#x6A&#x61vascript&colon;alert(1)">x</a>'), {}],
    ['c', PAGE('<a href="jav&#x09;ascript:alert(1)">x</a>'), {}],
    ['c', PAGE("<a href='vbscript:msgbox(1)'>x</a>"), {}],
    ['c', PAGE('<a href=data:text/html;base64,PHNjcmlwdD4=>x</a>'), {}],
    ['c', PAGE('<button formaction="javascript:alert(1)">x</button>'), {}],
    ['d', PAGE('<iframe src=//evil.example></iframe>'), {}],
    ['d', PAGE('<svg onload=alert(1)>'), {}],
    ['d', PAGE('<style>*{display:none}</style>'), {}],
    ['d', PAGE('<img src=x>'), {}],
    ['d', PAGE('<object data="x"></object>'), {}],
    ['d', PAGE('<base href="//evil.example/">'), {}],
    ['d', PAGE('<meta http-equiv="refresh" content="0;url=/x">'), {}],
    ['d', PAGE('<form action="//evil.example/"><button>go</button></form>'), {}],
    ['d', PAGE('<p><!--</p><p>hidden</p>'), {}],
    ['e', PAGE('<h1>nothing</h1>'), { expect: [field] }],
    ['e', PAGE(`<h1>${field.value.replace(/</g, '&lt;')}</h1>`), { expect: [field] }],
    ['e', PAGE('<p>xm0m</p>'), { expect: [{ ...field, mode: 'esc' }] }],
    ['e', PAGE('<p>other</p>'), { expect: [{ ...field, mode: 'marker' }] }],
    ['e', PAGE(`<p>${esc(field.value)} ${field.value}</p>`), { expect: [field], raw: [field.value] }],
    ['e', PAGE('<p>\u202Egnp.exe<b>rtl</b>\u202C</p>'), {}],
  ];
  for (const [check, html, opts] of fails) {
    const got = checksOf(html, opts);
    assert.ok(got.has(check), `check (${check}) must fail on ${JSON.stringify(html.slice(html.indexOf('<main>'), html.indexOf('</main>') + 7))}; got ${[...got]}`);
  }
  // The whole corpus written raw into a page trips every check.
  const rawPage = PAGE(`<p>${CORPUS.join('\n')}</p>`);
  const got = checksOf(rawPage, { expect: [{ key: 'c', marker: 'x', value: CORPUS, mode: 'esc' }] });
  for (const c of ['a', 'b', 'c', 'd', 'e']) assert.ok(got.has(c), `the raw corpus trips (${c})`);
  // And escaped, it trips nothing.
  const escPage = PAGE(`<p>${CORPUS.map(esc).join('\n')}</p>`);
  assert.deepEqual(pageProblems(escPage, { expect: [{ key: 'c', marker: 'x', value: CORPUS, mode: 'esc' }], raw: CORPUS }), []);
});

// ---------------------------------------------------------------------------
// Content: every field, through the API
// ---------------------------------------------------------------------------

let kit, fac, facFr, part, partFr, anon, anonFr, adminFr;
const C = '/api/v1/cycles';
const M = '/c/xss';
const A = `${C}/xss`;
const ids = { items: [], itemBy: [], scenarios: [], cycles: [], taxonomies: [], templates: [], codes: [] };
let S, FORK, REQ; // uids of the main scenario, its continuation, a draft missing a required section
const ok = (r, status, what) => { assert.equal(r.status, status, `${what}: ${r.status} ${r.text_.slice(0, 400)}`); return r.json_; };

before(async () => {
  kit = await startWithAdmin();
  const ch = { 80: chunks(80), 100: chunks(100), 200: chunks(200), 300: chunks(300), 1000: chunks(1000), 480: chunks(480) };

  // People: display names (100 characters) over as many accounts as chunks.
  const users = [];
  for (let j = 0; j < ch[100].length; j++) {
    users.push(await kit.createUser(`u${j}@example.org`, { name: text(`user.${j}`, ch[100][j]) }));
  }
  fac = await kit.loginAs(users[0].email, users[0].password);
  part = await kit.loginAs(users[1].email, users[1].password);
  facFr = new Client(kit.url, { headers: { 'accept-language': 'fr' } });
  await facFr.login(users[0].email, users[0].password);
  partFr = new Client(kit.url, { headers: { 'accept-language': 'fr' } });
  await partFr.login(users[1].email, users[1].password);
  anon = kit.client();
  anonFr = new Client(kit.url, { headers: { 'accept-language': 'fr' } });
  adminFr = new Client(kit.url, { headers: { 'accept-language': 'fr' } });
  await adminFr.login(kit.adminEmail, kit.adminPassword);

  // Token names (80 characters).
  for (let j = 0; j < ch[80].length; j++) ok(await fac.api('POST', '/api/v1/tokens', { name: text(`token.${j}`, ch[80][j]) }), 201, 'token');

  // Cycles: titles (200) and questions (1000) over several cycles.
  const ncycles = Math.max(ch[200].length, ch[1000].length);
  for (let j = 0; j < ncycles; j++) {
    const slug = j ? `xss-${j}` : 'xss';
    ids.cycles.push(slug);
    ok(await fac.api('POST', C, {
      slug, title: text(`cycle.title.${j}`, ch[200][j] || ch[200][0]), question: text(`cycle.question.${j}`, ch[1000][j] || ch[1000][0]),
      description: md(`cycle.desc.${j}`), visibility: 'public', builtins: false,
    }), 201, `cycle ${slug}`);
  }
  const kinds = ['explore', 'imagine', 'select', 'enrich', 'debate', 'publish', 'act'];
  ok(await fac.api('PUT', `${A}/phases`, ch[200].map((c, j) => ({
    name: text(`phase.${j}`, c), kind: kinds[j % 7], starts_on: j ? null : '2000-01-01', ends_on: j ? null : '2299-12-31',
  }))), 200, 'phases');
  for (let j = 1; j < users.length; j++) {
    ok(await fac.api('POST', `${A}/members`, { email: users[j].email, role: 'participant' }), 200, 'member');
  }

  // Taxonomies: the main one with its terms; more for the names (200).
  // Codes may hold anything but spaces and : / ? # % (they go into paths).
  const codes = [...new Set(['"onmouseover="alert(1)', "'onfocus='alert(1)'autofocus='", '"><svg onload=alert(1)>'.replace(' ', '\u00a0'),
    ...CORPUS.filter((l) => !/[\s:/?#%]/.test(l) && cpLen(l) <= 40 && /[<>"'&]/.test(l))])];
  const terms = ch[200].map((c, j) => ({
    code: `t${j}`, label: text(`term.label.${j}`, c), definition: text(`term.def.${j}`),
    hashtags: list(`term.hash.${j}`), examples: list(`term.ex.${j}`),
  }));
  codes.forEach((code, k) => {
    ids.codes.push(code);
    terms.push({ code: plain(`code.${k}`, code), label: text(`code.label.${k}`, [CORPUS[k % CORPUS.length]]) });
  });
  ok(await fac.api('POST', `${A}/taxonomies`, { slug: 'xss', name: text('tax.name.0', ch[200][0]), description: md('tax.desc.0'), terms }), 201, 'taxonomy');
  ids.taxonomies.push('xss');
  for (let j = 1; j < ch[200].length; j++) {
    ok(await fac.api('POST', `${A}/taxonomies`, { slug: `xss-t${j}`, name: text(`tax.name.${j}`, ch[200][j]), description: md(`tax.desc.${j}`), terms: [] }), 201, 'taxonomy');
    ids.taxonomies.push(`xss-t${j}`);
  }

  // Templates: one with every section type, labels and help all payloads.
  const sec = (id, type, more = {}) => ({ id, type, label: text(`tpl.label.${id}`), help: text(`tpl.help.${id}`), ...more });
  const sections = [
    sec('recit', 'text'), sec('liste', 'list'), sec('horizon', 'horizon'), sec('chronique', 'chronicle'),
    sec('phases', 'phases', { count: 2, taxonomy: 'xss' }),
    sec('pc', 'pros_cons', { pros_label: text('tpl.pros'), cons_label: text('tpl.cons') }),
    sec('grille', 'grid', { rows: [text('tpl.row.0'), text('tpl.row.1')], columns: [text('tpl.col.0'), text('tpl.col.1')] }),
    sec('refs', 'refs'), sec('tags', 'tags', { taxonomy: 'xss' }), sec('acteurs', 'actors', { taxonomy: 'xss' }),
  ];
  const ancien = { id: 'ancien', type: 'text', label: 'Ancien' };
  ok(await fac.api('POST', `${A}/templates`, { slug: 'xss', name: text('tpl.name.0', ch[200][0]), description: md('tpl.desc.0'), sections: [...sections, ancien] }), 201, 'template');
  ids.templates.push('xss');
  for (let j = 1; j < ch[200].length; j++) {
    ok(await fac.api('POST', `${A}/templates`, {
      slug: `xss-t${j}`, name: text(`tpl.name.${j}`, ch[200][j]), description: md(`tpl.desc.${j}`),
      sections: [{ id: 'recit', type: 'text', label: text(`tpl.xlabel.${j}`, ch[200][j]), required: j === 2 }],
    }), 201, 'template');
    ids.templates.push(`xss-t${j}`);
  }

  // Library: titles and sources (300), speaker types and problem categories
  // (200) over several items; a payload-laden URL; Markdown summaries.
  const nitems = Math.max(ch[300].length, ch[200].length);
  const urls = chunks(1900, '&q=');
  for (let j = 0; j < nitems; j++) {
    const by = j % 2 ? fac : part;
    const um = nextMarker();
    const url = `https://example.org/x?m=${um}&q=${urls[j % urls.length].join('&q=')}`;
    put(`item.url.${j}`, { marker: um, value: url, kind: 'text' });
    const it = ok(await by.api('POST', `${A}/library`, {
      kind: j ? 'question' : 'signal', title: text(`item.title.${j}`, ch[300][j % ch[300].length]),
      source: text(`item.source.${j}`, ch[300][(j + 1) % ch[300].length]), url, date: '2024-05',
      summary: md(`item.summary.${j}`), speaker_type: text(`item.speaker.${j}`, ch[200][j % ch[200].length]),
      problem_category: text(`item.problem.${j}`, ch[200][(j + 1) % ch[200].length]),
      tags: j ? [] : ['xss:t0', ...codes.map((c) => `xss:${c}`)],
    }), 201, `item ${j}`);
    ids.items.push(it.uid);
    ids.itemBy.push(j % 2 ? 'fac' : 'part');
  }
  ok(await fac.api('POST', `${A}/library/${ids.items[0]}/observations`, { date: '2024-06-01', status: 'observe', note: text('obs.note') }), 201, 'observation');

  // The main scenario: every section type, written by a participant
  // (revision 1), changed by the facilitator (revision 2).
  const content = {
    recit: md('sc.recit.r1'), liste: list('sc.liste.r1'), horizon: 2050,
    chronique: [{ year: 2030, text: text('sc.chron.0') }, { year: 2031, text: text('sc.chron.1') }],
    phases: [{ title: text('sc.phase.title.0'), text: md('sc.phase.text.0'), tags: ['t0', codes[0]] },
      { title: text('sc.phase.title.1'), text: md('sc.phase.text.1'), tags: [codes[1]] }],
    pc: { pros: list('sc.pros'), cons: list('sc.cons') },
    grille: [[list('sc.cell.0.0'), list('sc.cell.0.1')], [list('sc.cell.1.0'), list('sc.cell.1.1')]],
    refs: [ids.items[0], ids.items[1]], tags: ['t0', ...codes],
    acteurs: [{ category: codes[0], role: text('sc.actor.0') }, { category: 't1', role: text('sc.actor.1') }],
    ancien: text('sc.ancien'),
  };
  const s1 = ok(await part.api('POST', `${A}/scenarios`, {
    template: 'xss', title: text('sc.title.r1', ch[200][0]), summary: text('sc.summary.r1'), sections: content, note: text('sc.note.r1'),
  }), 201, 'scenario');
  S = s1.uid;
  const rev2 = { ...content, recit: md('sc.recit.r2', [...CORPUS].reverse()), liste: list('sc.liste.r2', [...CORPUS].reverse()) };
  ok(await fac.api('PATCH', `${A}/scenarios/${S}`, {
    title: text('sc.title.r2', ch[200][1]), summary: text('sc.summary.r2', [...CORPUS].reverse()), sections: rev2, note: text('sc.note.r2'),
  }), 200, 'scenario revision 2');
  // The section "ancien" leaves the template: its content stays, shown as removed.
  ok(await fac.api('PUT', `${A}/templates/xss`, { name: V('tpl.name.0'), description: V('tpl.desc.0'), sections }), 200, 'template without ancien');
  FORK = ok(await fac.api('POST', `${A}/scenarios/${S}/fork`, { title: text('sc.fork.title', ch[200][2 % ch[200].length]) }), 201, 'fork').uid;
  for (let j = 1; j < ch[200].length; j++) {
    const x = ok(await (j % 2 ? part : fac).api('POST', `${A}/scenarios`, {
      template: `xss-t${j}`, title: text(`sc.title.x${j}`, ch[200][j]), summary: text(`sc.summary.x${j}`),
      sections: { recit: md(`sc.recit.x${j}`) }, opening: j === 1,
    }), 201, 'scenario');
    ids.scenarios.push(x.uid);
  }
  // A draft may leave a required section empty, but cannot become a candidate.
  REQ = ok(await part.api('POST', `${A}/scenarios`, { template: 'xss-t2', title: text('sc.title.req', ch[200][3]) }), 201, 'draft').uid;
  // Search queries (500 characters at most): payload words, echoed.
  ch[480].forEach((c, j) => text(`search.q.${j}`, c));
});
after(async () => { if (kit) await kit.stop(); });

// ---------------------------------------------------------------------------
// The JSON API gives the strings back as they were sent
// ---------------------------------------------------------------------------

test('the JSON API returns every payload intact, not HTML-escaped', T, async () => {
  const get = async (c, path) => {
    const r = await c.api('GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text_.slice(0, 200)}`);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    return r.json_;
  };
  for (const [j, slug] of ids.cycles.entries()) {
    const c = await get(fac, `${C}/${slug}`);
    assert.equal(c.title, V(`cycle.title.${j}`));
    assert.equal(c.question, V(`cycle.question.${j}`));
    assert.equal(c.description, V(`cycle.desc.${j}`));
    if (!j) assert.deepEqual(c.phases.map((p) => p.name), keys('phase.').map(V));
  }
  const members = await get(fac, `${A}/members`);
  assert.deepEqual(members.members.map((m) => m.name).sort(), keys('user.').map(V).sort());
  assert.equal((await get(fac, '/api/v1/me')).name, V('user.0'));
  assert.deepEqual((await get(fac, '/api/v1/tokens')).tokens.map((t) => t.name).sort(), keys('token.').map(V).sort());
  assert.deepEqual((await get(kit.admin, '/api/v1/users')).users.map((u) => u.name).filter((n) => n !== 'Ada Admin').sort(),
    keys('user.').map(V).sort());

  const tax = await get(part, `${A}/taxonomies/xss`);
  assert.equal(tax.name, V('tax.name.0'));
  assert.equal(tax.description, V('tax.desc.0'));
  for (const t of tax.terms) {
    const j = t.code.startsWith('t') && /^t\d+$/.test(t.code) ? Number(t.code.slice(1)) : null;
    if (j === null) {
      const k = ids.codes.indexOf(t.code);
      assert.ok(k >= 0, `code ${t.code} came back as sent`);
      assert.equal(t.label, V(`code.label.${k}`));
      continue;
    }
    assert.equal(t.label, V(`term.label.${j}`));
    assert.equal(t.definition, V(`term.def.${j}`));
    assert.deepEqual(t.hashtags, V(`term.hash.${j}`));
    assert.deepEqual(t.examples, V(`term.ex.${j}`));
  }
  const taxes = await get(part, `${A}/taxonomies`);
  assert.deepEqual(taxes.taxonomies.map((t) => t.name).sort(), keys('tax.name.').map(V).sort());

  const tpl = await get(part, `${A}/templates/xss`);
  assert.equal(tpl.name, V('tpl.name.0'));
  assert.equal(tpl.description, V('tpl.desc.0'));
  for (const s of tpl.sections) {
    assert.equal(s.label, V(`tpl.label.${s.id}`));
    assert.equal(s.help, V(`tpl.help.${s.id}`));
  }
  const pc = tpl.sections.find((s) => s.id === 'pc'), grid = tpl.sections.find((s) => s.id === 'grille');
  assert.deepEqual([pc.pros_label, pc.cons_label], [V('tpl.pros'), V('tpl.cons')]);
  assert.deepEqual([grid.rows, grid.columns], [[V('tpl.row.0'), V('tpl.row.1')], [V('tpl.col.0'), V('tpl.col.1')]]);

  for (const [j, uid] of ids.items.entries()) {
    const it = await get(part, `${A}/library/${uid}`);
    assert.deepEqual([it.title, it.source, it.url, it.summary, it.speaker_type, it.problem_category],
      [`item.title.${j}`, `item.source.${j}`, `item.url.${j}`, `item.summary.${j}`, `item.speaker.${j}`, `item.problem.${j}`].map(V));
    if (!j) assert.deepEqual(it.observations.map((o) => o.note), [V('obs.note')]);
  }

  const sc = await get(part, `${A}/scenarios/${S}`);
  assert.equal(sc.title, V('sc.title.r2'));
  assert.equal(sc.summary, V('sc.summary.r2'));
  assert.equal(sc.sections.recit, V('sc.recit.r2'));
  assert.deepEqual(sc.sections.liste, V('sc.liste.r2'));
  assert.deepEqual(sc.sections.chronique.map((c) => c.text), [V('sc.chron.0'), V('sc.chron.1')]);
  assert.deepEqual(sc.sections.phases.map((p) => [p.title, p.text]), [[V('sc.phase.title.0'), V('sc.phase.text.0')], [V('sc.phase.title.1'), V('sc.phase.text.1')]]);
  assert.deepEqual(sc.sections.pc, { pros: V('sc.pros'), cons: V('sc.cons') });
  assert.deepEqual(sc.sections.grille, [[V('sc.cell.0.0'), V('sc.cell.0.1')], [V('sc.cell.1.0'), V('sc.cell.1.1')]]);
  assert.deepEqual(sc.sections.acteurs.map((a) => a.role), [V('sc.actor.0'), V('sc.actor.1')]);
  assert.deepEqual(sc.sections.tags, ['t0', ...ids.codes]);
  assert.equal(sc.sections.ancien, V('sc.ancien'), 'the removed section is kept');
  assert.deepEqual(sc.authors.map((a) => a.name).sort(), [V('user.0'), V('user.1')].sort());
  const revs = await get(part, `${A}/scenarios/${S}/revisions`);
  assert.deepEqual(revs.revisions.map((r) => r.note), [V('sc.note.r2'), V('sc.note.r1')]);
  const r1 = await get(part, `${A}/scenarios/${S}/revisions/1`);
  assert.deepEqual([r1.title, r1.summary, r1.sections.recit], [V('sc.title.r1'), V('sc.summary.r1'), V('sc.recit.r1')]);
  const d = await get(part, `${A}/scenarios/${S}/diff?from=1&to=2`);
  assert.equal(d.title.spans.filter((s) => s.op !== 'del').map((s) => s.text).join(''), V('sc.title.r2'));
  assert.equal(d.title.spans.filter((s) => s.op !== 'ins').map((s) => s.text).join(''), V('sc.title.r1'));

  const found = await get(part, `${A}/search?q=${encodeURIComponent(F('item.summary.0').marker)}`);
  assert.deepEqual(found.results.map((x) => x.title), [V('item.title.0')]);
  const q = V('search.q.0');
  const echoed = await get(part, `${A}/search?q=${encodeURIComponent(q)}`);
  assert.equal(echoed.query, q, 'the query comes back as sent');
  for (const hit of echoed.results) assert.ok(hit.snippet.every((p) => typeof p.text === 'string'));
  const raw = (await part.api('GET', `${A}/scenarios/${S}`)).text_;
  assert.ok(raw.includes('<script>alert(1)</script>'), 'JSON carries the payloads as they are');
});

// ---------------------------------------------------------------------------
// The pages
// ---------------------------------------------------------------------------

/** Expectation entries: a key (default mode: escaped for text and lists,
 *  the marker for rendered Markdown), or [key, mode]. */
function expectations(list) {
  return list.map((e) => {
    const [key, mode] = Array.isArray(e) ? e : [e, undefined];
    const f = F(key);
    return { key, marker: f.marker, value: f.value, mode: mode || (f.kind === 'md' ? 'marker' : 'esc') };
  });
}
const allRaw = () => [...FIELDS.values()].flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]));

const TAGS_SHOWN = () => ['tax.name.0', 'term.label.0', ...keys('code.label.')];
const SC_SECTIONS = ['recit', 'liste', 'horizon', 'chronique', 'phases', 'pc', 'grille', 'refs', 'tags', 'acteurs'];
const SCENARIO_SHOWN = () => [
  'tpl.name.0', 'sc.title.r2', 'user.0', 'user.1', 'sc.summary.r2', ...SC_SECTIONS.map((s) => `tpl.label.${s}`),
  'sc.recit.r2', 'sc.liste.r2', 'sc.chron.0', 'sc.chron.1', 'sc.phase.title.0', 'sc.phase.title.1', 'sc.phase.text.0',
  'sc.phase.text.1', 'sc.pros', 'sc.cons', 'tpl.pros', 'tpl.cons', 'tpl.row.0', 'tpl.row.1', 'tpl.col.0', 'tpl.col.1',
  'sc.cell.0.0', 'sc.cell.0.1', 'sc.cell.1.0', 'sc.cell.1.1', 'item.title.0', 'item.title.1', 'sc.actor.0', 'sc.actor.1',
  'term.label.0', 'term.label.1', ...keys('code.'), ['sc.ancien', 'json'],
];
const EDITOR_SHOWN = () => [
  ['tpl.desc.0', 'esc'], ...SC_SECTIONS.map((s) => `tpl.label.${s}`), ...SC_SECTIONS.map((s) => `tpl.help.${s}`),
  'tpl.pros', 'tpl.cons', 'tpl.row.0', 'tpl.row.1', 'tpl.col.0', 'tpl.col.1', ...keys('item.title.'),
  ...keys('term.label.'), ...keys('code.'),
];

/** Every page, with who may see it and what it must show. who: 'fac',
 *  'part', 'anon', 'admin', each in English and in French; by adds what one
 *  of them sees besides. */
function pages() {
  const P = [];
  const add = (path, who, expect, extra = {}) => P.push({ path, who, expect, ...extra });
  const R = ['fac', 'part', 'anon'];
  const cyc = (rest = []) => ['cycle.title.0', ...rest];
  // The home page lists the ten newest cycles.
  const newest = ids.cycles.map((_, j) => j).slice(-10);
  add('/', R, newest.flatMap((j) => [`cycle.title.${j}`, `cycle.question.${j}`]), { by: { fac: ['user.0'], part: ['user.1'] } });
  add('/cycles', R, [...keys('cycle.title.'), ...keys('cycle.question.')]);
  add(M, R, cyc(['cycle.question.0', 'cycle.desc.0', ...keys('phase.')]));
  add(`${M}/settings`, ['fac'], cyc(['cycle.question.0', ['cycle.desc.0', 'esc'], ...keys('phase.')]));
  add(`${M}/members`, ['fac', 'part'], cyc(keys('user.')));
  ids.cycles.slice(1).forEach((slug, i) => {
    const j = i + 1;
    add(`/c/${slug}`, R, [`cycle.title.${j}`, `cycle.question.${j}`, `cycle.desc.${j}`]);
    add(`/c/${slug}/settings`, ['fac'], [`cycle.title.${j}`, `cycle.question.${j}`, [`cycle.desc.${j}`, 'esc']]);
  });
  // Taxonomies
  add(`${M}/taxonomies`, R, cyc(keys('tax.name.')));
  add(`${M}/taxonomies/xss`, R, cyc(['tax.name.0', 'tax.desc.0', ...keys('term.label.'), ...keys('code.')]),
    { by: { fac: [['tax.desc.0', 'esc']] } });
  keys('term.label.').forEach((k, j) => {
    const tagged = j ? [] : ['sc.title.r2', 'sc.fork.title', 'item.title.0'];
    add(`${M}/taxonomies/xss?term=t${j}`, R, cyc(['tax.name.0', k, `term.def.${j}`, `term.hash.${j}`, `term.ex.${j}`, ...tagged]));
    add(`${M}/taxonomies/xss/terms/t${j}/edit`, ['fac'], cyc(['tax.name.0', k, `term.def.${j}`, `term.hash.${j}`, `term.ex.${j}`]));
  });
  ids.codes.forEach((code, k) => {
    add(`${M}/taxonomies/xss?term=${encodeURIComponent(code)}`, R, cyc(['tax.name.0', `code.${k}`, `code.label.${k}`, 'sc.title.r2', 'item.title.0']));
    // A code holding "/" has no reachable edit page (the path splits on it).
    if (!code.includes('/')) add(`${M}/taxonomies/xss/terms/${encodeURIComponent(code)}/edit`, ['fac'], cyc(['tax.name.0', `code.${k}`, `code.label.${k}`]));
  });
  ids.taxonomies.slice(1).forEach((slug, i) => add(`${M}/taxonomies/${slug}`, R, cyc([`tax.name.${i + 1}`, `tax.desc.${i + 1}`]),
    { by: { fac: [[`tax.desc.${i + 1}`, 'esc']] } }));
  // Templates
  add(`${M}/templates`, R, cyc(keys('tpl.name.')));
  add(`${M}/templates/xss`, R, cyc(['tpl.name.0', 'tpl.desc.0', ...SC_SECTIONS.map((s) => `tpl.label.${s}`), ...SC_SECTIONS.map((s) => `tpl.help.${s}`),
    'tpl.pros', 'tpl.cons', 'tpl.row.0', 'tpl.row.1', 'tpl.col.0', 'tpl.col.1']), { by: { fac: [['tpl.desc.0', 'esc']] } });
  ids.templates.slice(1).forEach((slug, i) => add(`${M}/templates/${slug}`, R, cyc([`tpl.name.${i + 1}`, `tpl.desc.${i + 1}`, `tpl.xlabel.${i + 1}`]),
    { by: { fac: [[`tpl.desc.${i + 1}`, 'esc']] } }));
  // Library
  add(`${M}/library`, R, cyc([...keys('item.title.'), ...keys('item.source.')]));
  add(`${M}/library?kind=question`, R, cyc(keys('item.title.').slice(1)));
  add(`${M}/library?kind=signal&year=2024`, R, cyc(['item.title.0', 'item.source.0']));
  add(`${M}/library?tag=xss:t0`, R, cyc(['tax.name.0', 'term.label.0', 'item.title.0']));
  ids.codes.forEach((code, k) => add(`${M}/library?tag=${encodeURIComponent(`xss:${code}`)}`, R, cyc(['tax.name.0', `code.label.${k}`, 'item.title.0'])));
  ids.items.forEach((uid, j) => {
    const item = ['title', 'source', 'url', 'speaker', 'problem', 'summary'].map((f) => `item.${f}.${j}`);
    const cited = j === 0 ? ['sc.title.r2', 'sc.fork.title'] : j === 1 ? ['sc.title.r2', 'sc.fork.title'] : [];
    add(`${M}/library/${uid}`, R, cyc([...item, ...cited, ...(j ? [] : ['obs.note', ...TAGS_SHOWN()])]));
    add(`${M}/library/${uid}/edit`, ['fac', ...(ids.itemBy[j] === 'part' ? ['part'] : [])],
      cyc([...item.slice(0, 5), [`item.summary.${j}`, 'esc'], 'tax.name.0', ...keys('term.label.'), ...keys('code.')]));
  });
  // Scenarios
  const current = ['sc.title.r2', 'sc.fork.title', 'sc.title.req', ...keys('sc.title.x')];
  add(`${M}/scenarios`, R, cyc([...current, 'sc.summary.r2', ...keys('sc.summary.x'), ...keys('tpl.name.')]));
  add(`${M}/scenarios?status=brouillon`, R, cyc(current));
  add(`${M}/scenarios/${S}`, R, cyc([...SCENARIO_SHOWN(), 'sc.fork.title']));
  add(`${M}/scenarios/${S}/print`, R, SCENARIO_SHOWN());
  add(`${M}/scenarios/${S}/edit`, ['fac', 'part'], cyc(['sc.title.r2', 'sc.summary.r2', ['sc.recit.r2', 'esc'], 'sc.liste.r2', 'sc.chron.0',
    'sc.chron.1', 'sc.phase.title.0', 'sc.phase.title.1', ['sc.phase.text.0', 'esc'], ['sc.phase.text.1', 'esc'], 'sc.pros', 'sc.cons',
    'sc.cell.0.0', 'sc.cell.0.1', 'sc.cell.1.0', 'sc.cell.1.1', 'sc.actor.0', 'sc.actor.1', ...EDITOR_SHOWN()]), { scripts: 1 });
  add(`${M}/scenarios/new?template=xss`, ['fac', 'part'], cyc(['tpl.name.0', ...EDITOR_SHOWN()]), { scripts: 1 });
  add(`${M}/scenarios/${REQ}`, R, cyc(['sc.title.req', 'tpl.name.2']));
  add(`${M}/scenarios/${REQ}/edit`, ['fac', 'part'], cyc(['sc.title.req', 'tpl.xlabel.2', ['tpl.desc.2', 'esc']]), { scripts: 1 });
  add(`${M}/scenarios/new`, ['fac', 'part'], cyc([...keys('tpl.name.'), ...keys('tpl.desc.').map((k) => [k, 'esc'])]));
  add(`${M}/scenarios/${S}/history`, R, cyc(['sc.title.r2', 'sc.note.r1', 'sc.note.r2', 'user.0', 'user.1']));
  const diff = ['sc.title.r2', ['sc.title.r1', 'marker'], ['sc.summary.r1', 'marker'], ['sc.summary.r2', 'marker'], ['sc.recit.r1', 'marker'],
    ['sc.recit.r2', 'marker'], ['sc.liste.r1', 'marker'], ['sc.liste.r2', 'marker'], 'tpl.label.recit', 'tpl.label.liste'];
  add(`${M}/scenarios/${S}/diff?from=1&to=2`, R, cyc(diff), { diff: true });
  add(`${M}/scenarios/${S}/diff?from=2&to=1`, R, cyc(diff), { diff: true });
  add(`${M}/scenarios/${FORK}`, R, cyc(['sc.fork.title', 'sc.title.r2', 'sc.liste.r2', 'sc.summary.r2', 'tpl.name.0']));
  add(`${M}/scenarios/${FORK}/edit`, ['fac'], cyc(['sc.fork.title', 'sc.liste.r2', ...EDITOR_SHOWN()]), { scripts: 1 });
  ids.scenarios.forEach((uid, i) => {
    const j = i + 1;
    add(`${M}/scenarios/${uid}`, R, cyc([`sc.title.x${j}`, `sc.summary.x${j}`, `tpl.name.${j}`, `tpl.xlabel.${j}`, `sc.recit.x${j}`]));
  });
  // Search: results with snippets, and payload queries echoed.
  // (A marker starts each text, so the snippet around it holds payloads.)
  add(`${M}/search?q=${F('item.summary.0').marker}`, R, cyc(['item.title.0', ['item.summary.0', 'marker']]), { snippet: true });
  add(`${M}/search?q=${F('sc.summary.r2').marker}&kind=scenario`, R, cyc(['sc.title.r2', ['sc.summary.r2', 'marker']]), { snippet: true });
  add(`${M}/search?q=${F('sc.recit.x1').marker}`, R, cyc(['sc.title.x1', ['sc.recit.x1', 'marker']]), { snippet: true });
  keys('search.q.').forEach((k) => {
    add(`${M}/search?q=${encodeURIComponent(V(k))}`, R, cyc([k]));
    add(`${M}/search?q=${encodeURIComponent(V(k))}&kind=item&page=2`, R, cyc([k]));
  });
  // Accounts
  add('/account', ['fac'], ['user.0', ...keys('token.')]);
  add('/admin/users', ['admin'], keys('user.'));
  return P;
}

const CLIENTS = () => ({
  fac: [['en', fac], ['fr', facFr]], part: [['en', part], ['fr', partFr]], anon: [['en', anon], ['fr', anonFr]],
  admin: [['en', kit.admin], ['fr', adminFr]],
});

const coverage = new Set(); // "field page-kind" pairs asserted
const pageKind = (path) => path.replace(/\?.*/, '').replace(/^\/c\/[a-z0-9_-]+/, '/c/{slug}')
  .replace(/\/(library|scenarios)\/[A-Za-z0-9_-]{6,}/, '/$1/{uid}').replace(/\/(taxonomies|templates)\/xss(-t\d+)?/, '/$1/{slug}')
  .replace(/\/terms\/[^/]+/, '/terms/{code}');
let checked = 0, mutations = 0;

/** Fetches one page and runs every check; returns the page. */
async function checkPage(client, lang, path, { expect = [], scripts = 0, status = 200, method = 'GET', form } = {}) {
  const r = method === 'GET' ? await client.get(path) : await client.post(path, form);
  const what = `${method} ${path.slice(0, 120)} (${lang})`;
  assert.equal(r.status, status, `${what}: status ${r.status}: ${r.text_.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /^text\/html/, `${what}: content type`);
  assert.match(r.text_, new RegExp(`<html lang="${lang}">`), `${what}: served in ${lang}`);
  const ex = expectations(expect);
  const problems = pageProblems(r.text_, { scripts, expect: ex, raw: allRaw() });
  assert.deepEqual(problems, [], `${what}:\n  ${summary(problems)}`);
  checked++;
  for (const e of ex) coverage.add(`${e.key} ${method} ${pageKind(path)}`);
  // The same page with one field written raw must fail (a) to (d) and (e).
  const victim = ex.find((e) => e.mode === 'esc' && !Array.isArray(e.value) && /<(script|img|svg|iframe)/i.test(e.value) && r.text_.includes(esc(e.value)));
  if (victim) {
    const broken = r.text_.split(esc(victim.value)).join(victim.value);
    const got = new Set(pageProblems(broken, { scripts, expect: ex, raw: allRaw() }).map((p) => p.check));
    assert.ok(got.has('e') && (got.has('a') || got.has('b') || got.has('d')),
      `${what}: the checks must fail when ${victim.key} is written unescaped; got ${[...got]}`);
    mutations++;
  }
  return r.text_;
}

test('every page shows every field escaped, in English and French, to every reader', T, async (t) => {
  const clients = CLIENTS();
  for (const p of pages()) {
    for (const who of p.who) {
      for (const [lang, client] of clients[who]) {
        const expect = [...p.expect, ...((p.by && p.by[who]) || [])];
        const html = await checkPage(client, lang, p.path, { expect, scripts: p.scripts || 0 });
        if (p.diff) {
          // Payloads were changed between the revisions: they sit in <del> and <ins>.
          for (const tag of ['del', 'ins']) {
            const m = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((x) => x[1]);
            assert.ok(m.some((x) => x.includes('&lt;') || x.includes('&quot;')), `${p.path}: escaped payloads inside <${tag}>`);
          }
        }
        if (p.snippet) {
          const snip = (/<p class="snippet">([\s\S]*?)<\/p>/.exec(html) || [])[1] || '';
          assert.match(snip, /<mark>xm\d+m<\/mark>/, `${p.path}: the marker is marked in the snippet`);
          assert.match(snip, /&lt;script&gt;/, `${p.path}: the snippet shows payloads, escaped`);
        }
      }
    }
  }
  t.diagnostic(`${checked} page answers checked; ${mutations} of them also failed the checks once a field was unescaped`);
});

test('inputs echoed back: filters, sign-in target, unknown paths', T, async () => {
  const next = glued('reflect.next', '"><script>alert(1)</script>\'><svg onload=alert(1)>', '/');
  const tag = glued('reflect.tag', '"><script>alert(1)</script><img src=x onerror=alert(1)>', 'zz:');
  for (const [lang, c] of [['en', anon], ['fr', anonFr]]) {
    await checkPage(c, lang, `/login?next=${encodeURIComponent(next)}`, { expect: ['reflect.next'] });
    await checkPage(c, lang, `${M}/library?tag=${encodeURIComponent(tag)}`, { expect: ['cycle.title.0', 'reflect.tag'] });
    await checkPage(c, lang, `${M}/scenarios/${encodeURIComponent('"><svg onload=alert(1)>')}`, { status: 404 });
    await checkPage(c, lang, `${M}/nope/${encodeURIComponent('<script>alert(1)</script>')}?x=${encodeURIComponent('"><img src=x>')}`, { status: 404 });
    await checkPage(c, lang, `${M}/taxonomies/xss?term=${encodeURIComponent('<script>alert(1)</script>x')}`, { status: 404 });
  }
});

test('forms sent back with errors keep the payloads escaped', T, async () => {
  const f = (key, make = text) => make(key);
  const cases = [
    [`${M}/settings`, { title: f('form.cycle.title', (k) => text(k, chunks(200)[0])), slug: 'Bad Slug', question: f('form.cycle.question', (k) => text(k, chunks(1000)[0])),
      description: f('form.cycle.desc', md), visibility: 'public' }, ['form.cycle.title', 'form.cycle.question', ['form.cycle.desc', 'esc']]],
    [`${M}/phases`, { 'phase-0-name': f('form.phase', (k) => text(k, chunks(200)[0])), 'phase-0-kind': 'explore', 'phase-0-start': '"><script>alert(1)</script>', 'phase-0-end': '' },
      ['form.phase']],
    [`${M}/library`, { kind: '', title: f('form.item.title', (k) => text(k, chunks(300)[0])), source: f('form.item.source', (k) => text(k, chunks(300)[1])),
      url: f('form.item.url', (k) => text(k, chunks(1900)[0])), date: '"><script>alert(1)</script>', summary: f('form.item.summary', md),
      speaker_type: f('form.item.speaker', (k) => text(k, chunks(200)[0])), problem_category: f('form.item.problem', (k) => text(k, chunks(200)[1])) },
      ['form.item.title', 'form.item.source', 'form.item.url', ['form.item.summary', 'esc'], 'form.item.speaker', 'form.item.problem']],
    [`${M}/library/${ids.items[0]}/observations`, { observed_on: '<script>alert(1)</script>', status: '', note: f('form.obs.note') }, ['form.obs.note']],
    [`${M}/taxonomies`, { slug: 'Bad Slug', name: f('form.tax.name', (k) => text(k, chunks(200)[0])), description: f('form.tax.desc', md) },
      ['form.tax.name', ['form.tax.desc', 'esc']]],
    [`${M}/taxonomies/xss/terms`, { code: 'a b', label: f('form.term.label', (k) => text(k, chunks(200)[0])), definition: f('form.term.def'),
      hashtags: f('form.term.hash', list).join('\n'), examples: f('form.term.ex', list).join('\n') },
      ['form.term.label', 'form.term.def', 'form.term.hash', 'form.term.ex']],
    [`${M}/templates/xss`, { name: f('form.tpl.name', (k) => text(k, chunks(200)[0])), description: f('form.tpl.desc', md),
      sections: plain('form.tpl.sections', JSON.stringify([{ id: 'x', type: '<script>alert(1)</script>', label: V('form.tpl.name') }, { id: '"><svg onload=alert(1)>', type: 'text', label: 'L' }])) },
      ['form.tpl.name', ['form.tpl.desc', 'esc'], 'form.tpl.sections']],
    [`${M}/scenarios`, { template: 'xss', title: '', summary: f('form.sc.summary'), 's.recit': f('form.sc.recit', md), 's.liste.0': f('form.sc.item'),
      's.chronique.0.year': '<script>alert(1)</script>', 's.chronique.0.text': f('form.sc.chron'), 's.acteurs.0.category': '"><svg onload=alert(1)>',
      's.acteurs.0.role': f('form.sc.role'), 's.horizon': glued('form.sc.horizon', '"><img src=x onerror=alert(1)>'),
      's.refs.0': glued('form.sc.ref', '"><script>alert(1)</script>'), 's.tags': '"><svg onload=alert(1)>' },
      ['form.sc.summary', ['form.sc.recit', 'esc'], 'form.sc.item', 'form.sc.chron', 'form.sc.role', 'form.sc.horizon', 'form.sc.ref'], 1],
    [`${M}/copy`, { 'copy-title': CORPUS.slice(0, 5).join(' '), 'copy-slug': '"><svg onload=alert(1)>' }, []],
    // Import errors quote the parser and the JSON path of the bad value.
    ['/cycles/import', { bundle: '<script>alert(1)</script>', slug: '' }, []],
    ['/cycles/import', { bundle: JSON.stringify({ format: 'fabrique-bundle', version: 1, cycle: { slug: 'imp', title: '<script>alert(1)</script>' },
      scenarios: [{ uid: 'a', template: 'x', title: 't', sections: { '"><script>alert(1)</script>': { year: '<img src=x onerror=alert(1)>' } } }] }), slug: '' }, []],
    ['/cycles/import', { bundle: JSON.stringify({ format: '<script>alert(1)</script>', version: 1 }), slug: '"><svg onload=alert(1)>' }, []],
    [`${M}/scenarios/${REQ}/status`, { status: 'candidat' }, ['sc.title.req']],
    [`${M}/members`, { email: '"><script>alert(1)</script>@example.org', role: 'participant' }, []],
    ['/account/profile', { name: f('form.profile', (k) => text(k, chunks(300)[0])) }, ['form.profile']],
    ['/account/tokens', { token_name: f('form.token', (k) => text(k, chunks(200)[0])) }, ['form.token']],
  ];
  for (const [lang, c] of [['en', fac], ['fr', facFr]]) {
    for (const [path, form, expect, scripts] of cases) {
      await checkPage(c, lang, path, { method: 'POST', form, expect, scripts: scripts || 0, status: 422 });
    }
  }
  // Nothing of the refused forms was kept.
  const cycle = (await fac.api('GET', A)).json_;
  assert.equal(cycle.title, V('cycle.title.0'));
  assert.equal((await fac.api('GET', '/api/v1/me')).json_.name, V('user.0'));
});

test('a library URL with a script scheme is refused, by the API and in a bundle; an imported copy stays escaped', T, async () => {
  for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'JAVASCRIPT:alert(1)', 'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'https:javascript:alert(1)', '//evil.example/x']) {
    const r = await fac.api('POST', `${A}/library`, { kind: 'signe', title: 'refused', url });
    assert.equal(r.status, 422, `url ${JSON.stringify(url)}: ${r.text_.slice(0, 200)}`);
    assert.deepEqual(r.json_.error.problems.map((p) => p.field), ['url']);
  }
  // A bundle carries the whole cycle, payloads included: a URL the API
  // refuses is refused there too, and an imported copy shows every payload
  // escaped again.
  const bundle = JSON.parse((await fac.api('GET', `${A}/export`)).text_);
  const bad = structuredClone(bundle);
  bad.library.find((i) => i.uid === ids.items[0]).url = 'javascript:alert(1)';
  const refused = await fac.api('POST', `${C}/import?slug=imported`, bad);
  assert.equal(refused.status, 422, refused.text_.slice(0, 300));
  assert.match(refused.json_.error.path, /^\$\.library\[\d+\]\.url/);
  ok(await fac.api('POST', `${C}/import?slug=imported`, bundle), 201, 'import');
  const I = '/c/imported';
  const ex = ['cycle.title.0'];
  for (const [lang, c] of [['en', fac], ['fr', facFr]]) {
    await checkPage(c, lang, I, { expect: [...ex, 'cycle.question.0', 'cycle.desc.0', ...keys('phase.')] });
    await checkPage(c, lang, `${I}/library/${ids.items[0]}`, { expect: [...ex, 'item.title.0', 'item.source.0', 'item.url.0', 'obs.note', ...TAGS_SHOWN()] });
    await checkPage(c, lang, `${I}/scenarios/${S}`, { expect: [...ex, ...SCENARIO_SHOWN()] });
    await checkPage(c, lang, `${I}/scenarios/${S}/history`, { expect: [...ex, 'sc.note.r1', 'sc.note.r2', 'user.0', 'user.1'] });
    await checkPage(c, lang, `${I}/scenarios/${S}/diff?from=1&to=2`, { expect: [...ex, ['sc.title.r1', 'marker'], 'sc.title.r2'] });
    await checkPage(c, lang, `${I}/taxonomies/xss?term=t0`, { expect: [...ex, 'tax.name.0', 'term.label.0', 'term.def.0', 'term.hash.0', 'term.ex.0'] });
    await checkPage(c, lang, `${I}/templates/xss`, { expect: [...ex, 'tpl.name.0', 'tpl.label.grille', 'tpl.row.0', 'tpl.col.1', 'tpl.pros'] });
    await checkPage(c, lang, `${I}/members`, { expect: [...ex, 'user.0', 'user.1'] });
  }
});

test('coverage', T, (t) => {
  const fields = new Set([...coverage].map((c) => c.split(' ')[0]));
  const pageKinds = new Set([...coverage].map((c) => c.split(' ').slice(1).join(' ')));
  // Every field defined is asserted on at least one page.
  const unseen = [...FIELDS.keys()].filter((k) => !fields.has(k));
  assert.deepEqual(unseen, [], 'fields never checked on a page');
  t.diagnostic(`${FIELDS.size} fields (${CORPUS.length} payloads) × ${pageKinds.size} kinds of page: ${coverage.size} field-page pairs asserted; `
    + `${checked} page answers checked, ${mutations} negative controls`);
});
