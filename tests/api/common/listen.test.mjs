// The listening address (docs/configuration.md, `listen`): a second server
// on a port another one listens on is refused at once, so two servers never
// split the traffic; a restart on the same port binds at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { api, BIN, DB, startServer } from '../lib.mjs';

test('a second server on a busy port exits non-zero at once and says why; the first keeps serving', async () => {
  const first = await startServer();
  try {
    const port = new URL(first.url).port;
    const second = spawn(BIN, ['serve', '--db', DB, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
    let stderr = '';
    second.stderr.on('data', (d) => { stderr += d; });
    // A server that did start would serve until stopped.
    const timer = setTimeout(() => second.kill('SIGTERM'), 10000);
    const [code, signal] = await once(second, 'close');
    clearTimeout(timer);
    assert.equal(signal, null, `it stopped by itself: ${stderr}`);
    assert.notEqual(code, 0, stderr);
    assert.ok(stderr.includes(`cannot listen on 127.0.0.1:${port}: the address is in use (another tabula serve?)`), stderr);
    for (let i = 0; i < 10; i++) {
      const res = await api('GET', '/healthz', { base: first.url });
      assert.equal(res.status, 200, res.text);
    }
  } finally {
    const { code, stderr } = await first.stop();
    assert.equal(code, 0, stderr);
  }
});

test('a restart on the same port binds at once, over the last run\'s closed connections', async () => {
  const first = await startServer();
  const port = Number(new URL(first.url).port);
  // Kept-alive connections that the server closes when it stops: its side
  // of each waits in TIME_WAIT, on this port.
  for (let i = 0; i < 5; i++) assert.equal((await api('GET', '/healthz', { base: first.url })).status, 200);
  assert.equal((await first.stop()).code, 0);
  const again = await startServer([], { port });
  try {
    const res = await api('GET', '/healthz', { base: again.url });
    assert.equal(res.status, 200, res.text);
  } finally {
    const { code, stderr } = await again.stop();
    assert.equal(code, 0, stderr);
  }
});
