// One server for a test file's (or a describe's) tests, with the clients the tests make on it: started
// before the tests and handed to `started`, the clients destroyed and the server disposed after them.
import { after, before } from 'node:test';
import { startCumulo, type CumuloProcess, type StartOptions } from './harness.js';

type Clients = Record<string, { destroy(): void }>;

export function serverSuite<T extends Clients>(
  makeClients: (server: CumuloProcess) => T | Promise<T>,
  started: (suite: T & { server: CumuloProcess }) => void,
  options?: StartOptions,
): void {
  let clients: T | undefined;
  let server: CumuloProcess | undefined;
  before(async () => {
    server = await startCumulo(options);
    clients = await makeClients(server);
    started({ ...clients, server });
  });
  after(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await server?.dispose();
  });
}
