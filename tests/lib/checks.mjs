// checks.mjs — assertions shared by the black-box HTTP tests: security
// headers, cookie attributes, the JSON error shape and what an HTML page may
// contain under the Content-Security-Policy. Each takes a fetch-like Headers
// object (res.headers) and a short description used in failure messages.
import assert from 'node:assert/strict';

/** Parses a Content-Security-Policy into Map(directive -> [sources]). */
export function parseCsp(csp) {
  const m = new Map();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) m.set(name.toLowerCase(), sources);
  }
  return m;
}

const SAFE_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];

/**
 * Every answer carries: a CSP that falls back to nothing, allows no inline
 * or evaluated script and no third-party origin, and forbids framing; nosniff;
 * a Referrer-Policy that never leaks a full URL to another site.
 */
export function assertSecurityHeaders(h, what = 'answer') {
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy header`);
  const d = parseCsp(csp);
  const def = d.get('default-src');
  assert.ok(def, `${what}: the CSP has no default-src fallback: ${csp}`);
  assert.ok(def.length === 1 && ["'none'", "'self'"].includes(def[0]),
    `${what}: default-src must be 'none' or 'self', got ${def.join(' ')}`);
  const script = d.get('script-src') || def;
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", 'data:', 'blob:', '*', 'http:', 'https:']) {
    assert.ok(!script.includes(bad), `${what}: script-src allows ${bad}: ${csp}`);
  }
  for (const [name, sources] of d) {
    for (const s of sources) {
      // Keywords, nonces and hashes are fine; data: only for images. Any
      // host, scheme or wildcard would be a third-party origin.
      const ok = /^'(self|none|strict-dynamic|nonce-[^']+|sha(256|384|512)-[^']+)'$/.test(s) ||
        (s === 'data:' && name === 'img-src');
      assert.ok(ok, `${what}: CSP directive ${name} allows ${s}`);
    }
  }
  const fa = d.get('frame-ancestors');
  assert.ok(fa && fa.length === 1 && ["'none'", "'self'"].includes(fa[0]),
    `${what}: frame-ancestors must be 'none' or 'self': ${csp}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  const rp = h.get('referrer-policy');
  assert.ok(rp && SAFE_REFERRER.includes(rp.trim().toLowerCase()), `${what}: Referrer-Policy is ${rp}`);
}

/** Parses one Set-Cookie value into {name, value, attrs: Map(lowercase -> value|true)}. */
export function parseSetCookie(line) {
  const [pair, ...rest] = line.split(';');
  const i = pair.indexOf('=');
  const attrs = new Map();
  for (const a of rest) {
    const t = a.trim();
    if (!t) continue;
    const j = t.indexOf('=');
    if (j < 0) attrs.set(t.toLowerCase(), true);
    else attrs.set(t.slice(0, j).trim().toLowerCase(), t.slice(j + 1).trim());
  }
  return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attrs };
}

/** The Set-Cookie lines of an answer, parsed. */
export function cookiesOf(h) {
  return h.getSetCookie().map(parseSetCookie);
}

/** Every cookie is HttpOnly, SameSite=Lax, Path=/, and Secure exactly when expected. */
export function assertCookieFlags(h, { secure = false } = {}, what = 'answer') {
  for (const c of cookiesOf(h)) {
    assert.equal(c.attrs.get('httponly'), true, `${what}: cookie ${c.name} is not HttpOnly`);
    assert.equal(String(c.attrs.get('samesite')).toLowerCase(), 'lax', `${what}: cookie ${c.name} is not SameSite=Lax`);
    assert.equal(c.attrs.get('path'), '/', `${what}: cookie ${c.name} has Path ${c.attrs.get('path')}`);
    assert.equal(c.attrs.has('secure'), secure, `${what}: cookie ${c.name} Secure flag should be ${secure}`);
  }
}

/** A JSON error answer: the status, application/json and
 *  {"error": {"code": non-empty string, "message": non-empty string}}. */
export function assertJsonError(res, status, what = 'answer') {
  assert.equal(res.status, status, `${what}: status ${res.status}, body ${(res.text_ ?? res.text ?? '').slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^application\/json\b/, `${what}: content type of the error`);
  const text = res.text_ ?? res.text;
  let j;
  assert.doesNotThrow(() => { j = JSON.parse(text); }, `${what}: error body is not JSON: ${text}`);
  assert.equal(typeof j, 'object');
  assert.ok(j.error && typeof j.error === 'object', `${what}: no "error" object in ${text}`);
  assert.equal(typeof j.error.code, 'string', `${what}: error.code is not a string`);
  assert.ok(j.error.code.length > 0, `${what}: empty error.code`);
  assert.equal(typeof j.error.message, 'string', `${what}: error.message is not a string`);
  assert.ok(j.error.message.trim().length >= 8, `${what}: error.message is not a clear message: ${j.error.message}`);
  return j.error;
}

/** An HTML answer that works under the CSP: no inline script or handler,
 *  no inline style, no resource fetched from another origin. */
export function assertCleanHtml(html, what = 'page') {
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    assert.match(m[1], /\bsrc=/i, `${what}: inline <script> element`);
  }
  assert.doesNotMatch(html, /<style\b/i, `${what}: inline <style> element`);
  // Attribute names only: quoted values (which may hold any text) are blanked.
  for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const names = m[0].replace(/"[^"]*"|'[^']*'/g, '""');
    assert.doesNotMatch(names, /\son[a-z]+\s*=/i, `${what}: inline event handler attribute in ${m[0]}`);
    assert.doesNotMatch(names, /\sstyle\s*=/i, `${what}: inline style attribute in ${m[0]}`);
  }
  assert.doesNotMatch(html, /<(script|img|iframe|audio|video|source|embed|object)\b[^>]*\ssrc\s*=\s*["']?(https?:)?\/\//i,
    `${what}: resource from another origin`);
  assert.doesNotMatch(html, /<link\b[^>]*\shref\s*=\s*["']?(https?:)?\/\//i, `${what}: stylesheet or icon from another origin`);
  assert.doesNotMatch(html, /<form\b[^>]*\saction\s*=\s*["']?(https?:)?\/\//i, `${what}: form posting to another origin`);
}

/** The text of the first element matching a tag (e.g. 'h1'), tags stripped. */
export function textOf(html, tag) {
  const m = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : undefined;
}

/** The value of the hidden csrf input of the first form, if any. */
export function csrfField(html) {
  const m = /<input[^>]*name="csrf"[^>]*value="([^"]*)"/.exec(html) ||
    /<input[^>]*value="([^"]*)"[^>]*name="csrf"/.exec(html);
  return m ? m[1] : undefined;
}
