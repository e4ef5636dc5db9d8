// The /tmp size check after every invocation: a stat while the directory stays empty, a walk once
// anything is written, and never a missed write.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { TmpUsage } from '../../../src/runtime/tmp-usage.js';

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-tmp-usage-'));
  made.push(dir);
  return dir;
}

/** Sets the directory's mtime in the past, as it is once the environment has been idle a while. */
function age(dir: string): void {
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(dir, past, past);
}

test('an empty directory uses nothing, also when asked again', async () => {
  const dir = tempDir();
  age(dir);
  const usage = new TmpUsage(dir);
  assert.equal(await usage.bytes(), 0);
  assert.equal(await usage.bytes(), 0);
});

test('a file written after the directory was seen empty is counted', async () => {
  const dir = tempDir();
  age(dir);
  const usage = new TmpUsage(dir);
  assert.equal(await usage.bytes(), 0);
  fs.writeFileSync(path.join(dir, 'a.bin'), Buffer.alloc(1000));
  assert.equal(await usage.bytes(), 1000);
});

test('a file written in the same clock tick as the last change is counted', async () => {
  // The directory was just created: its mtime is too recent to vouch for emptiness.
  const dir = tempDir();
  const usage = new TmpUsage(dir);
  assert.equal(await usage.bytes(), 0);
  const mtime = fs.statSync(dir).mtime;
  fs.writeFileSync(path.join(dir, 'b.bin'), Buffer.alloc(10));
  fs.utimesSync(dir, mtime, mtime); // as if the creation had kept the coarse mtime
  assert.equal(await usage.bytes(), 10);
});

test('files in subdirectories and growth of existing files are counted', async () => {
  const dir = tempDir();
  const usage = new TmpUsage(dir);
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'c.bin'), Buffer.alloc(300));
  assert.equal(await usage.bytes(), 300);
  fs.appendFileSync(path.join(dir, 'sub', 'c.bin'), Buffer.alloc(200));
  assert.equal(await usage.bytes(), 500);
});

test('a directory that is gone uses nothing', async () => {
  assert.equal(await new TmpUsage(path.join(os.tmpdir(), 'cumulo-no-such-dir-x')).bytes(), 0);
});
