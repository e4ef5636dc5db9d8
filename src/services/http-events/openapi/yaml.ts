// YAML definitions are parsed by js-yaml (a dependency); loaded at first use, as most imports are JSON.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let loader: ((text: string) => unknown) | null | undefined;

export function parseYaml(text: string): unknown {
  if (loader === undefined) {
    try {
      loader = (require('js-yaml') as { load: (text: string) => unknown }).load;
    } catch {
      loader = null;
    }
  }
  if (!loader) throw new Error('YAML is not supported');
  return loader(text);
}
