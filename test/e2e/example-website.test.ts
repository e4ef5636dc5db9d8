// The website scenario as a user runs it: examples/website/deploy.mjs deploys the guestbook (bucket,
// function, HTTP API with CORS, permission), then its page, served from another origin, is used in
// headless Chromium: sign the guestbook, see the entry, reload and still see it, get the error for an
// empty message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { startCumulo, type CumuloProcess } from './harness.js';
import { launchChromium, serveOrigin, type Browser, type WebOrigin } from '../browser/chromium.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/website');

let server: CumuloProcess;
let browser: Browser;
let site: WebOrigin;
let api: string;

function deploy(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(EXAMPLE, 'deploy.mjs')], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: os.tmpdir(),
        CUMULO_ENDPOINT: server.endpoint,
        AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim()).api) : reject(new Error(`deploy failed: ${err}`)),
    );
  });
}

before(async () => {
  server = await startCumulo();
  api = await deploy();
  const page = readFileSync(path.join(EXAMPLE, 'site/index.html'), 'utf8');
  site = await serveOrigin({ '/': async () => ({ type: 'text/html', body: page }) });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await server?.dispose();
});

it('signs the guestbook from the page and keeps the entries', async () => {
  const page = await browser.newPage();
  const url = `${site.origin}/?api=${encodeURIComponent(api)}`;
  await page.goto(url);
  await page.fill('#name', 'Ada');
  await page.fill('#message', 'Hello from the browser');
  await page.click('button[type=submit]');
  await page.waitForSelector('#entries li', { timeout: 30_000 });
  assert.deepEqual(await page.locator('#entries li').allTextContents(), ['Ada: Hello from the browser']);

  await page.reload();
  await page.waitForSelector('#entries li', { timeout: 30_000 });
  assert.deepEqual(await page.locator('#entries li').allTextContents(), ['Ada: Hello from the browser']);

  await page.fill('#name', 'Bob');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('error')!.textContent !== '', undefined, {
    timeout: 30_000,
  });
  assert.equal(await page.textContent('#error'), 'Name and message are required.');
  assert.equal(await page.locator('#entries li').count(), 1);
});
