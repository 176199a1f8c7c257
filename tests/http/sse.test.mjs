// sse.test.mjs — the Server-Sent Events stream /events/heartbeat: several
// hundred clients hold it at once and each receives heartbeats; they close
// cleanly and the server lets them go; SIGTERM ends the server with code 0
// even while streams are open, closing them properly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dropDb, openStream, waitExit, T } from '../lib/server.mjs';
import { assertSecurityHeaders } from '../lib/checks.mjs';

const CLIENTS = 300;

test(`${CLIENTS} clients hold the heartbeat stream at once; each gets at least two heartbeats`, { timeout: 90000 }, async () => {
  const srv = await startServer();
  try {
    const streams = [];
    // Open in batches so connecting is not a thundering herd on two cores.
    for (let i = 0; i < CLIENTS; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) },
        () => openStream(srv.url, '/events/heartbeat?interval=1')));
      streams.push(...batch);
    }
    assert.equal(streams.length, CLIENTS);
    const s0 = streams[0];
    assert.equal(s0.status, 200);
    assert.match(s0.headers.get('content-type'), /^text\/event-stream/);
    assert.match(s0.headers.get('cache-control') || '', /no-cache|no-store/);
    assert.equal(s0.headers.get('content-length'), null, 'a stream has no length');
    assertSecurityHeaders(s0.headers, 'event stream');
    for (const s of streams) assert.equal(s.status, 200);

    await Promise.all(streams.map((s) => s.waitFor(2, 'heartbeat', 30000)));
    // Each heartbeat says how many clients are connected. The last client's
    // second heartbeat came while all the others were still open, so some
    // heartbeat must have counted all of them.
    let most = 0;
    for (const s of streams) {
      const beats = s.events.filter((e) => e.event === 'heartbeat');
      const ids = beats.map((e) => Number(e.id));
      for (let k = 1; k < ids.length; k++) assert.ok(ids[k] > ids[k - 1], 'event ids increase');
      for (const b of beats) {
        const d = JSON.parse(b.data);
        assert.equal(typeof d.time, 'number');
        most = Math.max(most, d.clients);
      }
      assert.equal(s.state, 'open', 'no stream was cut');
    }
    assert.ok(most >= CLIENTS, `the heartbeats counted at most ${most} clients`);

    for (const s of streams) s.close();
    // The server notices the departures: a new client soon sees itself alone.
    const probe = await openStream(srv.url, '/events/heartbeat?interval=1');
    let alone = false;
    for (let n = 1; n <= 20 && !alone; n++) {
      await probe.waitFor(n, 'heartbeat', 10000);
      const last = probe.events.filter((e) => e.event === 'heartbeat').at(-1);
      alone = JSON.parse(last.data).clients === 1;
    }
    assert.ok(alone, 'closed streams are released by the server');
    probe.close();
    const h = await fetch(`${srv.url}/api/v1/health`);
    assert.equal(h.status, 200, 'the server still answers');
  } finally {
    const r = await srv.stop();
    assert.deepEqual(r, { code: 0, signal: null });
    dropDb(srv.db);
  }
});

test('the stream sends a retry hint and an event per interval; a HEAD has no body', T, async () => {
  const srv = await startServer();
  try {
    const s = await openStream(srv.url, '/events/heartbeat?interval=1');
    await s.waitFor(2);
    assert.match(s.raw, /^retry: \d+/m, 'tells the browser how soon to reconnect');
    s.close();
    const head = await fetch(`${srv.url}/events/heartbeat?interval=1`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  } finally {
    await srv.stop();
    dropDb(srv.db);
  }
});

test('SIGTERM with open streams: the streams end properly and the server exits with code 0', { timeout: 60000 }, async () => {
  const srv = await startServer();
  const streams = await Promise.all(Array.from({ length: 40 }, () => openStream(srv.url, '/events/heartbeat?interval=60')));
  await Promise.all(streams.map((s) => s.waitFor(1)));
  srv.proc.kill('SIGTERM');
  // The server waits up to 10 s for requests in flight; streams must not
  // hold it that long, so 9 s is a hang, not a slow machine.
  const exit = await waitExit(srv, 9000);
  assert.notEqual(exit, 'timeout', 'the server did not exit: open streams hold it');
  assert.deepEqual(exit, { code: 0, signal: null });
  const ends = await Promise.all(streams.map((s) => s.ended));
  const unclean = ends.filter((e) => e !== 'end');
  assert.deepEqual(unclean, [], 'every stream ends with a proper end of body, not a cut connection');
  await srv.stop(); // checks the output for sanitizer reports
  dropDb(srv.db);
});

test('SIGTERM on an idle server exits with code 0 and a clean log', T, async () => {
  const srv = await startServer();
  const c = await fetch(`${srv.url}/`);
  await c.text();
  const r = await srv.stop();
  assert.deepEqual(r, { code: 0, signal: null });
  assert.doesNotMatch(srv.output(), /error|warning/i, srv.output());
  dropDb(srv.db);
});
