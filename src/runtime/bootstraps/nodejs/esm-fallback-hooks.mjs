// Module resolution hook: lets ES modules import what AWS preinstalls (the AWS SDK for
// JavaScript v3, in the runtime directory) the way they can on Lambda, where ES module
// resolution does not read NODE_PATH. A package the function bundles itself still wins:
// the fallback is only tried when the normal resolution fails.
let fallbackParent;

export async function initialize(data) {
  fallbackParent = data?.fallbackParent;
}

function isBare(specifier) {
  return !/^(\.|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (fallbackParent && err?.code === 'ERR_MODULE_NOT_FOUND' && isBare(specifier)) {
      try {
        return await nextResolve(specifier, { ...context, parentURL: fallbackParent });
      } catch {
        // fall through to the original error, which names the importing module
      }
    }
    throw err;
  }
}
