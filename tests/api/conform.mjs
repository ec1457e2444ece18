// Live answers checked against docs/openapi.yaml (required properties and
// primitive types, recursively), for the tests of one resource; the route
// list itself is kept equal to `tabula routes` by openapi.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));

function resolve(node) {
  while (node?.$ref) node = node.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec);
  return node;
}

function check(value, schema, where) {
  schema = resolve(schema);
  if (!schema) return;
  const types = [].concat(schema.type ?? []);
  if (types.length) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    assert.ok(types.includes(actual) || (actual === 'integer' && types.includes('number')), `${where}: ${actual} not in ${types}`);
  }
  if (schema.enum) assert.ok(schema.enum.includes(value), `${where}: ${value} not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of schema.required ?? []) assert.ok(key in value, `${where}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in value) check(value[key], sub, `${where}.${key}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => check(v, schema.items, `${where}[${i}]`));
}

/** Assert that res (from lib.mjs api()) conforms to the documented answer of METHOD PATH for its status. */
export function conforms(res, method, path) {
  const op = spec.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  const resp = resolve(op.responses[String(res.status)]);
  assert.ok(resp, `${method} ${path} documents ${res.status}`);
  const type = res.status >= 400 ? 'application/problem+json' : 'application/json';
  const schema = resolve(resp.content?.[type]?.schema);
  assert.ok(schema, `${method} ${path} ${res.status} has a ${type} schema`);
  check(res.json, schema, `${method} ${path} ${res.status}`);
}
