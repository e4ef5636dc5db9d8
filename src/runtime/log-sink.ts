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
  fd: number;
  idle: NodeJS.Timeout;
}

/**
 * Appends to files, in order. Callers already batch (one write per environment per event-loop
 * turn), so each batch is one synchronous write(2) to a file kept open while it is in use: a
 * few microseconds into the page cache. The asynchronous forms cost more than the write itself
 * here — appendFile is mkdir + open + write + close on the thread pool, and even one
 * FileHandle.write wakes a pool thread that competes with the server for the CPU.
 */
export class FileLogSink implements LogSink {
  private readonly files = new Map<string, OpenFile>();
  private readonly failed = new Set<string>();

  constructor(private readonly dataDir: string) {}

  write(logGroup: string, logStream: string, lines: LogLine[]): void {
    if (lines.length === 0) return;
    const file = logStreamFile(this.dataDir, logGroup, logStream);
    let text = '';
    // The same text as JSON.stringify({ timestamp, message }), without building an object per line.
    for (const l of lines) text += `{"timestamp":${l.timestamp},"message":${JSON.stringify(l.message)}}\n`;
    try {
      fs.writeSync(this.open(file), text);
    } catch (err) {
      if (!this.failed.has(file)) console.error(`cumulo: cannot write log ${file}:`, err);
      this.failed.add(file);
    }
  }

  /** Resolves when everything written so far is on disk (writes are synchronous). */
  async flush(): Promise<void> {}

  /** Closes every open file. */
  async close(): Promise<void> {
    for (const file of [...this.files.keys()]) this.closeFile(file);
  }

  private open(file: string): number {
    const open = this.files.get(file);
    if (open) {
      open.idle.refresh();
      return open.fd;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'a');
    const idle = setTimeout(() => this.closeFile(file), IDLE_CLOSE_MS);
    idle.unref();
    this.files.set(file, { fd, idle });
    return fd;
  }

  private closeFile(file: string): void {
    const open = this.files.get(file);
    if (!open) return;
    this.files.delete(file);
    clearTimeout(open.idle);
    try {
      fs.closeSync(open.fd);
    } catch {
      // already closed
    }
  }
}
