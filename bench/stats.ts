// Small helpers every benchmark uses: percentiles, timing loops, and a printed table.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

/** Times fn() n times one after another; milliseconds. */
export async function timeSerial(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Runs fn() from `concurrency` loops for `durationMs`; returns completed calls per second and latencies. */
export async function throughput(
  concurrency: number,
  durationMs: number,
  fn: () => Promise<unknown>,
): Promise<{ perSecond: number; latencies: Summary }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await fn();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - start;
  return { perSecond: (latencies.length * 1000) / elapsed, latencies: summarize(latencies) };
}

export function ms(x: number): string {
  return `${x.toFixed(2)} ms`;
}

export function line(name: string, value: string, note = ''): void {
  process.stdout.write(`${name.padEnd(48)} ${value.padStart(14)}  ${note}\n`);
}
