// Builds the function's deployment package: index.mjs plus the npm packages it imports (jimp and
// everything jimp needs), copied from node_modules into the zip's node_modules/ — what
// `npm install && zip -r function.zip .` does in the AWS tutorial. The AWS SDK is not bundled: the
// Node.js runtime provides it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLED = ['jimp'];

/** The directory of an installed package, resolved as Node resolves it from `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (run npm install)`);
  }
}

/** The directories of every package `names` need, transitively, as Node would resolve them. */
function dependencyClosure(names) {
  const found = new Set();
  const visit = (name, fromDir) => {
    const dir = packageDir(name, fromDir);
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      try {
        visit(dep, dir);
      } catch (e) {
        if (!pkg.optionalDependencies?.[dep]) throw e;
      }
    }
  };
  for (const name of names) visit(name, here);
  return found;
}

function addTree(zip, dir, zipDir) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (entry !== 'node_modules') addTree(zip, full, `${zipDir}/${entry}`);
    } else {
      zip.addFile(full, `${zipDir}/${entry}`, { mode: st.mode });
    }
  }
}

/** The zip as a Buffer. */
export async function buildFunctionZip() {
  const zip = new yazl.ZipFile();
  zip.addFile(path.join(here, 'function', 'index.mjs'), 'index.mjs');
  // Keep the layout npm made (a nested node_modules stays nested) relative to the top node_modules.
  const root = path.dirname(path.dirname(packageDir(BUNDLED[0], here)));
  for (const dir of dependencyClosure(BUNDLED)) {
    addTree(zip, dir, path.relative(root, dir).split(path.sep).join('/'));
  }
  zip.end();
  const chunks = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// `node bundle.mjs out.zip` writes the package to a file (for `aws lambda create-function --zip-file`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? path.join(here, 'function.zip');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(out, await buildFunctionZip());
  console.log(`wrote ${out}`);
}
