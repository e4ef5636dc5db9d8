// The canonical user of an account, as S3 names owners (a 64-hex-digit id) in listings and ACLs.
import { createHash } from 'node:crypto';

export function owner(accountId: string): { ID: string; DisplayName: string } {
  return { ID: createHash('sha256').update(`cumulo:${accountId}`).digest('hex'), DisplayName: 'webfile' };
}
