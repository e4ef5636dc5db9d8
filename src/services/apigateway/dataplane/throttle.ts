// Throttling and quotas as API Gateway applies them: a token bucket per limit ("the rate is the number
// of requests per second, the burst the bucket's capacity"), and a request count per quota period
// (DAY, WEEK, MONTH, in UTC, shifted by the plan's offset days).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
// Buckets live in memory: a restart starts them full. Quota counts are kept in the store
// (quota-counter.ts).

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty (429 Too Many Requests). */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Start (ms) of the quota period containing `now`. */
export function periodStart(period: string, offset: number, now = Date.now()): number {
  const d = new Date(now);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'DAY') return day;
  if (period === 'WEEK') {
    // Weeks start on Sunday, plus `offset` days.
    const start = day - ((d.getUTCDay() - offset + 7) % 7) * 86_400_000;
    return start;
  }
  const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) + offset * 86_400_000;
  return now >= month ? month : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) + offset * 86_400_000;
}

/** Named token buckets, created on first use. */
export class Limits {
  private readonly buckets = new Map<string, { bucket: TokenBucket; rate: number; burst: number }>();

  take(key: string, rate: number, burst: number, now = Date.now()): boolean {
    let entry = this.buckets.get(key);
    if (!entry || entry.rate !== rate || entry.burst !== burst) {
      entry = { bucket: new TokenBucket(rate, burst, now), rate, burst };
      this.buckets.set(key, entry);
    }
    return entry.bucket.take(now);
  }
}
