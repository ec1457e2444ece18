import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BACKEND } from '../lib.mjs';

test('/metrics is Prometheus text with route counters, histograms and DB gauges', async () => {
  await api('GET', '/healthz');
  await api('GET', '/api/v1/no-such-route');
  const res = await api('GET', '/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const t = res.text;
  assert.match(t, /^tabula_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} [1-9]\d*$/m);
  assert.match(t, /^tabula_http_requests_total\{method="ANY",route="unmatched",status="4xx"\} [1-9]\d*$/m);
  assert.match(t, /^# TYPE tabula_http_request_duration_seconds histogram$/m);
  assert.match(t, new RegExp(`^tabula_db_pool_size\\{backend="${BACKEND}"\\} [1-9]\\d*$`, 'm'));
  for (const g of ['tabula_db_pool_in_use', 'tabula_db_write_queue_depth', 'tabula_db_commits_total', 'tabula_http_inflight', 'tabula_http_connections_open']) {
    assert.match(t, new RegExp(`^${g} \\d+$`, 'm'), g);
  }
  // Histogram buckets are cumulative and end at the count.
  const buckets = [...t.matchAll(/^tabula_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="([^"]+)"\} (\d+)$/gm)].map((m) => Number(m[2]));
  assert.ok(buckets.length > 5);
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1]);
  const count = Number(/^tabula_http_request_duration_seconds_count\{method="GET",route="\/healthz"\} (\d+)$/m.exec(t)[1]);
  assert.equal(buckets.at(-1), count);
});

test('the access log has one line per request and no secrets', async () => {
  const fs = await import('node:fs/promises');
  const marker = `/api/v1/access-log-probe-${Date.now()}`;
  await api('GET', marker + '?token=secret-in-query', { headers: { authorization: 'Bearer secret-in-header' } });
  // The log is flushed twice a second.
  let log = '';
  for (let i = 0; i < 30 && !log.includes(marker); i++) {
    await new Promise((r) => setTimeout(r, 100));
    log = await fs.readFile(process.env.TABULA_ACCESS_LOG, 'utf8');
  }
  const lines = log.split('\n').filter((l) => l.includes(marker));
  assert.equal(lines.length, 1, log.slice(-500));
  assert.match(lines[0], / 127\.0\.0\.1 GET \/api\/v1\/access-log-probe-\d+ 404 \d+ [\d.]+ms$/);
  assert.doesNotMatch(log, /secret-in-(query|header)/);
});
