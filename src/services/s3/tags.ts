// Tag sets of buckets and objects, and the x-amz-tagging header (URL query form).
// Limits: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html (10 per object),
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html (50 per bucket).
import { invalidArgument, invalidTag } from './errors.js';
import type { Tag } from './storage/records.js';

export function validateTags(tags: Tag[], kind: 'object' | 'bucket'): Tag[] {
  if (kind === 'object' && tags.length > 10) throw invalidTag('Object tags cannot be greater than 10');
  if (kind === 'bucket' && tags.length > 50) throw invalidTag('Bucket tag count cannot be greater than 50');
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
    if (t.Key.length === 0 || t.Key.length > 128) throw invalidTag('The TagKey you have provided is invalid');
    if ((t.Value ?? '').length > 256) throw invalidTag('The TagValue you have provided is invalid');
    if (t.Key.startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:');
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

/** `x-amz-tagging: k1=v1&k2=v2`. */
export function parseTaggingHeader(header: string | undefined): Tag[] {
  if (header === undefined || header === '') return [];
  const tags: Tag[] = [];
  for (const part of header.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw invalidArgument(
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
          'x-amz-tagging',
          header,
        );
      }
    };
    tags.push({
      Key: decode(eq < 0 ? part : part.slice(0, eq)),
      Value: decode(eq < 0 ? '' : part.slice(eq + 1)),
    });
  }
  return validateTags(tags, 'object');
}
