// ratelimit.test.mjs — repeated failed sign-ins are slowed down: 429 with
// Retry-After and a clear message, even for the right password, per account
// and per address; other accounts are not locked by one account's attackers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, T } from '../lib/server.mjs';
import { assertSecurityHeaders, cookiesOf } from '../lib/checks.mjs';

let kit;
before(async () => { kit = await startWithAdmin(); });
after(async () => { if (kit) await kit.stop(); });

const hasSession = (res) => cookiesOf(res.headers).some((k) => k.name === 'fab_session' && k.value && k.attrs.get('max-age') !== '0');
const alertText = (html) => ((/role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html) || [])[1] || '').replace(/<[^>]+>/g, '').trim();

/** Fails to sign in as email until a 429 arrives (at most max attempts);
 *  returns {failures, limited} where limited is the 429 answer. */
async function hammer(client, email, max) {
  let failures = 0;
  for (let i = 0; i < max; i++) {
    const r = await client.post('/login', { email, password: `wrong password ${i}` });
    if (r.status === 429) return { failures, limited: r };
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    assert.equal(hasSession(r), false);
    failures++;
  }
  return { failures, limited: null };
}

test('per account: after repeated failures, 429 with Retry-After and a clear message, even with the right password', T, async () => {
  const victim = await kit.createUser('victim@example.org');
  const attacker = kit.client();
  const { failures, limited } = await hammer(attacker, victim.email, 12);
  assert.ok(limited, `still no 429 after ${failures} failed attempts`);
  assert.ok(failures >= 3, `a person who mistypes gets a few tries (limited after ${failures})`);

  const ra = limited.headers.get('retry-after');
  assert.match(ra || '', /^\d+$/, `Retry-After in seconds, got ${ra}`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= 24 * 3600, `Retry-After ${ra}`);
  assert.match(limited.headers.get('content-type'), /^text\/html/);
  assertSecurityHeaders(limited.headers, '429');
  const msg = alertText(limited.text_);
  assert.match(msg, /too many/i, `a clear message, got "${msg}"`);
  assert.match(msg, /\d/, 'the message says how long to wait');
  assert.equal(hasSession(limited), false);

  // The right password is refused too while the limit holds: no session.
  const right = await attacker.post('/login', { email: victim.email, password: victim.password });
  assert.equal(right.status, 429);
  assert.equal(hasSession(right), false);
  assert.equal((await attacker.get('/account')).status, 303);
  // Also with another spelling of the same address.
  const upper = await kit.client().post('/login', { email: victim.email.toUpperCase(), password: victim.password });
  assert.equal(upper.status, 429, 'the limit is per account, not per spelling');

  // Another account from the same address is not locked out.
  const other = await kit.createUser('bystander@example.org');
  const ok = await kit.client().post('/login', { email: other.email, password: other.password });
  assert.equal(ok.status, 303, 'other accounts can still sign in');
});

test('per address: failures spread over many accounts end in 429 too, also for a new account', T, async () => {
  const c = kit.client();
  let limited = null;
  let failures = 0;
  for (let i = 0; i < 60 && !limited; i++) {
    const r = await c.post('/login', { email: `guess${i}@example.org`, password: 'wrong password' });
    if (r.status === 429) limited = r;
    else { assert.equal(r.status, 401); failures++; }
  }
  assert.ok(limited, `still no 429 after ${failures} failures from one address`);
  assert.match(limited.headers.get('retry-after') || '', /^\d+$/);
  const fresh = await c.post('/login', { email: 'never-tried@example.org', password: 'wrong password' });
  assert.equal(fresh.status, 429, 'the address is limited whatever the account');
});

test('a 429 answer in French when the browser prefers French', T, async () => {
  const fr = kit.client({ 'accept-language': 'fr' });
  const r = await fr.post('/login', { email: 'victim@example.org', password: 'wrong again' });
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('content-language'), 'fr');
  const msg = alertText(r.text_);
  assert.ok(msg.length > 10);
  assert.doesNotMatch(msg, /too many/i, `the message is in French: "${msg}"`);
});
