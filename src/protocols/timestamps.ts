// Timestamp wire formats. Defaults per protocol and location (Smithy "timestampFormat" trait,
// https://smithy.io/2.0/spec/protocol-traits.html#timestampformat-trait):
// json/rest-json bodies use epoch seconds, XML bodies and query strings ISO 8601, headers RFC 822
// (IMF-fixdate).
export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export function formatTimestamp(value: Date | number | string, format: TimestampFormat): string | number {
  const date = toDate(value);
  switch (format) {
    case 'unixTimestamp':
      return date.getTime() / 1000;
    case 'rfc822':
      return date.toUTCString();
    case 'iso8601':
      // AWS writes milliseconds only when present ("2023-01-30T12:00:00Z" / "...00.123Z").
      return date.toISOString().replace('.000Z', 'Z');
  }
}

/** Parses a timestamp in any of the three formats; undefined when it is not one. */
export function parseTimestamp(value: string | number): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  const trimmed = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return new Date(Number(trimmed) * 1000);
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function toDate(value: Date | number | string): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  return parseTimestamp(value) ?? new Date(NaN);
}
