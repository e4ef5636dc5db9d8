// Who holds which access key. The account root's key comes from the configuration; execution
// roles get temporary session credentials (ASIA…) that are stored, so a function's SDK calls
// are recognised as the role after a restart too.
import { randomBytes } from 'node:crypto';
import type { LookupSecret } from '../auth/index.js';
import type { Store } from '../storage/store.js';
import type { Principal } from '../services/service.js';

export interface SecretRecord {
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  /** Epoch ms; absent for long-term keys. */
  expiresAt?: number;
}

/**
 * The key lookup signature verification needs (auth's LookupSecret), from a store of SecretRecords;
 * `onFound` learns who holds the key, the caller's principal once the signature verifies.
 */
export function signingSecrets(
  source: { lookup(accessKeyId: string): Promise<SecretRecord | undefined> },
  onFound: (principal: Principal) => void,
): LookupSecret {
  return async (accessKeyId) => {
    const record = await source.lookup(accessKeyId);
    if (!record) return undefined;
    onFound(record.principal);
    return {
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
      expiration: record.expiresAt !== undefined ? new Date(record.expiresAt) : undefined,
    };
  };
}

interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  accountId: string;
  expiresAt: number;
}

const SESSIONS = 'iam.sessions';
const ROLE_SESSIONS = 'iam.roleSessions';
/** Function credentials last 12 hours here; they are renewed an hour before they expire. */
const SESSION_MS = 12 * 3600_000;
const RENEW_MS = 3600_000;

export class Credentials {
  private readonly cache = new Map<string, RoleSession>();

  constructor(
    private readonly store: Store,
    private readonly root: { accessKeyId: string; secretAccessKey: string; accountId: string },
  ) {}

  async lookup(accessKeyId: string): Promise<SecretRecord | undefined> {
    if (accessKeyId === this.root.accessKeyId) {
      return {
        secretAccessKey: this.root.secretAccessKey,
        principal: {
          accountId: this.root.accountId,
          arn: `arn:aws:iam::${this.root.accountId}:root`,
          accessKeyId,
          isRoot: true,
        },
      };
    }
    const session = await this.store.read((tx) => tx.get<RoleSession>(SESSIONS, accessKeyId));
    if (!session || session.expiresAt < Date.now()) return undefined;
    return {
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      expiresAt: session.expiresAt,
      principal: {
        accountId: session.accountId,
        arn: assumedRoleArn(session.roleArn, 'cumulo-function'),
        accessKeyId,
        isRoot: false,
      },
    };
  }

  /** Stable temporary credentials for an execution role (reused while valid, so warm environments stay valid). */
  async forRole(
    roleArn: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
    const now = Date.now();
    const cached = this.cache.get(roleArn);
    if (cached && cached.expiresAt - RENEW_MS > now) return cached;
    const session = await this.store.write(async (tx) => {
      const existingKey = await tx.get<string>(ROLE_SESSIONS, roleArn);
      const existing = existingKey ? await tx.get<RoleSession>(SESSIONS, existingKey) : undefined;
      if (existing && existing.expiresAt - RENEW_MS > now) return existing;
      const accountId = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1] ?? this.root.accountId;
      const fresh: RoleSession = {
        accessKeyId: 'ASIA' + randomKeyId(16),
        secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
        sessionToken: randomBytes(96).toString('base64'),
        roleArn,
        accountId,
        expiresAt: now + SESSION_MS,
      };
      await tx.put(SESSIONS, fresh.accessKeyId, fresh);
      await tx.put(ROLE_SESSIONS, roleArn, fresh.accessKeyId);
      return fresh;
    });
    this.cache.set(roleArn, session);
    return session;
  }
}

/** `arn:aws:iam::123:role/path/name` → `arn:aws:sts::123:assumed-role/name/session`. */
export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) return roleArn;
  return `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/${sessionName}`;
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function randomKeyId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += KEY_CHARS[b % KEY_CHARS.length];
  return out;
}
