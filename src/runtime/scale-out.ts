// When a request that finds no idle environment should wait for a busy one instead of starting
// another. AWS runs one invocation per environment and starts a new environment for a request
// that finds none free, at up to 1,000 new environments every 10 seconds per function
// (https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html). A new environment costs a
// cold start and a process; when a function's invocations take far less than a cold start, a
// request is served sooner by the next environment to become free — and 64 simultaneous requests
// for a 2 ms function would otherwise start 64 processes on a machine with two cores.
//
// The rule, for a request that finds every environment of its configuration busy:
// 1. fewer environments than CPU cores, or no measurements yet: start an environment, as on AWS;
// 2. otherwise wait when the expected wait — the recent warm invocation time × (requests already
//    waiting + 1) / environments — is below that extra cold-start cost;
// 3. or when the CPUs are saturated — less than one core's worth idle: more processes cannot add
//    throughput, and starting one takes CPU from the others — or when an environment of the
//    configuration is already starting (it takes a waiting request as soon as it is up: one start
//    at a time, like AWS's own rate);
// 4. else start one.
// A waiting request gets the first environment to become free; the wait is bounded (WAIT_BOUND
// times the cold-start cost, at least MIN_WAIT_BOUND_MS), after which it starts its own — unless
// one is starting already, so past one environment per core they start one at a time.

/** Weight of the newest sample in the moving averages. */
const ALPHA = 0.2;
/** A waiting request starts its own environment after this many times the cold-start cost… */
const WAIT_BOUND = 3;
/** …or after this long, whichever is longer (under saturation queueing is the whole latency). */
const MIN_WAIT_BOUND_MS = 1000;

interface Timings {
  /** Moving average of warm invocations (an idle environment was reused), ms. */
  warmMs?: number;
  /** Moving average of invocations that started their environment, ms. */
  coldMs?: number;
}

interface Waiter<E> {
  resolve(env: E | undefined): void;
  timer: NodeJS.Timeout;
}

export class ScaleOut<E> {
  private readonly timings = new Map<string, Timings>();
  /** Cold starts of any configuration, for one that has only run warm (e.g. after a restart of its environments). */
  private anyColdMs: number | undefined;
  private readonly waiters = new Map<string, Array<Waiter<E>>>();

  /** Records how long an invocation took, from taking its environment to its result. */
  record(configKey: string, cold: boolean, ms: number): void {
    const t = this.timings.get(configKey) ?? {};
    if (cold) {
      t.coldMs = average(t.coldMs, ms);
      this.anyColdMs = average(this.anyColdMs, ms);
    } else {
      t.warmMs = average(t.warmMs, ms);
    }
    this.timings.set(configKey, t);
  }

  /**
   * @param eagerEnvironments up to this many environments per configuration start without any
   *   wait (as on AWS): with fewer than one per CPU core, a queue leaves cores idle.
   * @param idleShare the machine's recent idle CPU share (0 to 1)
   * @param saturatedBelow below this idle share the machine counts as saturated: another process
   *   is only worth starting when a whole core is idle for it (1 / cores)
   */
  constructor(
    readonly eagerEnvironments: number,
    private readonly idleShare: () => number,
    private readonly saturatedBelow = 1 / eagerEnvironments,
  ) {}

  /**
   * How long (ms) a request may wait for a busy environment; 0 to start a new one at once.
   * @param environments the configuration's environments (none of them idle)
   * @param starting how many of them are starting beyond the eager ones
   */
  waitBudget(configKey: string, environments: number, starting: number): number {
    const t = this.timings.get(configKey);
    const coldMs = t?.coldMs ?? this.anyColdMs;
    if (t?.warmMs === undefined || coldMs === undefined || environments < this.eagerEnvironments) return 0;
    // A slow function (warm about as long as a cold start) never expects a short wait below, but
    // is still held to one start at a time on a saturated machine: exempting it let contention,
    // which slows warm invocations, turn a fast function into a "slow" one and start a process
    // per request.
    const extra = coldMs - t.warmMs;
    const bound = Math.max(WAIT_BOUND * coldMs, MIN_WAIT_BOUND_MS);
    const waiting = this.waiters.get(configKey)?.length ?? 0;
    if ((t.warmMs * (waiting + 1)) / environments < extra) return bound;
    if (starting > 0 || this.idleShare() < this.saturatedBelow) return bound;
    return 0;
  }

  /**
   * Waits for an environment of the configuration; undefined: start one. Past boundMs the request
   * starts its own if `claimStart()` lets it (no other environment of it is starting; the claim
   * counts it as starting at once), else it keeps its place in the queue for another bound. So on
   * a saturated machine, where every wait runs long, timed-out requests add one environment at a
   * time instead of one each — a burst of starts would only take CPU from those serving.
   */
  wait(configKey: string, boundMs: number, claimStart: () => boolean = () => true): Promise<E | undefined> {
    return new Promise((resolve) => {
      const list = this.waiters.get(configKey) ?? [];
      this.waiters.set(configKey, list);
      const expire = (): void => {
        if (!claimStart()) {
          waiter.timer = setTimeout(expire, Math.ceil(boundMs));
          return;
        }
        this.remove(configKey, waiter);
        resolve(undefined);
      };
      const waiter: Waiter<E> = { resolve, timer: setTimeout(expire, Math.ceil(boundMs)) };
      list.push(waiter);
    });
  }

  /** Hands an environment that just became free to the longest waiting request; true when taken. */
  offer(configKey: string, env: E): boolean {
    const waiter = this.waiters.get(configKey)?.[0];
    if (!waiter) return false;
    this.remove(configKey, waiter);
    clearTimeout(waiter.timer);
    waiter.resolve(env);
    return true;
  }

  /** An environment of the configuration stopped: the longest waiting request starts its own. */
  lost(configKey: string): void {
    const waiter = this.waiters.get(configKey)?.[0];
    if (!waiter) return;
    this.remove(configKey, waiter);
    clearTimeout(waiter.timer);
    waiter.resolve(undefined);
  }

  /** Every waiting request starts its own environment (or fails, when the runtime is closing). */
  releaseAll(): void {
    for (const key of [...this.waiters.keys()]) while (this.waiters.get(key)?.length) this.lost(key);
  }

  private remove(configKey: string, waiter: Waiter<E>): void {
    const list = this.waiters.get(configKey);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(configKey);
  }
}

/**
 * Moving average; one sample moves it at most to twice its value, so a single stall (a garbage
 * collection, a descheduled process) does not make a fast function look slow, while a function
 * that really turned slow still gets there within a few invocations.
 */
function average(previous: number | undefined, sample: number): number {
  if (previous === undefined) return sample;
  return previous + ALPHA * (Math.min(sample, 2 * previous) - previous);
}
