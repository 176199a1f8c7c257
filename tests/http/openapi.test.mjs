// openapi.test.mjs — docs/openapi.json documents exactly the /api/ routes
// of src/web/routes.c, with the security each one needs; the server serves
// that very file; and live answers match the documented schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readRoutes, startWithAdmin, Client, T } from '../lib/server.mjs';

const FILE = join(ROOT, 'docs', 'openapi.json');
const text = readFileSync(FILE, 'utf8');
const doc = JSON.parse(text);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const m of METHODS) if (item[m]) ops.push({ path, method: m, op: item[m], item });
  }
  return ops;
}

/** Resolves a local $ref ("#/components/schemas/User"). */
function resolve(node) {
  let n = node;
  for (let i = 0; n && n.$ref && i < 20; i++) {
    assert.match(n.$ref, /^#\//, `only local references: ${n.$ref}`);
    n = n.$ref.slice(2).split('/').reduce((o, k) => (o ? o[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
    assert.ok(n, `unresolved reference ${node.$ref}`);
  }
  return n;
}

/**
 * Checks value against an OpenAPI 3.0 schema (the subset the document
 * uses). Strict on objects: a property the schema does not describe is an
 * error, so the document must describe every field the server sends.
 * Returns a list of problems.
 */
function validate(schema, value, at = '$', problems = []) {
  const s = resolve(schema);
  if (s.allOf) {
    const props = {};
    const required = [];
    for (const part of s.allOf.map(resolve)) {
      Object.assign(props, part.properties || {});
      required.push(...(part.required || []));
    }
    return validate({ type: 'object', properties: props, required }, value, at, problems);
  }
  if (value === null) {
    if (!s.nullable) problems.push(`${at}: null but not nullable`);
    return problems;
  }
  const t = s.type;
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (t === 'integer' && actual !== 'integer') problems.push(`${at}: ${actual}, want integer`);
  else if (t === 'number' && typeof value !== 'number') problems.push(`${at}: ${actual}, want number`);
  else if (['string', 'boolean'].includes(t) && typeof value !== t) problems.push(`${at}: ${actual}, want ${t}`);
  else if (t === 'array' && !Array.isArray(value)) problems.push(`${at}: ${actual}, want array`);
  else if (t === 'object' && (actual !== 'object')) problems.push(`${at}: ${actual}, want object`);
  if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (t === 'string' && typeof value === 'string') {
    if (s.pattern && !new RegExp(s.pattern).test(value)) problems.push(`${at}: does not match ${s.pattern}`);
    if (s.maxLength !== undefined && [...value].length > s.maxLength) problems.push(`${at}: longer than ${s.maxLength}`);
  }
  if (t === 'array' && Array.isArray(value)) value.forEach((v, i) => validate(s.items, v, `${at}[${i}]`, problems));
  if (t === 'object' && actual === 'object') {
    for (const r of s.required || []) if (!(r in value)) problems.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (s.properties && s.properties[k]) validate(s.properties[k], v, `${at}.${k}`, problems);
      else if (s.additionalProperties === true || typeof s.additionalProperties === 'object') continue;
      else problems.push(`${at}: undocumented property ${k}`);
    }
  }
  return problems;
}

/** The documented schema of an answer: operation path, method, status. */
function responseSchema(path, method, status) {
  const op = doc.paths[path][method];
  const r = resolve(op.responses[String(status)] || {});
  assert.ok(r.description !== undefined, `${method.toUpperCase()} ${path} documents no ${status} answer`);
  return r.content && r.content['application/json'] && r.content['application/json'].schema;
}

function assertMatches(path, method, res) {
  const schema = responseSchema(path, method, res.status);
  if (res.status === 204) {
    assert.equal(res.text_, '');
    return;
  }
  assert.ok(schema, `${method} ${path} ${res.status}: no JSON schema documented`);
  const problems = validate(schema, res.json_);
  assert.deepEqual(problems, [], `${method.toUpperCase()} ${path} ${res.status} differs from the document`);
}

test('the document is OpenAPI 3.0 with info, paths and components', T, () => {
  assert.match(doc.openapi, /^3\.0\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
  assert.ok(Object.keys(doc.paths).length > 0);
  assert.ok(doc.components && doc.components.schemas && doc.components.securitySchemes);
});

test('every /api/ route of routes.c is documented, and nothing else', T, () => {
  const routes = readRoutes().filter((r) => r.pattern.startsWith('/api/'));
  assert.ok(routes.length > 0);
  const fromCode = new Set(routes.map((r) => `${r.method} ${r.pattern}`));
  const fromDoc = new Set(operations().map((o) => `${o.method.toUpperCase()} ${o.path}`));
  const missing = [...fromCode].filter((x) => !fromDoc.has(x));
  const extra = [...fromDoc].filter((x) => !fromCode.has(x));
  assert.deepEqual(missing, [], `routes missing from docs/openapi.json: ${missing.join(', ')}`);
  assert.deepEqual(extra, [], `docs/openapi.json lists operations without a route: ${extra.join(', ')}`);
  for (const r of routes) assert.ok(r.flags.has('API'), `${r.method} ${r.pattern} under /api/ is flagged ROUTE_API`);
});

test('every operation: unique operationId, path parameters declared, a success answer, resolvable references', T, () => {
  const seen = new Set();
  for (const { path, method, op, item } of operations()) {
    const what = `${method.toUpperCase()} ${path}`;
    assert.equal(typeof op.operationId, 'string', `${what}: operationId`);
    assert.ok(!seen.has(op.operationId), `${what}: duplicate operationId ${op.operationId}`);
    seen.add(op.operationId);
    assert.ok(op.summary, `${what}: summary`);
    const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve);
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
      const p = params.find((x) => x.in === 'path' && x.name === name);
      assert.ok(p, `${what}: path parameter ${name} not declared`);
      assert.equal(p.required, true, `${what}: path parameter ${name} must be required`);
      assert.ok(p.schema, `${what}: path parameter ${name} has a schema`);
    }
    for (const p of params.filter((x) => x.in === 'path')) {
      assert.ok(path.includes(`{${p.name}}`), `${what}: declares path parameter ${p.name} not in the path`);
    }
    const statuses = Object.keys(op.responses);
    assert.ok(statuses.some((s) => /^2\d\d$/.test(s)), `${what}: no 2xx answer`);
    for (const s of statuses) {
      const r = resolve(op.responses[s]);
      assert.equal(typeof r.description, 'string', `${what} ${s}: description`);
      if (/^4\d\d$/.test(s) && r.content) {
        const sch = resolve(r.content['application/json'].schema);
        assert.ok(sch.properties && sch.properties.error, `${what} ${s}: errors use the Error schema`);
      }
    }
    if (UNSAFE.has(method) && method !== 'delete') {
      assert.ok(op.requestBody, `${what}: request body documented`);
      const rb = resolve(op.requestBody);
      assert.ok(rb.content && rb.content['application/json'] && rb.content['application/json'].schema, `${what}: JSON body schema`);
      for (const s of ['400', '415', '413']) assert.ok(op.responses[s], `${what}: documents ${s}`);
    }
  }
  // Every reference anywhere in the document resolves.
  const walk = (n) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if (typeof n.$ref === 'string') resolve(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(doc);
});

test('the error schema is {"error": {"code", "message"}}', T, () => {
  const e = resolve(doc.components.schemas.Error);
  assert.deepEqual(e.required, ['error']);
  const inner = resolve(e.properties.error);
  assert.ok(inner.required.includes('code') && inner.required.includes('message'));
  assert.equal(resolve(inner.properties.code).type, 'string');
  assert.equal(resolve(inner.properties.message).type, 'string');
});

test('security: bearer token, or session cookie plus X-CSRF-Token on unsafe methods; as the route table requires', T, () => {
  const schemes = doc.components.securitySchemes;
  const bearer = Object.entries(schemes).find(([, s]) => s.type === 'http' && s.scheme === 'bearer');
  const cookie = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'cookie' && s.name === 'fab_session');
  const csrf = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'header' && s.name.toLowerCase() === 'x-csrf-token');
  assert.ok(bearer, 'a bearer scheme');
  assert.ok(cookie, 'a fab_session cookie scheme');
  assert.ok(csrf, 'an X-CSRF-Token header scheme');
  const flags = new Map(readRoutes().map((r) => [`${r.method} ${r.pattern}`, r.flags]));
  for (const { path, method, op } of operations()) {
    const what = `${method.toUpperCase()} ${path}`;
    const f = flags.get(`${method.toUpperCase()} ${path}`);
    if (!f) continue; // reported by the test above
    const sec = op.security ?? doc.security ?? [];
    if (f.has('AUTH') || f.has('ADMIN')) {
      assert.ok(sec.length > 0, `${what} needs an account: security must say how`);
      assert.ok(op.responses['401'], `${what}: documents 401`);
      const names = sec.map((alt) => Object.keys(alt).sort().join('+'));
      assert.ok(names.includes(bearer[0]), `${what}: accepts the bearer token`);
      const withCookie = sec.filter((alt) => cookie[0] in alt);
      assert.ok(withCookie.length > 0, `${what}: accepts the session cookie`);
      if (UNSAFE.has(method) && !f.has('NOCSRF')) {
        for (const alt of withCookie) assert.ok(csrf[0] in alt, `${what}: the cookie needs X-CSRF-Token`);
        assert.ok(op.responses['403'], `${what}: documents 403 for a missing CSRF token`);
      }
      if (f.has('ADMIN')) assert.ok(op.responses['403'], `${what}: documents 403 for members`);
    } else {
      assert.deepEqual(sec, [], `${what} is public: security must be empty`);
    }
    for (const alt of sec) for (const k of Object.keys(alt)) assert.ok(schemes[k], `${what}: unknown scheme ${k}`);
  }
});

let kit;
before(async () => { kit = await startWithAdmin(); });
after(async () => { if (kit) await kit.stop(); });

test('GET /api/v1/openapi.json serves exactly docs/openapi.json (rebuild after editing it)', T, async () => {
  const r = await fetch(`${kit.url}/api/v1/openapi.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const served = await r.text();
  assert.deepEqual(JSON.parse(served), doc, 'the served document is the file');
  assert.equal(served, text, 'byte for byte');
});

test('live answers match the documented schemas', T, async () => {
  const a = kit.admin;
  const anon = new Client(kit.url);
  assertMatches('/api/v1/health', 'get', await anon.api('GET', '/api/v1/health'));
  const openapi = await anon.api('GET', '/api/v1/openapi.json');
  assertMatches('/api/v1/openapi.json', 'get', openapi);
  assertMatches('/api/v1/me', 'get', await a.api('GET', '/api/v1/me'));
  assertMatches('/api/v1/me', 'get', await anon.api('GET', '/api/v1/me'));
  const tok = await a.api('POST', '/api/v1/tokens', { name: 'schema check' });
  assertMatches('/api/v1/tokens', 'post', tok);
  const b = new Client(kit.url, { headers: { authorization: `Bearer ${tok.json_.token}` } });
  assertMatches('/api/v1/me', 'get', await b.api('GET', '/api/v1/me', undefined, { csrf: false }));
  assertMatches('/api/v1/tokens', 'get', await b.api('GET', '/api/v1/tokens', undefined, { csrf: false }));
  assertMatches('/api/v1/tokens', 'get', await a.api('GET', '/api/v1/tokens'));
  assertMatches('/api/v1/me/export', 'get', await a.api('GET', '/api/v1/me/export'));
  assertMatches('/api/v1/tokens', 'post', await a.api('POST', '/api/v1/tokens', { name: 7 }));
  assertMatches('/api/v1/tokens', 'post', await a.api('POST', '/api/v1/tokens', { name: '' }));
  assertMatches('/api/v1/tokens', 'post', await a.api('POST', '/api/v1/tokens', { name: 'x' }, { csrf: false }));
  assertMatches('/api/v1/tokens', 'post', await a.api('POST', '/api/v1/tokens', undefined, { headers: { 'content-type': 'text/plain' } }));
  assertMatches('/api/v1/tokens/{id}', 'delete', await a.api('DELETE', '/api/v1/tokens/999999'));
  assertMatches('/api/v1/tokens/{id}', 'delete', await a.api('DELETE', `/api/v1/tokens/${tok.json_.id}`));
  const u = await a.api('POST', '/api/v1/users', { email: 'schema@example.org', name: 'Schema', password: 'schema secret 1' });
  assertMatches('/api/v1/users', 'post', u);
  assertMatches('/api/v1/users', 'post', await a.api('POST', '/api/v1/users', { email: 'schema@example.org', name: 'Schema', password: 'schema secret 1' }));
  assertMatches('/api/v1/users', 'get', await a.api('GET', '/api/v1/users'));
  const m = new Client(kit.url);
  await m.login('schema@example.org', 'schema secret 1');
  assertMatches('/api/v1/users', 'get', await m.api('GET', '/api/v1/users'));
  assertMatches('/api/v1/users', 'post', await anon.api('POST', '/api/v1/users', {}));
});
