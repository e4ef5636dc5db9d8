// How deeply user JSON may nest before it is refused. Definitions and request bodies are walked
// recursively (schemas become models, bodies are validated against them); JSON nested thousands of
// levels deep would exhaust the stack. API Gateway reads JSON with Jackson, whose default limit
// (StreamReadConstraints, maxNestingDepth) is 1000 levels.

export const MAX_JSON_DEPTH = 1000;

/** Whether `value` nests more than `limit` levels of objects and arrays (walked without recursion). */
export function nestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
