// Server configuration: command-line flags win over environment variables, which win over defaults.
import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** fsync every commit (power-loss durability) instead of relying on the WAL in the OS cache. */
  durable: boolean;
  /** Pre-started runtime processes per runtime family. */
  poolSize: number;
  /** Idle execution environments stop after this long. */
  idleTimeoutMs: number;
  /** Multiplies the async-invocation retry delays (1 = AWS's; smaller for local testing). */
  retryDelayScale: number;
  /** Lambda's account code storage quota in bytes (AWS's default 75 GB; smaller for testing). */
  codeStorageLimit: number;
  /** A request body that sends nothing for this long is given up (S3's 20 s; smaller for testing). */
  bodyIdleTimeoutMs: number;
}

export const DEFAULT_ACCESS_KEY_ID = 'test';
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

const FLAGS: Record<string, keyof Config> = {
  host: 'host',
  port: 'port',
  'data-dir': 'dataDir',
  region: 'region',
  'account-id': 'accountId',
  'access-key-id': 'accessKeyId',
  'secret-access-key': 'secretAccessKey',
  durable: 'durable',
  'pool-size': 'poolSize',
  'idle-timeout-ms': 'idleTimeoutMs',
  'retry-delay-scale': 'retryDelayScale',
  'code-storage-limit': 'codeStorageLimit',
  'body-idle-timeout-ms': 'bodyIdleTimeoutMs',
};

export function defaultConfig(): Config {
  return {
    host: '127.0.0.1',
    port: 4566,
    dataDir: path.resolve('.cumulo'),
    region: 'us-east-1',
    accountId: '000000000000',
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    durable: false,
    poolSize: 2,
    idleTimeoutMs: 300_000,
    retryDelayScale: 1,
    codeStorageLimit: 80_530_636_800,
    bodyIdleTimeoutMs: 20_000,
  };
}

/** Reads `--flag value` / `--flag=value` arguments and CUMULO_* environment variables. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const config = defaultConfig();
  const set = (key: keyof Config, raw: string): void => {
    const current = config[key];
    const value =
      typeof current === 'number' ? Number(raw) : typeof current === 'boolean' ? raw !== 'false' : raw;
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`invalid number for ${key}: ${raw}`);
    (config as unknown as Record<string, unknown>)[key] = value;
  };
  for (const [flag, key] of Object.entries(FLAGS)) {
    const envName = `CUMULO_${flag.toUpperCase().replaceAll('-', '_')}`;
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') set(key, fromEnv);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = FLAGS[name];
    if (!key) throw new Error(`unknown option --${name}`);
    const isBool = typeof config[key] === 'boolean';
    const value = inline ?? (isBool && !argv[i + 1]?.match(/^(true|false)$/) ? 'true' : argv[++i]);
    if (value === undefined) throw new Error(`--${name} needs a value`);
    set(key, value);
  }
  config.dataDir = path.resolve(config.dataDir);
  validateConfig(config);
  return config;
}

function validateConfig(config: Config): void {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error(`invalid port: ${config.port}`);
  }
  if (!/^\d{12}$/.test(config.accountId)) throw new Error('the account id must be 12 digits');
  const defaults =
    config.accessKeyId === DEFAULT_ACCESS_KEY_ID || config.secretAccessKey === DEFAULT_SECRET_ACCESS_KEY;
  if (defaults && !isLoopback(config.host)) {
    throw new Error(
      `refusing to listen on ${config.host} with the default credentials: set --access-key-id and ` +
        '--secret-access-key (or CUMULO_ACCESS_KEY_ID / CUMULO_SECRET_ACCESS_KEY) first',
    );
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
