import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cli } from '../lib.mjs';

// The W3C eddsa-jcs-2022 test vector and its key (tests/vectors/eddsa-jcs-2022/README.md).
const VECTOR = 'tests/vectors/eddsa-jcs-2022/signedJCS.json';
const KEY = 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
const vector = () => JSON.parse(readFileSync(VECTOR, 'utf8'));

test('tabula verify accepts the W3C eddsa-jcs-2022 vector', () => {
  const r = cli(['verify', '--key', KEY, VECTOR]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /proof 1 .*: valid/);
  assert.match(r.stdout, /credential: valid/);
});

test('tabula verify rejects the vector after any change', () => {
  const changes = [
    (d) => { d.credentialSubject.alumniOf = 'The School of Forgeries'; },
    (d) => { d.validFrom = '2023-01-02T00:00:00Z'; },
    (d) => { d.type.push('DiplomaCredential'); },
    (d) => { d.proof.created = '2023-02-24T23:36:39Z'; },
    (d) => { d.proof.verificationMethod = d.proof.verificationMethod.replace('5678', '5679'); },
    (d) => { d.proof.proofValue = d.proof.proofValue.slice(0, -1) + (d.proof.proofValue.endsWith('4') ? '5' : '4'); },
    (d) => { d.proof.cryptosuite = 'eddsa-rdfc-2022'; },
    (d) => { delete d.proof; },
  ];
  for (const [i, change] of changes.entries()) {
    const d = vector();
    change(d);
    const r = cli(['verify', '--key', KEY, '-'], JSON.stringify(d));
    assert.equal(r.status, 1, `change ${i} was not caught: ${r.stdout}`);
    assert.match(r.stdout, /credential: INVALID/);
  }
});

test('tabula verify with the wrong key, a bad key or no file', () => {
  const other = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  assert.equal(cli(['verify', '--key', other, VECTOR]).status, 1);
  const bad = cli(['verify', '--key', 'zNotAKey', VECTOR]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /not an Ed25519 multikey/);
  assert.equal(cli(['verify']).status, 2);
  const missing = cli(['verify', '/nonexistent/record.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nonexistent/);
  assert.equal(cli(['verify', '-'], '{"proof": ').status, 2);
});

test('the independent verifier used for Tabula records agrees on the vector', async () => {
  const { verifyProof } = await import('../vc-verifier.mjs');
  const d = vector();
  assert.equal(verifyProof(d, d.proof, KEY), true);
  d.credentialSubject.alumniOf = 'x';
  assert.equal(verifyProof(d, d.proof, KEY), false);
});
