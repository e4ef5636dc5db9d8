// A Runtime for control-plane tests, which never run a function: invoking fails, the rest is a no-op
// unless a test passes its own (e.g. to record retirements).
import type { Runtime } from '../../../src/runtime/runtime.js';

export function stubRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    invoke: () => Promise.reject(new Error('not used')),
    retire: async () => {},
    provision: () => {},
    unprovision: () => {},
    provisioned: () => undefined,
    inFlight: () => 0,
    stats: () => ({ environments: 0, busy: 0, pooled: 0, rssBytes: 0 }),
    close: async () => {},
    ...overrides,
  };
}
