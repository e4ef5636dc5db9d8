// The Range header of GetObject / HeadObject. S3 serves one byte range: `bytes=a-b`, `bytes=a-`,
// `bytes=-n` (the last n bytes). A header it cannot parse, or several ranges, is ignored and the
// whole object is returned; a range that starts past the end is 416 InvalidRange
// (https://www.rfc-editor.org/rfc/rfc9110#section-14.2, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).

export type RangeResult =
  { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'none' };
  const m = /^\s*bytes=(\d*)-(\d*)\s*$/.exec(header);
  if (!m) return { kind: 'none' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'none' };
  if (a === '') {
    const n = Number(b);
    if (n === 0) return { kind: 'unsatisfiable' };
    return size === 0
      ? { kind: 'unsatisfiable' }
      : { kind: 'range', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  let end = b === '' ? size - 1 : Number(b);
  if (b !== '' && end < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end >= size) end = size - 1;
  return { kind: 'range', start, end };
}
