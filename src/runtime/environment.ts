// An execution environment: one runtime process, its Runtime API endpoint, its /tmp and its log
// stream. It runs one invocation at a time; the platform's side of the Runtime API lives here.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import type { EnvironmentSpec, InvocationRequest, InvocationResult } from './types.js';
import type { RuntimeFamily } from './runtime-family.js';
import { buildFunctionEnv, logStreamName } from './function-env.js';
import { findCustomBootstrap } from './launcher.js';
import { LogCollector } from './log-collector.js';
import { Invocation, platformFailure, type Outcome } from './invocation.js';
import { killTree } from './process-tree.js';
import { TmpUsage } from './tmp-usage.js';
import { MemoryWatch } from './memory-watch.js';
import * as msg from './platform-messages.js';
import { enospc, errnoText, initErrorType, initReport } from './environment-errors.js';
import * as api from './runtime-api-server.js';
import type { RuntimeContext } from './runtime-context.js';

/** Lambda's limit on the Init phase; past it, init continues inside the invocation's own timeout. */
const INIT_LIMIT_MS = 10_000;
const MB = 1024 * 1024;

type State = 'initializing' | 'ready' | 'busy' | 'dead';

interface FinishOptions {
  /** The environment cannot be reused (killed, exited, failed init). */
  dead?: boolean;
  /** Platform lines written after REPORT (the timeout and exit messages). */
  afterReport?: string[];
}

export class Environment implements api.RuntimeApiHandler {
  state: State = 'initializing';
  /** Stop as soon as the invocation in progress ends (the configuration changed). */
  retired = false;
  readonly id = randomBytes(16).toString('hex');
  readonly tmpDir: string;
  readonly logStream: string;
  onStopped?: () => void;
  /** Called each time an invocation ends and the environment is idle again. */
  onReady?: () => void;
  /** Called once when an environment started without an invocation has run its init (provisioned). */
  onInitialized?: () => void;

  private child: ChildProcess | undefined;
  private endpoint: api.RuntimeApiEndpoint | undefined;
  private readonly collector: LogCollector;
  private readonly memory: MemoryWatch;
  private readonly tmpUsage: TmpUsage;
  private pendingNext: api.RuntimeReply | undefined;
  /** A 202 held back until the next event goes out (see accept). */
  private deferredAccept: api.RuntimeReply | undefined;
  private current: Invocation | undefined;
  private finishing = false;
  /** The runtime answered and has not asked for the next event yet (the platform's ResponseSent state). */
  private responseSent = false;
  private exited = false;
  private killed = false;
  /** Why the process could not start (provided.* without a usable bootstrap): AWS's Runtime.InvalidEntrypoint. */
  private startFailure: string | undefined;
  private initStart = performance.now();
  private initDurationMs: number | undefined;
  private initReported = false;
  private timer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private outputClosed: Promise<void> = Promise.resolve();
  private gone: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: EnvironmentSpec,
    readonly family: RuntimeFamily,
    private readonly ctx: RuntimeContext,
    /** Provisioned concurrency: initialized ahead of invocations and kept without an idle timeout. */
    readonly provisioned = false,
  ) {
    this.tmpDir = path.join(ctx.envsDir, this.id);
    this.logStream = logStreamName(spec.version, new Date(), this.id);
    this.collector = new LogCollector(ctx.sink, spec.logGroupName, this.logStream);
    this.tmpUsage = new TmpUsage(this.tmpDir);
    this.memory = new MemoryWatch(spec.memorySize * MB, () => this.onOutOfMemory());
  }

  get pid(): number | undefined {
    return this.exited ? undefined : this.child?.pid;
  }

  /** The process could not be started (a provided.* function without a usable bootstrap). */
  get startFailed(): boolean {
    return this.startFailure !== undefined;
  }

  /** Creates the /tmp and the endpoint, and starts (or assigns) the runtime process. */
  async start(): Promise<void> {
    // Synchronous: creating a directory costs the same kernel time (~0.6 ms here) either way, and the
    // promise form adds a thread-pool round trip to the cold start's path.
    fs.mkdirSync(this.tmpDir, { recursive: true });
    this.endpoint = await this.ctx.api.listen(this);
    const place = {
      runtimeApi: this.endpoint.address,
      runtimeApiSocket: this.endpoint.socketPath,
      tmpDir: this.tmpDir,
      logStreamName: this.logStream,
    };
    const initType = this.provisioned ? 'provisioned-concurrency' : 'on-demand';
    const env = buildFunctionEnv(this.spec, this.family, place, this.ctx.hostPaths(this.family), initType);
    const assignment = { env, cwd: this.spec.codeDir };
    this.initStart = performance.now();
    if (this.family === 'provided') {
      const found = findCustomBootstrap(this.spec.codeDir, this.spec.layerDirs);
      if (!found.path) {
        this.startFailure = `Couldn't find valid bootstrap(s): [${found.candidates.join(' ')}]`;
        return;
      }
      this.attach(this.ctx.launcher.spawnDirect('provided', assignment, found.path), found.path);
      return;
    }
    const pooled = this.ctx.pool.take(this.family);
    if (pooled) {
      this.attach(pooled);
      this.ctx.launcher.assign(pooled, assignment);
    } else {
      this.attach(this.ctx.launcher.spawnDirect(this.family, assignment));
    }
  }

  private attach(child: ChildProcess, entrypoint?: string): void {
    this.child = child;
    const closed = (s: NodeJS.ReadableStream | null) =>
      new Promise<void>((resolve) => (s ? s.once('close', () => resolve()) : resolve()));
    this.outputClosed = Promise.all([closed(child.stdout), closed(child.stderr)]).then(() => undefined);
    this.gone = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    child.stdout?.on('data', (c: Buffer) => this.collector.data('stdout', c));
    child.stderr?.on('data', (c: Buffer) => this.collector.data('stderr', c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      // spawn failed: AWS reports `fork/exec /var/task/bootstrap: permission denied`.
      this.startFailure = `fork/exec ${entrypoint ?? ''}: ${errnoText(err)}`;
      this.exited = true;
      if (this.current && !this.current.settled) this.failStart(this.current);
      else if (!this.current) void this.stop();
    });
    child.on('exit', (code, signal) => void this.onExit(code, signal));
  }

  invoke(request: InvocationRequest): Promise<InvocationResult> {
    clearTimeout(this.idleTimer);
    this.state = 'busy';
    const inv = new Invocation(request, this.spec.timeout);
    this.current = inv;
    this.finishing = false;
    this.collector.tail = inv.tail;
    if (this.startFailure) {
      this.failStart(inv);
      return inv.promise;
    }
    this.memory.start(this.child?.pid);
    if (this.pendingNext) this.dispatch(inv);
    else this.timer = setTimeout(() => this.onTimeout(inv), this.spec.timeout * 1000 + INIT_LIMIT_MS);
    return inv.promise;
  }

  private dispatch(inv: Invocation): void {
    const res = this.pendingNext as api.RuntimeReply;
    this.pendingNext = undefined;
    this.flushAccepted();
    clearTimeout(this.timer);
    const headers = inv.dispatch();
    this.collector.line(msg.startLine(inv.requestId, this.spec.version), true);
    res.send(200, headers, inv.request.payload);
    this.timer = setTimeout(() => this.onTimeout(inv), this.spec.timeout * 1000);
  }

  // ---- Runtime API ------------------------------------------------------------------------

  next(_req: api.RuntimeRequest, res: api.RuntimeReply): void {
    if (this.state === 'dead') return void res.destroy();
    // A runtime that pipelines asks for the next event right behind its answer, before that answer
    // has been read: the invocation is still running here, but it has been answered.
    const answered = this.responseSent;
    this.responseSent = false;
    if (this.initDurationMs === undefined) this.initDurationMs = performance.now() - this.initStart;
    const inv = this.current;
    if (inv && inv.dispatchedAt !== undefined && !inv.settled && !this.finishing && !answered) {
      return api.sendInvalidState(res, 'Running', 'Ready');
    }
    this.pendingNext?.destroy();
    this.pendingNext = res;
    if (inv && !inv.settled && inv.dispatchedAt === undefined) this.dispatch(inv);
    else if (this.state === 'initializing') this.initialized();
  }

  /**
   * Init ran ahead of any invocation (provisioned concurrency): as on AWS, no invocation's REPORT
   * line carries its Init Duration, and the environment waits for invocations.
   */
  private initialized(): void {
    this.state = 'ready';
    this.initReported = true;
    this.onInitialized?.();
    this.onReady?.();
  }

  async invocationResponse(id: string, req: api.RuntimeRequest, res: api.RuntimeReply): Promise<void> {
    const inv = this.activeFor(id, req, res, 'InvocationResponse');
    if (!inv) return;
    if (api.isStreamedResponse(req)) return this.streamedResponse(inv, req, res);
    const { body, size } = await req.body(msg.MAX_RESPONSE_BYTES);
    if (size > msg.MAX_RESPONSE_BYTES) {
      api.sendJson(res, 413, {
        errorMessage: `Exceeded maximum allowed payload size (${msg.MAX_RESPONSE_BYTES} bytes).`,
        errorType: 'RequestEntityTooLarge',
      });
      const err = {
        errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${msg.MAX_RESPONSE_BYTES} bytes).`,
        errorType: 'Function.ResponseSizeTooLarge',
      };
      return this.finish(inv, { payload: Buffer.from(JSON.stringify(err)), functionError: 'Unhandled' });
    }
    this.accept(res);
    await this.finish(inv, { payload: body });
  }

  /**
   * Answers a /response or /error with 202. When the runtime has already asked for the next event
   * on the same connection (it pipelines), the 202 waits for that event, and both reach the runtime
   * together: one wake-up of its process instead of two. Such a runtime is not waiting for the 202.
   */
  private accept(res: api.RuntimeReply): void {
    if (this.pendingNext?.connection === res.connection) {
      this.flushAccepted();
      this.deferredAccept = res;
    } else {
      api.sendAccepted(res);
    }
  }

  private flushAccepted(): void {
    if (this.deferredAccept) api.sendAccepted(this.deferredAccept);
    this.deferredAccept = undefined;
  }

  /** A streamed answer: passed on as it arrives; an error in its trailers fails the invocation. */
  private async streamedResponse(
    inv: Invocation,
    req: api.RuntimeRequest,
    res: api.RuntimeReply,
  ): Promise<void> {
    let streamed;
    try {
      streamed = await api.readStreamedResponse(req, msg.MAX_RESPONSE_BYTES, inv.request.onResponseStream);
    } catch {
      return; // the runtime went away mid-stream: its exit or the timeout ends the invocation
    }
    api.sendAccepted(res);
    inv.streamContentType = streamed.contentType;
    if (streamed.errorType) {
      const payload =
        streamed.errorBody ??
        Buffer.from(JSON.stringify({ errorType: streamed.errorType, errorMessage: '' }));
      return this.finish(inv, { payload, functionError: 'Unhandled' });
    }
    await this.finish(inv, { payload: streamed.body });
  }

  async invocationError(id: string, req: api.RuntimeRequest, res: api.RuntimeReply): Promise<void> {
    const inv = this.activeFor(id, req, res, 'InvocationErrorResponse');
    if (!inv) return;
    const { body } = await req.body(msg.MAX_RESPONSE_BYTES);
    this.accept(res);
    await this.finish(inv, { payload: body, functionError: 'Unhandled' });
  }

  async initError(req: api.RuntimeRequest, res: api.RuntimeReply): Promise<void> {
    const { body } = await req.body(msg.MAX_RESPONSE_BYTES);
    api.sendAccepted(res);
    const errorType = initErrorType(req, body);
    this.collector.line(initReport(performance.now() - this.initStart, errorType));
    this.initReported = true;
    const inv = this.current;
    this.kill();
    if (inv && !inv.settled && !this.finishing) {
      await this.finish(
        inv,
        { payload: body, functionError: 'Unhandled', status: 'error', errorType },
        { dead: true },
      );
    } else if (!inv) {
      await this.stop();
    }
  }

  /** The invocation a /response or /error names, or undefined after answering the runtime. */
  private activeFor(
    id: string,
    req: api.RuntimeRequest,
    res: api.RuntimeReply,
    to: string,
  ): Invocation | undefined {
    const inv = this.current;
    if (!this.responseSent && inv && inv.dispatchedAt !== undefined && inv.requestId === id && !inv.settled) {
      this.responseSent = true;
      return inv;
    }
    req.discard();
    if (this.responseSent) api.sendInvalidState(res, 'RuntimeResponseSentState', to);
    else api.sendInvalidRequestId(res);
    return undefined;
  }

  // ---- endings ----------------------------------------------------------------------------

  private onTimeout(inv: Invocation): void {
    if (inv.settled || this.finishing) return;
    this.kill();
    const err = msg.platformError('Sandbox.Timedout', inv.requestId, msg.timeoutReason(this.spec.timeout));
    const line = msg.timeoutLogLine(new Date(), inv.requestId, this.spec.timeout);
    void this.finish(inv, platformFailure(err, 'timeout'), { dead: true, afterReport: [line] });
  }

  private onOutOfMemory(): void {
    const inv = this.current;
    if (!inv || inv.settled || this.finishing) return;
    this.kill();
    const err = msg.platformError('Runtime.OutOfMemory', inv.requestId, msg.exitReason(null, 'SIGKILL'));
    void this.finish(inv, platformFailure(err), { dead: true, afterReport: [msg.exitLogLine(err)] });
  }

  private async onExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    this.exited = true;
    this.pendingNext?.destroy();
    this.pendingNext = undefined;
    if (this.killed) return;
    const inv = this.current;
    if (!inv || inv.settled || this.finishing) {
      if (!inv || inv.settled) await this.stop();
      return;
    }
    this.finishing = true; // claim the invocation before waiting for the last output
    await Promise.race([this.outputClosed, new Promise((r) => setTimeout(r, 200))]);
    const err = msg.platformError('Runtime.ExitError', inv.requestId, msg.exitReason(code, signal));
    if (inv.dispatchedAt === undefined)
      this.collector.line(initReport(performance.now() - this.initStart, err.errorType));
    this.finishing = false;
    await this.finish(inv, platformFailure(err), { dead: true, afterReport: [msg.exitLogLine(err)] });
  }

  private failStart(inv: Invocation): void {
    const err = msg.platformError('Runtime.InvalidEntrypoint', inv.requestId, this.startFailure ?? '');
    this.collector.line(initReport(0, err.errorType));
    void this.finish(inv, platformFailure(err), { dead: true });
  }

  /** Writes END/REPORT, resolves the invocation, and makes the environment ready (or stops it). */
  private async finish(inv: Invocation, outcome: Outcome, opts: FinishOptions = {}): Promise<void> {
    if (this.finishing || inv.settled) return;
    this.finishing = true;
    clearTimeout(this.timer);
    const durationMs = inv.durationMs();
    let dead = opts.dead ?? false;
    // Output written before the runtime answered may still sit in the pipes.
    await tick();
    await tick();
    const maxRss = this.memory.stop();
    this.collector.flushPartial();
    if (!dead && !outcome.functionError && (await this.tmpUsage.bytes()) > this.spec.ephemeralStorage * MB) {
      // Lambda's /tmp is a file system of EphemeralStorage size: a write past it fails with ENOSPC.
      outcome = { ...platformFailure(enospc()), errorType: undefined };
      dead = true;
    }
    if (inv.dispatchedAt === undefined) this.collector.line(msg.startLine(inv.requestId, this.spec.version));
    const initDurationMs =
      !this.initReported && inv.dispatchedAt !== undefined ? this.initDurationMs : undefined;
    this.initReported = true;
    this.collector.line(msg.endLine(inv.requestId));
    this.collector.line(
      msg.reportLine({
        requestId: inv.requestId,
        durationMs,
        memorySizeMb: this.spec.memorySize,
        maxMemoryUsedMb: Math.min(this.spec.memorySize, Math.round(maxRss / MB)),
        initDurationMs,
        status: outcome.status,
        errorType: outcome.errorType,
      }),
    );
    for (const line of opts.afterReport ?? []) this.collector.line(line);
    inv.resolve({
      payload: outcome.payload,
      functionError: outcome.functionError,
      logTail: inv.tail?.text(),
      durationMs,
      initDurationMs,
      ...(inv.streamContentType !== undefined ? { streamContentType: inv.streamContentType } : {}),
    });
    this.collector.tail = undefined;
    this.current = undefined;
    this.finishing = false;
    if (dead || this.retired || this.exited) return this.stop();
    this.state = 'ready';
    // Provisioned environments stay until their configuration is removed, idle or not.
    if (!this.provisioned) {
      this.idleTimer = setTimeout(() => void this.stop(), this.ctx.idleTimeoutMs);
      this.idleTimer.unref();
    }
    this.onReady?.();
  }

  private kill(): void {
    this.killed = true;
    this.memory.cancel();
    if (this.child?.pid && !this.exited) killTree(this.child.pid);
  }

  /** Stops the process, closes the endpoint, removes the /tmp. Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'dead') return;
    this.state = 'dead';
    clearTimeout(this.timer);
    clearTimeout(this.idleTimer);
    this.kill();
    this.memory.dispose();
    this.flushAccepted();
    this.pendingNext?.destroy();
    this.endpoint?.close();
    this.collector.flushPartial();
    this.collector.flush();
    this.current?.reject(new Error('execution environment stopped'));
    // Resolve once the process is really gone (reaped), within reason.
    await Promise.race([this.gone, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.onStopped?.();
    await fs.promises.rm(this.tmpDir, { recursive: true, force: true });
  }
}
