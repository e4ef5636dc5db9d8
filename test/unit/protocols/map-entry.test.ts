import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setEntry } from '../../../src/protocols/map-entry.js';
import { readJson } from '../../../src/protocols/json-values.js';
import { loadModel } from '../../../src/protocols/index.js';

describe('map entries with keys Object.prototype knows', () => {
  it('keeps __proto__ as an own entry and leaves the prototype alone', () => {
    const map: Record<string, unknown> = {};
    setEntry(map, '__proto__', 'x');
    setEntry(map, 'constructor', 'y');
    assert.equal(Object.getPrototypeOf(map), Object.prototype);
    assert.deepEqual(Object.keys(map), ['__proto__', 'constructor']);
    assert.equal(JSON.stringify(map), '{"__proto__":"x","constructor":"y"}');
  });

  it('reads a JSON map (Lambda tags) with every key its client sent', () => {
    const model = loadModel('lambda');
    const tags = readJson(model, { shape: 'Tags' }, JSON.parse('{"__proto__":"a","toString":"b"}')) as object;
    assert.deepEqual(Object.keys(tags), ['__proto__', 'toString']);
    assert.equal(Object.getPrototypeOf(tags), Object.prototype);
  });
});
