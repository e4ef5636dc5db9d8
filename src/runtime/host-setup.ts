// What the machine offers the runtimes, found once: the node and python executables, and the
// equivalents of AWS's /var/runtime — a directory per family holding only what AWS preinstalls
// (the AWS SDK for JavaScript v3 for nodejs, boto3 and its dependencies for python), linked
// from Cumulo's own node_modules and the machine's Python packages.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeFamily } from './runtime-family.js';

export interface HostSetup {
  nodeExe: string;
  /** Set once `pythonReady()` resolves, when the machine has a python3. */
  pythonExe?: string;
  /**
   * Probes python3 and links its runtime dir, once; resolves when done. Probing starts an
   * interpreter (~100-400 ms of CPU here), so server start does not wait for it: only Python work.
   */
  pythonReady(): Promise<void>;
  /** Cumulo's /var/runtime equivalent per family. */
  runtimeDirs: Record<RuntimeFamily, string>;
  /** Where the bootstraps are (dist/src/runtime/bootstraps). */
  bootstrapsDir: string;
}

/**
 * The modules AWS's Python runtimes ship in /var/runtime next to boto3, and (last five) what a
 * distribution's botocore may need instead of its vendored copies (Debian's imports requests).
 */
const PYTHON_RUNTIME_MODULES = [
  'boto3',
  'botocore',
  's3transfer',
  'jmespath',
  'dateutil',
  'urllib3',
  'six.py',
  'requests',
  'certifi',
  'idna',
  'chardet',
  'charset_normalizer',
];

export async function prepareHost(dataDir: string): Promise<HostSetup> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.join(dataDir, 'runtime');
  const runtimeDirs: Record<RuntimeFamily, string> = {
    nodejs: path.join(root, 'nodejs'),
    python: path.join(root, 'python'),
    provided: path.join(root, 'provided'),
  };
  await Promise.all(Object.values(runtimeDirs).map((d) => fs.promises.mkdir(d, { recursive: true })));
  await fenceDataDir(dataDir);

  const sdk = findUp(here, path.join('node_modules', '@aws-sdk'));
  if (sdk) {
    await fs.promises.mkdir(path.join(runtimeDirs.nodejs, 'node_modules'), { recursive: true });
    await relink(sdk, path.join(runtimeDirs.nodejs, 'node_modules', '@aws-sdk'));
    // Function code lives under the data dir, so ES modules find the preinstalled SDK by Node's own
    // resolution, after the function's own node_modules, as the last directory up: no resolution
    // hook (a loader thread in every runtime process) is needed for code here.
    await relink(path.join(runtimeDirs.nodejs, 'node_modules'), path.join(dataDir, 'node_modules'));
  }

  let probe: Promise<void> | undefined;
  const host: HostSetup = {
    nodeExe: process.execPath,
    runtimeDirs,
    bootstrapsDir: path.join(here, 'bootstraps'),
    pythonReady: () =>
      (probe ??= preparePython(runtimeDirs.python).then((exe) => {
        if (exe) host.pythonExe = exe;
      })),
  };
  return host;
}

/** Finds python3 and links what AWS preinstalls into its runtime dir; undefined without python3. */
async function preparePython(runtimeDir: string): Promise<string | undefined> {
  const python = await probePython();
  if (!python) return undefined;
  const candidates = ['/usr/lib/python3/dist-packages', ...python.sitePackages];
  for (const mod of PYTHON_RUNTIME_MODULES) {
    const found = candidates.map((c) => path.join(c, mod)).find((p) => fs.existsSync(p));
    if (found) await relink(found, path.join(runtimeDir, mod)).catch(() => undefined);
  }
  return python.executable;
}

/**
 * Node decides whether a .js file is CommonJS or an ES module from the nearest package.json up
 * the tree. On Lambda nothing above /var/task has one; here the data dir (which holds the code
 * and layer dirs) may sit inside a project with "type": "module" (Cumulo's own, for one). A
 * package.json of its own at the data dir's root ends that lookup there, as on Lambda.
 */
async function fenceDataDir(dataDir: string): Promise<void> {
  const file = path.join(dataDir, 'package.json');
  if (fs.existsSync(file)) return;
  const fence = {
    name: 'cumulo-data',
    private: true,
    description: 'Ends Node.js package scope lookup for function code',
  };
  await fs.promises.writeFile(file, JSON.stringify(fence, null, 2) + '\n');
}

function findUp(from: string, rel: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function relink(target: string, link: string): Promise<void> {
  await fs.promises.rm(link, { force: true, recursive: false }).catch(() => undefined);
  await fs.promises.symlink(target, link).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

interface PythonProbe {
  executable: string;
  sitePackages: string[];
}

/** The real interpreter behind `python3` on the server's PATH (resolving pyenv-style shims once). */
function probePython(): Promise<PythonProbe | undefined> {
  const code = 'import sys, site, json; print(json.dumps([sys.executable, site.getsitepackages()]))';
  return new Promise((resolve) => {
    execFile('python3', ['-c', code], { timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const [executable, sitePackages] = JSON.parse(stdout) as [string, string[]];
        resolve(executable ? { executable, sitePackages } : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}
