// Percent-decoding of URL parts that a client may have malformed (`%ff`, `a%2`): a part that does not
// decode stays as sent, so it names nothing rather than failing the request.

/** decodeURIComponent that leaves a malformed escape as it is instead of throwing. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
