// Identifiers as API Gateway forms them: lowercase alphanumeric, 10 characters for an API
// ("a1b2c3d4e5"), 7 for routes and integrations, 6 for deployments, authorizers and the like.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const newApiId = (): string => newId(10);
export const newRouteId = (): string => newId(7);
export const newIntegrationId = (): string => newId(7);
export const newDeploymentId = (): string => newId(6);
export const newAuthorizerId = (): string => newId(6);
