// The website scenario as a user runs it: examples/website/deploy.mjs deploys the guestbook (bucket,
// function, HTTP API with CORS, permission), then its page, served from another origin, is used in
// headless Chromium: sign the guestbook, see the entry, reload and still see it, get the error for an
// empty message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { runScript, startCumulo, type CumuloProcess } from './harness.js';
import { launchChromium, serveOrigin, type Browser, type WebOrigin } from '../browser/chromium.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/website');

let server: CumuloProcess;
let browser: Browser;
let site: WebOrigin;
let api: string;

async function deploy(): Promise<string> {
  const run = await runScript(server, path.join(EXAMPLE, 'deploy.mjs'));
  if (run.code !== 0) throw new Error(`deploy failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()).api;
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
