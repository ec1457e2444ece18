// docs/openapi.yaml as the desk's tests check it: a live answer must carry
// what its documented schema requires, with the documented types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));

function resolve(node) {
  while (node?.$ref) node = node.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec);
  return node;
}

function conforms(value, schema, where) {
  schema = resolve(schema);
  if (!schema) return;
  const types = [].concat(schema.type ?? []);
  if (types.length) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    assert.ok(types.includes(actual) || (actual === 'integer' && types.includes('number')), `${where}: ${actual} not in ${types}`);
  }
  if (schema.enum && value !== null) assert.ok(schema.enum.includes(value), `${where}: ${value} not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of schema.required ?? []) assert.ok(key in value, `${where}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in value) conforms(value[key], sub, `${where}.${key}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => conforms(v, schema.items, `${where}[${i}]`));
}

/** Assert that res (from lib.mjs api()) is documented for path/method and conforms. */
export function assertDocumented(res, path, method) {
  const op = spec.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  const resp = resolve(op.responses[String(res.status)]);
  assert.ok(resp, `${method} ${path} documents ${res.status}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0];
  const schema = resolve(resp.content?.[type]?.schema);
  assert.ok(schema, `${method} ${path} ${res.status} documents ${type}`);
  conforms(res.json, schema, `${method} ${path}`);
}
