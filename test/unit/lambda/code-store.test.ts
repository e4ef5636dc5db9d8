// The deployment package store: content addressing, AWS's refusal of a non-zip, and safe unpacking
// (no escaping the code directory, file modes kept).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isServiceError } from '../../../src/server/service-error.js';
import { CodeStore } from '../../../src/services/lambda/code/code-store.js';
import { makeZip } from './zip-fixtures.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-code-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('CodeStore', () => {
  it('stores a zip under its SHA-256 and reports CodeSha256 in base64', async () => {
    const store = new CodeStore(tempDir());
    const zip = await makeZip([{ name: 'index.js', content: 'x' }]);
    const stored = await store.put(zip);
    const digest = createHash('sha256').update(zip).digest();
    assert.equal(stored.hex, digest.toString('hex'));
    assert.equal(stored.sha256, digest.toString('base64'));
    assert.equal(stored.size, zip.length);
    assert.deepEqual(readFileSync(store.zipPath(stored.hex)), zip);
  });

  it("refuses bytes that are not a zip with AWS's message", async () => {
    const store = new CodeStore(tempDir());
    await assert.rejects(
      store.put(Buffer.from('not a zip at all')),
      (e: unknown) =>
        isServiceError(e) &&
        e.code === 'InvalidParameterValueException' &&
        e.message === 'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  });

  it('unpacks once, keeping the executable bit and nested folders', async () => {
    const store = new CodeStore(tempDir());
    const zip = await makeZip([
      { name: 'bootstrap', content: '#!/bin/sh\necho hi\n', mode: 0o100755 },
      { name: 'lib/util.js', content: 'module.exports = 1;', mode: 0o100644 },
    ]);
    const { hex } = await store.put(zip);
    const [a, b] = await Promise.all([store.ensureUnpacked(hex), store.ensureUnpacked(hex)]);
    assert.equal(a, b);
    assert.equal(statSync(path.join(a, 'bootstrap')).mode & 0o777, 0o755);
    assert.equal(statSync(path.join(a, 'lib/util.js')).mode & 0o777, 0o644);
    assert.equal(readFileSync(path.join(a, 'lib/util.js'), 'utf8'), 'module.exports = 1;');
  });

  it('keeps a symlink that stays inside the package', async () => {
    const store = new CodeStore(tempDir());
    const zip = await makeZip([
      { name: 'real.js', content: 'x' },
      { name: 'link.js', content: 'real.js', mode: 0o120777 },
    ]);
    const dir = await store.ensureUnpacked((await store.put(zip)).hex);
    assert.equal(lstatSync(path.join(dir, 'link.js')).isSymbolicLink(), true);
  });

  it('refuses a symlink that points outside the package', async () => {
    const root = tempDir();
    const store = new CodeStore(root);
    const zip = await makeZip([{ name: 'evil', content: '../../../../etc/passwd', mode: 0o120777 }]);
    const { hex } = await store.put(zip);
    await assert.rejects(store.ensureUnpacked(hex), /outside the code directory/);
    assert.equal(existsSync(store.unpackedDir(hex)), false);
  });
});
