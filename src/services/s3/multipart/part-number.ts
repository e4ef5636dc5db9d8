// Part numbers, in UploadPart and UploadPartCopy as in GetObject and HeadObject: 1 to 10,000.
import { invalidArgument } from '../errors.js';

export function checkPartNumber(n: unknown): number {
  const partNumber = Number(n);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      String(n),
    );
  }
  return partNumber;
}
