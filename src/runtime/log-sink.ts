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

/** Appends to files; writes to one file are kept in order, and never block the caller. */
export class FileLogSink implements LogSink {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly dataDir: string) {}

  write(logGroup: string, logStream: string, lines: LogLine[]): void {
    if (lines.length === 0) return;
    const file = logStreamFile(this.dataDir, logGroup, logStream);
    const text = lines
      .map((l) => JSON.stringify({ timestamp: l.timestamp, message: l.message }) + '\n')
      .join('');
    const prev = this.queues.get(file) ?? Promise.resolve();
    const next = prev
      .then(() => fs.promises.mkdir(path.dirname(file), { recursive: true }))
      .then(() => fs.promises.appendFile(file, text))
      .catch((err: unknown) => console.error(`cumulo: cannot write log ${file}:`, err));
    this.queues.set(file, next);
    void next.then(() => {
      if (this.queues.get(file) === next) this.queues.delete(file);
    });
  }

  /** Resolves when everything written so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }
}
