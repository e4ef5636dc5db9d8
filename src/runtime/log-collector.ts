// Turns an environment's stdout/stderr into log lines: one line per newline-terminated chunk
// (the runtimes write multi-line messages with \r in place of \n, as AWS's do, so they stay one
// event). Lines go to the sink in small batches, and to the tail of the invocation in progress.
import type { LogLine, LogSink } from './log-sink.js';

/** What X-Amz-Log-Result carries: the last 4 KB of the invocation's log. */
export const TAIL_BYTES = 4096;

export class InvocationTail {
  private chunks: Buffer[] = [];
  private size = 0;

  add(message: string): void {
    const buf = Buffer.from(message + '\n');
    this.chunks.push(buf);
    this.size += buf.length;
    // Keep a little more than needed; trimming on every line would be wasteful.
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= TAIL_BYTES) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** The last 4 KB, cut at a character boundary. */
  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > TAIL_BYTES) buf = buf.subarray(buf.length - TAIL_BYTES);
    let start = 0;
    while (start < buf.length && ((buf[start] ?? 0) & 0xc0) === 0x80) start++; // UTF-8 continuation bytes
    return buf.subarray(start).toString('utf8');
  }
}

/** How long a line that may wait stays unwritten at most. */
const LATE_MS = 100;
/** The least time between two writes of one environment's log. */
const MIN_INTERVAL_MS = 20;

export class LogCollector {
  private pending: LogLine[] = [];
  /** When the pending lines will be written, if that is scheduled. */
  private dueAt: number | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = 0;
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  tail: InvocationTail | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly logGroup: string,
    private readonly logStream: string,
  ) {}

  /** Raw output of the process. */
  data(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = this.partial[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** Emits whatever is left without a trailing newline (end of an invocation, or of the process). */
  flushPartial(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        this.line(this.partial[stream]);
        this.partial[stream] = '';
      }
    }
  }

  /**
   * A line of the environment's log: from the function, or the platform's START/END/REPORT. It
   * reaches the sink at the end of this event-loop turn, but no sooner than MIN_INTERVAL_MS after
   * the last write, so that a busy environment writes a batch of invocations at a time; a line
   * that may wait (START: the invocation's own lines or its END usually follow within
   * milliseconds) goes with whatever comes next, at the latest after LATE_MS.
   */
  line(message: string, mayWait = false): void {
    this.pending.push({ timestamp: Date.now(), message });
    this.tail?.add(message);
    this.schedule(mayWait ? LATE_MS : Math.max(0, this.lastWrite + MIN_INTERVAL_MS - Date.now()));
  }

  /** Flushes in delayMs, unless a flush is already due sooner. */
  private schedule(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.dueAt !== undefined && this.dueAt <= due) return;
    this.cancel();
    this.dueAt = due;
    if (delayMs === 0) {
      this.immediate = setImmediate(() => this.flush());
    } else {
      this.timer = setTimeout(() => this.flush(), delayMs);
      this.timer.unref();
    }
  }

  private cancel(): void {
    clearImmediate(this.immediate);
    clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    this.dueAt = undefined;
  }

  /** Writes what is pending now. */
  flush(): void {
    this.cancel();
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.lastWrite = Date.now();
    this.sink.write(this.logGroup, this.logStream, lines);
  }
}
