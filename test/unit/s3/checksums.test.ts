// S3's checksum algorithms against their published check values ("123456789") and the SDK's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksumOf, compositeChecksum, createHasher } from '../../../src/services/s3/checksums.js';

const CHECK = Buffer.from('123456789');
const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/** CRC-32/ISCSI from its definition, one bit at a time (reflected polynomial 0x82F63B78). */
function bitwiseCrc32c(data: Buffer): string {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

/** CRC-64/NVME from its definition, one bit at a time (reflected polynomial 0x9A6C9329AC4BC9B5). */
function bitwiseCrc64Nvme(data: Buffer): string {
  const poly = 0x9a6c9329ac4bc9b5n;
  const mask = (1n << 64n) - 1n;
  let c = mask;
  for (const byte of data) {
    c ^= BigInt(byte);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
  }
  return (c ^ mask).toString(16).padStart(16, '0');
}

describe('S3 checksums', () => {
  it('match the catalogued check values of each CRC', () => {
    // https://reveng.sourceforge.io/crc-catalogue/: CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME.
    assert.equal(hex(checksumOf('CRC32', CHECK)), 'cbf43926');
    assert.equal(hex(checksumOf('CRC32C', CHECK)), 'e3069283');
    assert.equal(hex(checksumOf('CRC64NVME', CHECK)), 'ae8b14860a799888');
  });

  it("match the SHA digests and S3's base64 form", () => {
    assert.equal(checksumOf('SHA256', Buffer.from('hello')), 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=');
    assert.equal(checksumOf('SHA1', Buffer.from('hello')), 'qvTGHdzF6KLavt4PO0gs2a6pQ00=');
    assert.equal(checksumOf('CRC32', Buffer.from('hello')), 'NhCmhg==');
  });

  it('give the same value fed in pieces as in one go', () => {
    const data = Buffer.alloc(100_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const h = createHasher(alg);
      for (let i = 0; i < data.length; i += 4096) h.update(data.subarray(i, i + 4096));
      assert.equal(h.digest().toString('base64'), checksumOf(alg, data), alg);
    }
  });

  it('give the same value whatever the split, down to pieces shorter than the 8-byte step', () => {
    const data = Buffer.alloc(1000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (const alg of ['CRC32C', 'CRC64NVME'] as const) {
      const whole = checksumOf(alg, data);
      for (const step of [1, 3, 7, 8, 9, 17]) {
        const h = createHasher(alg);
        for (let i = 0; i < data.length; i += step) h.update(data.subarray(i, i + step));
        assert.equal(h.digest().toString('base64'), whole, `${alg} in pieces of ${step}`);
      }
    }
  });

  it('match a bit-at-a-time CRC at every alignment and length around the word steps', () => {
    const data = Buffer.alloc(4096 + 8);
    for (let i = 0; i < data.length; i++) data[i] = (i * 167 + 13) & 0xff;
    const lengths = [...Array.from({ length: 40 }, (_, n) => n), 63, 64, 65, 1000, 4096];
    for (const offset of [0, 1, 2, 3, 4, 5, 6, 7]) {
      for (const length of lengths) {
        const piece = data.subarray(offset, offset + length);
        assert.equal(hex(checksumOf('CRC32C', piece)), bitwiseCrc32c(piece), `CRC32C at ${offset}+${length}`);
        assert.equal(
          hex(checksumOf('CRC64NVME', piece)),
          bitwiseCrc64Nvme(piece),
          `CRC64NVME at ${offset}+${length}`,
        );
      }
    }
  });

  it('builds a COMPOSITE checksum from the binary part checksums, suffixed with the part count', () => {
    const a = checksumOf('CRC32', Buffer.from('a'));
    const b = checksumOf('CRC32', Buffer.from('b'));
    const joined = Buffer.concat([Buffer.from(a, 'base64'), Buffer.from(b, 'base64')]);
    assert.equal(compositeChecksum('CRC32', [a, b]), `${checksumOf('CRC32', joined)}-2`);
  });
});
