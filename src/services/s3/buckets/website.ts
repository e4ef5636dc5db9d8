// Get/Put/DeleteBucketWebsite: checked, stored and returned; Cumulo serves no website endpoint
// (docs/compatibility.md). https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html
import { invalidArgument, invalidRequest, malformedXml, noConfiguration } from '../errors.js';
import type { BucketSubresource } from './subresource.js';

type Doc = Record<string, any>;

const PROTOCOL_ERROR =
  'Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.';

const checkProtocol = (protocol: unknown): void => {
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https')
    throw invalidRequest(PROTOCOL_ERROR);
};

function checkRoutingRules(rules: Doc[]): void {
  if (rules.length === 0) throw malformedXml();
  for (const rule of rules) {
    const redirect = (rule.Redirect ?? {}) as Doc;
    if (redirect.ReplaceKeyPrefixWith !== undefined && redirect.ReplaceKeyWith !== undefined)
      throw invalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
    if (rule.Condition !== undefined && Object.keys(rule.Condition).length === 0) {
      throw invalidRequest(
        "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.",
      );
    }
    checkProtocol(redirect.Protocol);
  }
}

export const website: BucketSubresource<'website'> = {
  field: 'website',
  parse(input) {
    const config = (input.WebsiteConfiguration ?? {}) as Doc;
    if (config.RedirectAllRequestsTo !== undefined) {
      if (Object.keys(config).length > 1) {
        throw invalidArgument(
          'RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.',
          'RedirectAllRequestsTo',
          'not null',
        );
      }
      checkProtocol(config.RedirectAllRequestsTo.Protocol);
      return config;
    }
    const suffix = config.IndexDocument?.Suffix as string | undefined;
    if (config.IndexDocument === undefined) {
      throw invalidArgument(
        'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
        'IndexDocument',
        'null',
      );
    }
    if (!suffix || suffix.includes('/'))
      throw invalidArgument(
        'The IndexDocument Suffix is not well formed',
        'IndexDocument',
        suffix || undefined,
      );
    if (config.RoutingRules !== undefined) checkRoutingRules(config.RoutingRules as Doc[]);
    return config;
  },
  output: (stored) => ({ ...stored }),
  absent: (bucket) => {
    throw noConfiguration(
      'NoSuchWebsiteConfiguration',
      'The specified bucket does not have a website configuration',
      bucket.name,
    );
  },
};
