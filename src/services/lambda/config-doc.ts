// Builds, changes and renders a version's FunctionConfiguration in AWS's shape. Field presence
// follows what AWS returns (recorded in LocalStack's snapshot tests against AWS): Environment only
// when set, Layers only when there are some, State* always, LastUpdateStatus* once an update ran,
// and list operations leave State*, LastUpdateStatus* and RuntimeVersionConfig out.
import { createHash, randomUUID } from 'node:crypto';
import { functionArn } from './function-ref.js';
import type { FunctionConfigDoc, VersionRecord } from './store/records.js';

/** AWS's LastModified form: 2024-01-01T00:00:00.000+0000. */
export function lambdaDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export function newRevisionId(): string {
  return randomUUID();
}

/** A stable stand-in for the runtime version ARN AWS shows (arn:aws:lambda:<region>::runtime:<sha256>). */
export function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(`cumulo/${runtime}`).digest('hex')}`;
}

/** Fields that do not make a version different from another: identity, timestamps and status. */
const VOLATILE = new Set([
  'Version',
  'RevisionId',
  'LastModified',
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'Description',
]);

/** Hash of the code and configuration a published version captures. */
export function fingerprintOf(config: FunctionConfigDoc): string {
  const kept = Object.keys(config)
    .filter((k) => !VOLATILE.has(k))
    .sort()
    .map((k) => [k, config[k]]);
  return createHash('sha256').update(JSON.stringify(kept)).digest('hex');
}

/** Status of a version that is being created: Pending, then Active once its environment can start. */
export function pendingState(): Pick<FunctionConfigDoc, 'State' | 'StateReason' | 'StateReasonCode'> {
  return { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
}

/** LastUpdateStatus of an update in flight; AWS reports reason code "Creating" here too. */
export function updateInProgress(): Partial<FunctionConfigDoc> {
  return {
    LastUpdateStatus: 'InProgress',
    LastUpdateStatusReason: 'The function is being created.',
    LastUpdateStatusReasonCode: 'Creating',
  };
}

export type ArnForm = 'unqualified' | 'qualified' | { alias: string };

export interface RenderOptions {
  arn: ArnForm;
  region: string;
  accountId: string;
  /** List operations omit the status fields. */
  forList?: boolean;
  /** CreateFunction's answer has no LastUpdateStatus yet. */
  omitUpdateStatus?: boolean;
}

const LIST_OMITTED = [
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'RuntimeVersionConfig',
];
const UPDATE_STATUS = ['LastUpdateStatus', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode'];

export function renderConfig(record: VersionRecord, options: RenderOptions): Record<string, unknown> {
  const config = record.config;
  const qualifier =
    options.arn === 'unqualified'
      ? undefined
      : options.arn === 'qualified'
        ? config.Version
        : options.arn.alias;
  const out: Record<string, unknown> = {
    ...structuredClone(config),
    FunctionArn: functionArn(options.region, options.accountId, config.FunctionName, qualifier),
  };
  if (options.forList) for (const k of LIST_OMITTED) delete out[k];
  if (options.omitUpdateStatus) for (const k of UPDATE_STATUS) delete out[k];
  return out;
}
