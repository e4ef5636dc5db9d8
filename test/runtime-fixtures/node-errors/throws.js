/* global exports */
// Init fails: the module throws while loading.
throw new Error('init went wrong');
// eslint-disable-next-line no-unreachable
exports.handler = async () => 'never';
