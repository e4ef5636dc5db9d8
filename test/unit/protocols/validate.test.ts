// Validation wording on a small hand-made model: list aggregation, nested paths, blobs, limits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../../../src/protocols/model-types.js';
import { validateInput, validationMessage } from '../../../src/protocols/validate.js';

const model: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'demo', protocol: 'json' },
  operations: {},
  shapes: {
    Input: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Archs: { shape: 'Archs' },
        Items: { shape: 'Items' },
        Data: { shape: 'Data' },
        Secret: { shape: 'Secret' },
      },
    },
    Name: { type: 'string', min: 3, max: 5 },
    Arch: { type: 'string', enum: ['x86_64', 'arm64'] },
    Archs: { type: 'list', member: { shape: 'Arch' }, max: 1 },
    Item: { type: 'structure', required: ['Key'], members: { Key: { shape: 'Name' } } },
    Items: { type: 'list', member: { shape: 'Item' } },
    Data: { type: 'blob', max: 2 },
    Secret: { type: 'string', min: 8, sensitive: true },
  },
};

const check = (input: Record<string, unknown>) => validateInput(model, { shape: 'Input' }, input);

describe('validateInput', () => {
  it('accepts a valid input', () => {
    assert.deepEqual(check({ Name: 'abc', Archs: ['arm64'], Items: [{ Key: 'abcd' }] }), []);
  });

  it('aggregates list member violations at the list', () => {
    assert.deepEqual(check({ Name: 'abc', Archs: ['arm64', 'x86'] }), [
      "Value '[arm64, x86]' at 'archs' failed to satisfy constraint: Member must have length less than or equal to 1",
      "Value '[arm64, x86]' at 'archs' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]",
    ]);
  });

  it('numbers structure list members from 1 and names them .member', () => {
    assert.deepEqual(check({ Name: 'abc', Items: [{ Key: 'abcd' }, {}] }), [
      "Value null at 'items.2.member.key' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('renders blobs as Java does and hides sensitive values', () => {
    assert.deepEqual(check({ Name: 'abc', Data: Buffer.from('xyz'), Secret: 'short' }), [
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 2",
      "Value at 'secret' failed to satisfy constraint: Member must have length greater than or equal to 8",
    ]);
  });

  it('counts errors in the summary', () => {
    assert.equal(validationMessage(['a']), '1 validation error detected: a');
    assert.equal(validationMessage(['a', 'b']), '2 validation errors detected: a; b');
  });
});
