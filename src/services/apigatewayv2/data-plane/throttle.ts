// Stage throttling: a token bucket per stage and route, with ThrottlingRateLimit tokens a second up to
// ThrottlingBurstLimit ("the burst limit is the maximum number of concurrent requests ... the rate
// limit is the steady-state rate"). Routes without limits in their RouteSettings take the stage's
// DefaultRouteSettings; no limits at all means no throttling (AWS's account-level quota is not modelled).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
import type { RouteSettings } from '../records.js';

interface Bucket {
  tokens: number;
  at: number;
  rate: number;
  burst: number;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when the request may pass; takes a token. */
  take(key: string, settings: RouteSettings): boolean {
    const rate = settings.ThrottlingRateLimit;
    const burst = settings.ThrottlingBurstLimit;
    if (rate === undefined && burst === undefined) return true;
    const r = rate ?? Number.POSITIVE_INFINITY;
    const b = burst ?? Math.max(1, Math.ceil(r));
    const t = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.rate !== r || bucket.burst !== b) {
      bucket = { tokens: b, at: t, rate: r, burst: b };
      this.buckets.set(key, bucket);
    }
    const refill = Number.isFinite(r) ? ((t - bucket.at) / 1000) * r : b;
    bucket.tokens = Math.min(b, bucket.tokens + refill);
    bucket.at = t;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** The settings that apply to a route: its own RouteSettings over the stage's defaults. */
export function routeSettings(
  defaults: RouteSettings,
  perRoute: Record<string, RouteSettings>,
  routeKey: string,
): RouteSettings {
  return { ...defaults, ...perRoute[routeKey] };
}
