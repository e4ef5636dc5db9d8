// Where the lines of every execution environment go: one log group per function, one log stream
// per environment, as in CloudWatch Logs. The default sink appends JSON lines
// ({"timestamp":ms,"message":"…"}) to <dataDir>/logs/<group>/<stream>, names URI-encoded so a group
// like /aws/lambda/fn and a stream like 2024/01/01/[$LATEST]abc are one directory and one file.
import fs from 'node:fs';
import path from 'node:path';

export interface LogLine {
  timestamp: number;
  message: string;
}

export interface LogSink {
  write(logGroup: string, logStream: string, lines: LogLine[]): void;
}

export function logGroupDir(dataDir: string, logGroup: string): string {
  return path.join(dataDir, 'logs', encodeURIComponent(logGroup));
}

export function logStreamFile(dataDir: string, logGroup: string, logStream: string): string {
  return path.join(logGroupDir(dataDir, logGroup), encodeURIComponent(logStream));
}

/** How long a log file stays open after its last write (an environment writes every invocation). */
const IDLE_CLOSE_MS = 5000;

interface OpenFile {
  handle?: fs.promises.FileHandle;
  /** Text waiting for the write in progress to finish; written in one go. */
  pending: string;
  /** The drain in progress (open + writes), undefined when idle. */
  draining?: Promise<void>;
  idle?: NodeJS.Timeout;
}

/**
 * Appends to files; writes to one file are kept in order, and never block the caller. A file
 * stays open while it is being written to, and lines that arrive while a write is in progress
 * go out together with the next one: a warm invocation's START, END and REPORT cost one write
 * system call, not a mkdir, open, write and close each.
 */
export class FileLogSink implements LogSink {
  private readonly files = new Map<string, OpenFile>();

  constructor(private readonly dataDir: string) {}

  write(logGroup: string, logStream: string, lines: LogLine[]): void {
    if (lines.length === 0) return;
    const file = logStreamFile(this.dataDir, logGroup, logStream);
    let text = '';
    for (const l of lines) text += JSON.stringify({ timestamp: l.timestamp, message: l.message }) + '\n';
    let state = this.files.get(file);
    if (!state) {
      state = { pending: '' };
      this.files.set(file, state);
    }
    state.pending += text;
    clearTimeout(state.idle);
    state.draining ??= this.drain(file, state);
  }

  /** Resolves when everything written so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.files.values()].map((s) => s.draining));
  }

  /** Closes every file (after writing what is pending). */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all([...this.files.keys()].map((f) => this.closeFile(f)));
  }

  private async drain(file: string, state: OpenFile): Promise<void> {
    try {
      if (!state.handle) {
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        state.handle = await fs.promises.open(file, 'a');
      }
      while (state.pending) {
        const text = state.pending;
        state.pending = '';
        await state.handle.write(text);
      }
    } catch (err) {
      console.error(`cumulo: cannot write log ${file}:`, err);
      state.pending = '';
    } finally {
      state.draining = undefined;
    }
    state.idle = setTimeout(() => void this.closeFile(file), IDLE_CLOSE_MS);
    state.idle.unref();
  }

  private async closeFile(file: string): Promise<void> {
    const state = this.files.get(file);
    if (!state || state.draining) return;
    this.files.delete(file);
    clearTimeout(state.idle);
    await state.handle?.close().catch(() => undefined);
  }
}
