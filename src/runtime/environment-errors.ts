// Small pieces of the platform's error reporting that the environment needs.
import type { RuntimeRequest } from './runtime-api-connection.js';

/** Go's wording of an exec failure, as the platform prints it (`fork/exec …: permission denied`). */
export function errnoText(err: NodeJS.ErrnoException): string {
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'ENOEXEC') return 'exec format error';
  return err.message;
}

/**
 * What a function sees when it fills Lambda's /tmp (a file system of EphemeralStorage size). Cumulo's
 * /tmp is a plain directory, measured when the invocation ends, so the error comes then.
 */
export function enospc(): { errorType: string; errorMessage: string } {
  return { errorType: 'Error', errorMessage: 'ENOSPC: no space left on device, write' };
}

/** The error type of an /init/error: its header, else the document's errorType. */
export function initErrorType(req: RuntimeRequest, body: Buffer): string {
  const header = req.headers['lambda-runtime-function-error-type'];
  if (typeof header === 'string' && header) return header;
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errorType?: unknown };
    if (typeof doc.errorType === 'string') return doc.errorType;
  } catch {
    // not JSON: the platform still fails the init
  }
  return 'Runtime.Unknown';
}

/** `INIT_REPORT Init Duration: 12.34 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError` */
export function initReport(durationMs: number, errorType: string): string {
  return `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`;
}
