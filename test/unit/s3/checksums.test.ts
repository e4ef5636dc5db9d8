// S3's checksum algorithms against their published check values ("123456789") and the SDK's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksumOf, compositeChecksum, createHasher } from '../../../src/services/s3/checksums.js';

const CHECK = Buffer.from('123456789');
const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

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

  it('builds a COMPOSITE checksum from the binary part checksums, suffixed with the part count', () => {
    const a = checksumOf('CRC32', Buffer.from('a'));
    const b = checksumOf('CRC32', Buffer.from('b'));
    const joined = Buffer.concat([Buffer.from(a, 'base64'), Buffer.from(b, 'base64')]);
    assert.equal(compositeChecksum('CRC32', [a, b]), `${checksumOf('CRC32', joined)}-2`);
  });
});
