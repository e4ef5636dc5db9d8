// Issue "S3 … bucket notifications invoke functions", large objects: PutObject and GetObject of 1 MiB
// and 64 MiB against the floor of writing/reading the same bytes to a file on the same disk, through
// the SDK and through a bare signed node:http client, with the CPU each side spent per MiB. 64 MiB is
// also uploaded the ways a user uploads a file: PutObject of a file stream and lib-storage's Upload.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CumuloProcess } from '../test/e2e/harness.js';
import { mainThreadCpuMs, processCpuMs } from './cpu.js';
import { line, ms } from './stats.js';

const MiB = 1024 * 1024;

export async function drain(body: unknown): Promise<number> {
  let n = 0;
  for await (const chunk of body as Readable) n += (chunk as Buffer).length;
  return n;
}

/**
 * The SDK's HTTP handler, noting when the SDK hands it a request: what the SDK did before (building
 * the request, hashing the whole body for the payload signature and the CRC32 checksum, signing) is
 * the client's own time, during which the server has nothing to do yet.
 */
export class HandOffClock extends NodeHttpHandler {
  handedAt = 0;

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    this.handedAt = performance.now();
    return super.handle(...args);
  }
}

/**
 * PUT/GET over a bare keep-alive node:http client, SigV4-signed with UNSIGNED-PAYLOAD and no
 * checksum header: the client hashes nothing, so its time is (nearly) all the server's. Printed next
 * to the SDK's numbers, whose client by default SHA-256-signs every upload body and adds a CRC32 of it
 * (and checks the CRC32 of every download), all in the same process and on the same 2 cores.
 */
function rawS3(server: CumuloProcess, agent: http.Agent) {
  const signer = new SignatureV4({
    credentials: server.credentials,
    region: server.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const send = async (method: 'PUT' | 'GET', key: string, body?: Buffer): Promise<number> => {
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: server.port,
      path: `/bench/${key}`,
      query: {},
      headers: {
        host: `127.0.0.1:${server.port}`,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        ...(body ? { 'content-length': String(body.length) } : {}),
      },
    });
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method, path: signed.path, headers: signed.headers, agent },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(n) : reject(new Error(`${method} ${key}: ${res.statusCode}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    put: (key: string, body: Buffer) => send('PUT', key, body),
    get: (key: string) => send('GET', key),
  };
}

/** Writes then reads `bytes` through a file on the disk the data dir lives on, fsync as S3 PUT does by default (none). */
async function diskFloor(
  dir: string,
  data: Buffer,
  repeat: number,
): Promise<{ write: number; read: number }> {
  let writeMs = 0;
  let readMs = 0;
  for (let i = 0; i < repeat; i++) {
    const file = path.join(dir, `floor-${i}`);
    let t = performance.now();
    await pipeline(Readable.from([data]), createWriteStream(file));
    writeMs += performance.now() - t;
    t = performance.now();
    await drain(createReadStream(file));
    readMs += performance.now() - t;
    rmSync(file);
  }
  const mb = (data.length * repeat) / MiB;
  return { write: mb / (writeMs / 1000), read: mb / (readMs / 1000) };
}

interface Rate {
  mbps: number;
  /** CPU the server process spent per MiB moved: independent of how busy the machine is. */
  serverCpuMsPerMiB: number;
  /**
   * The server's main thread's part of it. The rest is the thread pool's file writes (whose cost
   * varies with the memory the kernel hands the page cache: in a VM whose balloon returns free memory
   * to the host, first touching it costs up to ~2 ms/MiB of system time) and V8's GC helper threads.
   */
  serverMainCpuMsPerMiB: number;
  /** CPU this process (the client) spent per MiB: the SDK's hashing, encoding and copies. */
  clientCpuMsPerMiB: number;
  /** Mean wall time of one operation. */
  msPerOp: number;
}

/** `repeat` calls of op, one after another, each with a key of its own, timed as throughput of `size`-byte objects. */
async function timed(
  serverPid: number,
  repeat: number,
  size: number,
  prefix: string,
  op: (key: string) => Promise<unknown>,
): Promise<Rate> {
  const server = processCpuMs(serverPid);
  const serverMain = mainThreadCpuMs(serverPid);
  const client = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < repeat; i++) await op(`${prefix}-${i}`);
  const elapsed = performance.now() - t;
  const used = process.cpuUsage(client);
  const mib = (size * repeat) / MiB;
  return {
    mbps: mib / (elapsed / 1000),
    serverCpuMsPerMiB: (processCpuMs(serverPid) - server) / mib,
    serverMainCpuMsPerMiB: (mainThreadCpuMs(serverPid) - serverMain) / mib,
    clientCpuMsPerMiB: (used.user + used.system) / 1000 / mib,
    msPerOp: elapsed / repeat,
  };
}

/** `repeat` PUTs then GETs of `size` bytes each (keys of their own), timed as throughput. */
async function timePutGet(
  serverPid: number,
  repeat: number,
  size: number,
  ops: { put(key: string): Promise<unknown>; get(key: string): Promise<unknown> },
): Promise<{ put: Rate; get: Rate }> {
  const prefix = `big-${randomBytes(4).toString('hex')}`;
  const put = await timed(serverPid, repeat, size, prefix, ops.put);
  const get = await timed(serverPid, repeat, size, prefix, ops.get);
  return { put, get };
}

function ratio(r: Rate, floor: number): string {
  return (
    `${((r.mbps / floor) * 100).toFixed(0)}% of floor (target ≥ 50%); CPU ms/MiB: ` +
    `server ${r.serverCpuMsPerMiB.toFixed(2)} (main thread ${r.serverMainCpuMsPerMiB.toFixed(2)}) ` +
    `client ${r.clientCpuMsPerMiB.toFixed(2)}`
  );
}

/** Bucket `bench` must exist; `s3` must send through `clock`. */
export async function benchLargeObjects(
  server: CumuloProcess,
  s3: S3Client,
  clock: HandOffClock,
  agent: http.Agent,
  scratch: string,
): Promise<void> {
  const raw = rawS3(server, agent);
  for (const [size, repeat] of [
    [1 * MiB, 30],
    [64 * MiB, 3],
  ] as const) {
    const data = randomBytes(size);
    const floor = await diskFloor(scratch, data, repeat);
    const label = `${size / MiB} MiB`;
    line(`floor: file write ${label}`, `${floor.write.toFixed(0)} MB/s`);
    line(`floor: file read ${label}`, `${floor.read.toFixed(0)} MB/s`);
    let beforeSending = 0;
    const sdk = await timePutGet(server.pid, repeat, size, {
      put: async (key) => {
        const t = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: data }));
        beforeSending += clock.handedAt - t;
      },
      get: async (key) => drain((await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }))).Body),
    });
    const bare = await timePutGet(server.pid, repeat, size, {
      put: (key) => raw.put(key, data),
      get: (key) => raw.get(key),
    });
    line(`PutObject ${label} (SDK)`, `${sdk.put.mbps.toFixed(0)} MB/s`, ratio(sdk.put, floor.write));
    line(
      `PutObject ${label} (SDK): before sending`,
      ms(beforeSending / repeat),
      `of ${ms(sdk.put.msPerOp)} per object: the SDK hashes the whole body (SHA-256, CRC32) first`,
    );
    line(`GetObject ${label} (SDK)`, `${sdk.get.mbps.toFixed(0)} MB/s`, ratio(sdk.get, floor.read));
    line(
      `PUT ${label} raw http, UNSIGNED-PAYLOAD`,
      `${bare.put.mbps.toFixed(0)} MB/s`,
      ratio(bare.put, floor.write),
    );
    line(
      `GET ${label} raw http, UNSIGNED-PAYLOAD`,
      `${bare.get.mbps.toFixed(0)} MB/s`,
      ratio(bare.get, floor.read),
    );
    if (size >= 64 * MiB) await benchFileUploads(server, s3, scratch, data, repeat, floor.write);
  }
}

/**
 * A file uploaded as users upload one: PutObject of a file stream (the SDK sends it aws-chunked with
 * an unsigned payload and a CRC32 trailer) and lib-storage's Upload (multipart, 5 MiB parts, 4 at a time).
 */
async function benchFileUploads(
  server: CumuloProcess,
  s3: S3Client,
  scratch: string,
  data: Buffer,
  repeat: number,
  floor: number,
): Promise<void> {
  const file = path.join(scratch, 'upload');
  writeFileSync(file, data);
  const label = `${data.length / MiB} MiB`;
  const prefix = `file-${randomBytes(4).toString('hex')}`;
  try {
    const streamed = await timed(server.pid, repeat, data.length, `${prefix}-put`, (key) =>
      s3.send(
        new PutObjectCommand({
          Bucket: 'bench',
          Key: key,
          Body: createReadStream(file),
          ContentLength: data.length,
        }),
      ),
    );
    line(`PutObject ${label} (SDK, file stream)`, `${streamed.mbps.toFixed(0)} MB/s`, ratio(streamed, floor));
    const uploaded = await timed(server.pid, repeat, data.length, `${prefix}-upload`, (key) =>
      new Upload({ client: s3, params: { Bucket: 'bench', Key: key, Body: createReadStream(file) } }).done(),
    );
    line(
      `Upload ${label} (lib-storage, file stream)`,
      `${uploaded.mbps.toFixed(0)} MB/s`,
      ratio(uploaded, floor),
    );
  } finally {
    rmSync(file, { force: true });
  }
}
