#!/usr/bin/env node
// Copies the files tsc does not emit into dist/: the runtimes' bootstraps (plain JavaScript and
// Python that run inside function processes).
import { cpSync, existsSync, rmSync } from 'node:fs';

const ASSETS = [['src/runtime/bootstraps', 'dist/src/runtime/bootstraps']];

for (const [from, to] of ASSETS) {
  if (!existsSync(from)) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (src) => !src.includes('__pycache__') });
}
