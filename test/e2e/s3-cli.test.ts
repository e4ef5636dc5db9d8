// The AWS CLI's high-level S3 commands (`aws s3 …`, Debian's awscli) against a started Cumulo:
// what a CLI user does with a bucket, end to end. `cp` of a file above the CLI's 8 MB
// multipart_threshold goes through CreateMultipartUpload/UploadPart/CompleteMultipartUpload up and
// ranged GETs down (https://docs.aws.amazon.com/cli/latest/topic/s3-config.html).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-e2e-s3-cli-'));
const BUCKET = 'cli-bucket';

const s3 = async (...args: string[]) => {
  const out = await awsCli(server, ['s3', ...args]);
  assert.equal(out.code, 0, `aws s3 ${args.join(' ')}\n${out.stderr}`);
  return out.stdout;
};
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Lines of `aws s3` progress output, without the carriage-return progress meter. */
const lines = (stdout: string) =>
  stdout
    .split('\n')
    .map((l) => l.split('\r').pop()!.trim())
    .filter((l) => l.length > 0);

/** How the CLI names a local file in its output: relative to its working directory (ours). */
const shown = (file: string) => path.relative(process.cwd(), file);

/** Files under `dir` as relative paths, sorted. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
    .sort();
}

before(async () => {
  server = await startCumulo();
});

after(async () => {
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('aws s3', () => {
  it('mb makes a bucket that ls lists', async () => {
    assert.deepEqual(lines(await s3('mb', `s3://${BUCKET}`)), [`make_bucket: ${BUCKET}`]);
    const listed = lines(await s3('ls'));
    assert.ok(
      listed.some((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-bucket$/.test(l)),
      listed.join('\n'),
    );
  });

  it('cp uploads a 20 MB file in parts and downloads it byte for byte', async () => {
    const big = path.join(tmp, 'big.bin');
    const data = Buffer.alloc(20 * 1024 * 1024 + 12_345);
    for (let i = 0; i + 4 <= data.length; i += 4) data.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
    writeFileSync(big, data);
    const up = lines(await s3('cp', big, `s3://${BUCKET}/big/big.bin`));
    assert.deepEqual(up, [`upload: ${shown(big)} to s3://${BUCKET}/big/big.bin`]);
    // A multipart upload's ETag is "<md5 of the part md5s>-<parts>": 20 MB in 8 MB parts is 3.
    const head = await awsCli(server, ['s3api', 'head-object', '--bucket', BUCKET, '--key', 'big/big.bin']);
    assert.equal(head.code, 0, head.stderr);
    assert.equal(head.json.ContentLength, data.length);
    assert.match(head.json.ETag, /^"[0-9a-f]{32}-3"$/);
    const back = path.join(tmp, 'big.back');
    assert.deepEqual(lines(await s3('cp', `s3://${BUCKET}/big/big.bin`, back)), [
      `download: s3://${BUCKET}/big/big.bin to ${shown(back)}`,
    ]);
    assert.equal(sha256(back), sha256(big));
  });

  it('sync uploads a tree once; a second sync copies nothing; sync down restores it', async () => {
    const site = path.join(tmp, 'site');
    const files: Record<string, string> = {
      'index.html': '<h1>home</h1>',
      'css/site.css': 'body { margin: 0 }',
      'img/logo.svg': '<svg/>',
      'docs/a b/notes.txt': 'spaces in keys',
    };
    // Files last changed an hour ago, as files usually are: S3's LastModified has whole seconds,
    // so a file written this very second could look newer than its upload.
    const past = new Date(Date.now() - 3_600_000);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
      writeFileSync(path.join(site, name), text);
      utimesSync(path.join(site, name), past, past);
    }
    const first = lines(await s3('sync', site, `s3://${BUCKET}/site`));
    assert.deepEqual(
      first.map((l) => l.replace(/ to .*/, '')).sort(),
      Object.keys(files)
        .map((f) => `upload: ${shown(path.join(site, f))}`)
        .sort(),
    );
    assert.deepEqual(lines(await s3('sync', site, `s3://${BUCKET}/site`)), []);
    // A changed file is the only one the next sync sends.
    writeFileSync(path.join(site, 'index.html'), '<h1>home, v2</h1>');
    assert.deepEqual(lines(await s3('sync', site, `s3://${BUCKET}/site`)), [
      `upload: ${shown(path.join(site, 'index.html'))} to s3://${BUCKET}/site/index.html`,
    ]);
    const copy = path.join(tmp, 'site-copy');
    await s3('sync', `s3://${BUCKET}/site`, copy);
    assert.deepEqual(tree(copy), tree(site));
    assert.equal(readFileSync(path.join(copy, 'index.html'), 'utf8'), '<h1>home, v2</h1>');
    assert.equal(readFileSync(path.join(copy, 'docs/a b/notes.txt'), 'utf8'), 'spaces in keys');
    assert.deepEqual(lines(await s3('sync', `s3://${BUCKET}/site`, copy)), []);
  });

  it('ls shows prefixes and objects of one level, and every key with --recursive', async () => {
    const top = lines(await s3('ls', `s3://${BUCKET}/`));
    assert.deepEqual(top, ['PRE big/', 'PRE site/']);
    const site = lines(await s3('ls', `s3://${BUCKET}/site/`));
    assert.deepEqual(
      site.filter((l) => l.startsWith('PRE')),
      ['PRE css/', 'PRE docs/', 'PRE img/'],
    );
    assert.ok(
      site.some((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +17 index.html$/.test(l)),
      site.join('\n'),
    );
    const all = lines(await s3('ls', `s3://${BUCKET}/`, '--recursive')).map((l) =>
      l.split(/\s+/).slice(3).join(' '),
    );
    assert.deepEqual(all, [
      'big/big.bin',
      'site/css/site.css',
      'site/docs/a b/notes.txt',
      'site/img/logo.svg',
      'site/index.html',
    ]);
  });

  it('rb refuses a bucket that is not empty; rm --recursive empties it; rb removes it', async () => {
    const refused = await awsCli(server, ['s3', 'rb', `s3://${BUCKET}`]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /BucketNotEmpty/);
    const removed = lines(await s3('rm', `s3://${BUCKET}/site`, '--recursive'));
    assert.equal(removed.length, 4);
    assert.ok(
      removed.every((l) => l.startsWith(`delete: s3://${BUCKET}/site/`)),
      removed.join('\n'),
    );
    assert.deepEqual(lines(await s3('ls', `s3://${BUCKET}/`)), ['PRE big/']);
    await s3('rm', `s3://${BUCKET}/`, '--recursive');
    assert.deepEqual(lines(await s3('ls', `s3://${BUCKET}/`, '--recursive')), []);
    assert.deepEqual(lines(await s3('rb', `s3://${BUCKET}`)), [`remove_bucket: ${BUCKET}`]);
    assert.ok(!lines(await s3('ls')).some((l) => l.endsWith(` ${BUCKET}`)));
  });

  it('rb --force removes a bucket with its objects', async () => {
    await s3('mb', 's3://cli-forced');
    writeFileSync(path.join(tmp, 'one.txt'), 'one');
    await s3('cp', path.join(tmp, 'one.txt'), 's3://cli-forced/one.txt');
    await s3('rb', 's3://cli-forced', '--force');
    const gone = await awsCli(server, ['s3api', 'head-bucket', '--bucket', 'cli-forced']);
    assert.notEqual(gone.code, 0);
  });
});
