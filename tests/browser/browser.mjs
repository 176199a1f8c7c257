// browser.mjs — helpers shared by the browser tests: Debian's Chromium driven
// by playwright-core, axe-core scans, the Nu HTML checker, a guard against
// requests to other origins, and small form helpers.
//
// Not a test file itself (node --test only picks up *.test.mjs here).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../lib/server.mjs';

export const CHROMIUM = process.env.FABRIQUE_CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const VNU_JAR = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
/** The WCAG 2.0 and 2.1 levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Launches headless Chromium. browser.launch() gives every browser a fresh
 * temporary profile (user-data-dir), removed again by close(); nothing is
 * ever downloaded.
 */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new browser context. js: whether pages may run JavaScript (false for the
 * flows: everything must work without it). locale drives Accept-Language;
 * the default, German, is a language fabrique does not offer, so the server
 * falls back to its default language.
 * The context records every request; ctx.foreign lists those that went to
 * another origin than `origin`.
 */
export async function newContext(browser, origin, { js = false, locale = 'de-DE', ...opts } = {}) {
  const ctx = await browser.newContext({ javaScriptEnabled: js, locale, acceptDownloads: true, ...opts });
  ctx.setDefaultTimeout(15000);
  ctx.foreign = [];
  ctx.requests = 0;
  ctx.on('request', (req) => {
    ctx.requests++;
    const u = new URL(req.url());
    if (u.origin !== origin && u.protocol !== 'data:' && u.protocol !== 'blob:') ctx.foreign.push(req.url());
  });
  return ctx;
}

/** Fails when a context sent any request to another origin. */
export function assertSameOrigin(ctx) {
  assert.ok(ctx.requests > 0, 'the request listener saw no request at all');
  assert.deepEqual(ctx.foreign, [], `requests to other origins: ${ctx.foreign.join(', ')}`);
}

/**
 * Runs action (a click, a press...) and waits for the page navigation it
 * starts; returns the response of the final document (after redirects).
 */
export async function navigate(page, action) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  assert.ok(resp, 'the action did not load a document');
  return resp;
}

/** Fills the fields of the form matching selector and submits it with its
 *  submit button, like a person would; returns the final response. */
export async function submitForm(page, selector, fields = {}) {
  const form = page.locator(selector);
  assert.equal(await form.count(), 1, `expected one form ${selector}`);
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    if (typeof value === 'boolean') await input.setChecked(value);
    else await input.fill(value);
  }
  return navigate(page, () => form.locator('button[type=submit]').first().click());
}

/** Signs in through the login form; returns the final response. */
export async function login(page, base, email, password) {
  await page.goto(`${base}/login`);
  return submitForm(page, 'form[action="/login"]', { email, password });
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; returns the violations.
 *  The page's CSP forbids inline scripts, so axe is evaluated through the
 *  DevTools protocol instead of a <script> element; the page must be in a
 *  context with JavaScript enabled. */
let axeSource;
export async function axe(page) {
  axeSource ??= readFileSync(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(`${axeSource}\n;0`);
  return page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
  }))), AXE_TAGS);
}

/** Formats axe violations for an assertion message. */
export function formatAxe(name, violations) {
  return violations.map((v) => `${name}: [${v.id}, ${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/**
 * Validates documents with the Nu HTML checker in one Java run.
 * docs: [{name, html}] (name is a short label, used as the file name) and
 * optionally {name, css} for stylesheets. Returns every error as
 * {name, line, column, message, extract}; warnings are ignored.
 */
export function nuCheck(docs) {
  const dir = mkdtempSync(join(tmpdir(), 'fabrique-vnu-'));
  const files = new Map();
  docs.forEach((d, i) => {
    const file = join(dir, `${String(i).padStart(3, '0')}-${d.name.replace(/[^a-z0-9-]+/gi, '_')}.${d.css !== undefined ? 'css' : 'html'}`);
    writeFileSync(file, d.css !== undefined ? d.css : d.html);
    files.set(`file:${file}`, d.name);
  });
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xss1m', '-jar', VNU_JAR, '--format', 'json', '--stdout', '--also-check-css', ...[...files.keys()].map((f) => f.slice(5))],
      { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        // vnu exits 1 when it found errors: only a missing or unreadable
        // report is a failure of the checker itself.
        rmSync(dir, { recursive: true, force: true });
        let report;
        try { report = JSON.parse(stdout); } catch {
          reject(new Error(`the Nu checker gave no JSON report (${err && err.message}):\n${stderr}\n${stdout}`));
          return;
        }
        const seen = new Set();
        for (const m of report.messages) if (m.url) seen.add(m.url.replace(/^file:\/*/, 'file:/'));
        const errors = report.messages
          .filter((m) => m.type === 'error' || m.type === 'non-document-error')
          .map((m) => ({
            name: files.get((m.url || '').replace(/^file:\/*/, 'file:/')) || m.url || '(checker)',
            line: m.lastLine, column: m.firstColumn ?? m.lastColumn, message: m.message,
            extract: (m.extract || '').replace(/\s+/g, ' '),
          }));
        resolve({ errors, checked: files.size, messages: report.messages.length });
      });
  });
}

/** Formats Nu checker errors for an assertion message and the log. */
export function formatNu(errors) {
  return errors.map((e) => `${e.name}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.message}\n    ${e.extract}`).join('\n');
}
