// Which of Cumulo's runtime families runs a Lambda runtime identifier. Every nodejs*.x runs on
// the machine's node, every python3.* on its python3; provided.* runs the function's own bootstrap.
export type RuntimeFamily = 'nodejs' | 'python' | 'provided';

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (/^nodejs\d+\.x$/.test(runtime)) return 'nodejs';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  if (runtime === 'provided' || runtime.startsWith('provided.')) return 'provided';
  return undefined;
}
