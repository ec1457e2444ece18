// An eddsa-jcs-2022 verifier written from the W3C spec (Data Integrity EdDSA
// Cryptosuites v1.0, 3.3) that shares no code with Tabula: node's crypto for
// SHA-256 and Ed25519, JSON.stringify for RFC 8785's primitives, JavaScript's
// default sort (UTF-16 code units) for member order. Tests use it to check
// that what Tabula signs verifies in an independent implementation.
import { createHash, createPublicKey, verify } from 'node:crypto';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btcDecode(text) {
  if (!text.startsWith('z')) throw new Error('not base58btc multibase');
  let n = 0n;
  for (const ch of text.slice(1)) {
    const d = B58.indexOf(ch);
    if (d < 0) throw new Error(`bad base58 character ${ch}`);
    n = n * 58n + BigInt(d);
  }
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n & 0xffn)); n >>= 8n; }
  for (const ch of text.slice(1)) { if (ch !== '1') break; bytes.unshift(0); }
  return Buffer.from(bytes);
}

export function canonicalize(v) {
  if (Array.isArray(v)) return `[${v.map(canonicalize).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalize(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest();

export function publicKeyFromMultikey(multikey) {
  const raw = base58btcDecode(multikey);
  if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) throw new Error('not an Ed25519 multikey');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(2)]);
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/** Verify one proof of a secured document; true or false. */
export function verifyProof(secured, proof, multikey) {
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') return false;
  const unsecured = { ...secured };
  delete unsecured.proof;
  const options = { ...proof };
  delete options.proofValue;
  if (options['@context'] !== undefined) {
    const docCtx = [secured['@context']].flat();
    const proofCtx = [options['@context']].flat();
    if (!proofCtx.every((c, i) => JSON.stringify(c) === JSON.stringify(docCtx[i]))) return false;
    unsecured['@context'] = options['@context'];
  }
  const data = Buffer.concat([sha256(canonicalize(options)), sha256(canonicalize(unsecured))]);
  return verify(null, data, publicKeyFromMultikey(multikey), base58btcDecode(proof.proofValue));
}
