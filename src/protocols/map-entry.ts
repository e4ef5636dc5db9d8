// Map shapes (tags, environment variables, metadata, stage variables…) carry keys that clients choose.
// Assigning `map[key] = value` to a plain object makes the key `__proto__` set the object's prototype
// instead of an entry, so the entry was silently dropped; defining the property keeps every key as data.

/** Sets `key` on `map` as an own, enumerable data property, whatever the key. */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}
