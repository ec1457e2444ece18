import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, DB, uniq } from '../lib.mjs';

test('migrate is idempotent', () => {
  const r = cli(['migrate', '--db', DB]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^migrations applied: 0$/m);
});

test('user add refuses bad input with a clear message and a non-zero exit', () => {
  const bad = [
    [['--username', uniq('u').toLowerCase(), '--role', 'pope', '--password-stdin'], 'pw-long-enough\n', /unknown role/],
    [['--username', uniq('u').toLowerCase(), '--role', 'teacher', '--password-stdin'], 'pw-long-enough\n', /held at an organisation/],
    [['--username', uniq('u').toLowerCase(), '--role', 'teacher', '--org', 'NO-SUCH', '--password-stdin'], 'pw-long-enough\n', /No organisation has this code/],
    [['--username', 'Bad Name', '--role', 'guardian', '--password-stdin'], 'pw-long-enough\n', /user name/],
    [['--username', uniq('u').toLowerCase(), '--role', 'guardian', '--password-stdin'], 'short\n', /password of 8/],
    [['--username', uniq('u').toLowerCase(), '--role', 'guardian'], 'pw-long-enough\n', /usage/],
  ];
  for (const [args, input, message] of bad) {
    const r = cli(['user', 'add', '--db', DB, ...args], input);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('user add refuses a taken user name', () => {
  const name = uniq('u').toLowerCase();
  const first = cli(['user', 'add', '--db', DB, '--username', name, '--role', 'guardian', '--password-stdin'], 'pw-long-enough\n');
  assert.equal(first.status, 0, first.stderr);
  const again = cli(['user', 'add', '--db', DB, '--username', name, '--role', 'guardian', '--password-stdin'], 'pw-long-enough\n');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /taken/);
});

test('unknown commands and flags are refused with usage', () => {
  assert.equal(cli(['frobnicate']).status, 2);
  const r = cli(['serve', '--no-such-flag', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown flag/);
  const v = cli(['version']);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^tabula \d+\.\d+\.\d+/);
});

test('numeric settings out of range are refused at start', () => {
  for (const [flag, value] of [['--json-depth', '2147483648'], ['--threads', '5000'], ['--body-max', '10']]) {
    const r = cli(['serve', '--db', DB, flag, value]);
    assert.equal(r.status, 2, flag);
    assert.match(r.stderr, /must be between/, flag);
  }
});

test('a bad database URL is a clear error', () => {
  const r = cli(['migrate', '--db', 'mysql://x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /sqlite: or postgres:\/\//);
});
