// S3's general purpose bucket naming rules:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  // Lowercase letters, numbers, dots and hyphens; begins and ends with a letter or number.
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..')) return false;
  // Not formatted as an IP address; and S3 refuses labels around dots that start or end with '-'.
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return false;
  if (name.includes('.-') || name.includes('-.')) return false;
  if (PREFIXES.some((p) => name.startsWith(p))) return false;
  if (SUFFIXES.some((s) => name.endsWith(s))) return false;
  return true;
}
