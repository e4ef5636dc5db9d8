// Checks on CreateFunctionUrlConfig / UpdateFunctionUrlConfig input beyond the model, with the
// errors AWS answers (recorded against AWS in LocalStack's snapshot tests, TestLambdaUrl):
//  - Qualifier is an alias name: '$LATEST' and version numbers are refused with a ValidationException
//    ('$LATEST' matches the model's pattern, so AWS reports a different pattern for it);
//  - InvokeMode is BUFFERED or RESPONSE_STREAM (the model we load types it as a plain string).
import { validationOne } from '../errors.js';
import { isVersionNumber } from '../function-ref.js';
import type { InvokeMode } from './keys.js';

const MODEL_QUALIFIER_PATTERN = '(^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))';
const ALIAS_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';

export function checkUrlQualifier(qualifier: string | undefined): void {
  if (qualifier === undefined) return;
  if (qualifier === '$LATEST') {
    throw validationOne(
      qualifier,
      'qualifier',
      `Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`,
    );
  }
  if (isVersionNumber(qualifier)) {
    throw validationOne(
      qualifier,
      'qualifier',
      `Member must satisfy regular expression pattern: ${MODEL_QUALIFIER_PATTERN}`,
    );
  }
}

export function checkInvokeMode(mode: string | undefined): InvokeMode | undefined {
  if (mode === undefined) return undefined;
  if (mode !== 'BUFFERED' && mode !== 'RESPONSE_STREAM') {
    throw validationOne(
      mode,
      'invokeMode',
      'Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]',
    );
  }
  return mode;
}
