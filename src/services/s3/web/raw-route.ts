// The raw-route types, taken from ServiceDefinition: services do not import the HTTP layer.
import type { ServiceDefinition } from '../../service.js';

export type RawRoute = NonNullable<ServiceDefinition['rawRoutes']>[number];
export type HttpRequest = Parameters<RawRoute>[0];
export type HttpResponse = NonNullable<Awaited<ReturnType<RawRoute>>>;
