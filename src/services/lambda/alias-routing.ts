// Validation of an alias's RoutingConfig, in the order and words AWS answers
// (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html; texts recorded in
// LocalStack's snapshot test_notfound_and_invalid_routingconfigs): one additional version at most,
// a weight in [0, 1], not the alias's own version, not on an alias of $LATEST, and a version number.
import { invalidParameter, validationOne } from './errors.js';
import { isVersionNumber } from './function-ref.js';

/** A double as Java prints it in AWS's messages: 2 -> "2.0". */
export function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/**
 * Checks the weights for an alias pointing at `functionVersion`; `versionExists` is asked last for
 * each additional version (a missing one is the caller's "Function not found").
 */
export function checkRoutingWeights(
  weights: Record<string, number>,
  functionVersion: string,
): Array<[string, number]> {
  const entries = Object.entries(weights);
  if (entries.length > 1)
    throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
  for (const [version, weight] of entries) {
    const shown = `{${version}=${javaDouble(weight)}}`;
    if (!(weight >= 0 && weight <= 1)) {
      throw validationOne(
        shown,
        'routingConfig.additionalVersionWeights',
        'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]',
      );
    }
    if (version === functionVersion) {
      throw invalidParameter(
        `Invalid function version ${functionVersion}. Function version ${functionVersion} is already included in routing configuration.`,
      );
    }
    if (functionVersion === '$LATEST') {
      throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
    }
    if (!isVersionNumber(version)) {
      throw validationOne(
        shown,
        'routingConfig.additionalVersionWeights',
        'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]',
      );
    }
  }
  return entries;
}

/**
 * Picks the version an invocation through the alias runs: the additional version with its weight's
 * probability, else the primary one. `random` is in [0, 1).
 */
export function pickVersion(
  functionVersion: string,
  weights: Record<string, number> | undefined,
  random: number = Math.random(),
): string {
  let threshold = 0;
  for (const [version, weight] of Object.entries(weights ?? {})) {
    threshold += weight;
    if (random < threshold) return version;
  }
  return functionVersion;
}
