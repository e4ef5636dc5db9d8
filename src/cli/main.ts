#!/usr/bin/env node
// `cumulo start [--host 127.0.0.1] [--port 4566] [--data-dir ./.cumulo] [--region us-east-1] …`
import { loadConfig } from '../config.js';
import { startCumulo } from '../app.js';

const USAGE = `usage: cumulo start [--host 127.0.0.1] [--port 4566] [--data-dir ./.cumulo] [--region us-east-1]
                    [--account-id 000000000000] [--access-key-id test] [--secret-access-key test]
                    [--durable] [--pool-size 2] [--idle-timeout-ms 300000] [--retry-delay-scale 1]
Every option can also be set as an environment variable: CUMULO_PORT, CUMULO_DATA_DIR, …`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'start') {
    process.stderr.write(USAGE + '\n');
    process.exit(command === undefined || command === '--help' || command === 'help' ? 0 : 2);
  }
  let config;
  try {
    config = loadConfig(rest, process.env);
  } catch (e) {
    process.stderr.write(`cumulo: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const app = await startCumulo(config);
  process.stdout.write(
    [
      `Cumulo ready at ${app.endpoint} (${Date.now() - started} ms)`,
      `  region:            ${config.region}`,
      `  account:           ${config.accountId}`,
      `  access key id:     ${config.accessKeyId}`,
      `  secret access key: ${config.secretAccessKey}`,
      `  data dir:          ${config.dataDir}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`cumulo: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
