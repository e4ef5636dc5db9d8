/* global exports, require */
/* eslint-disable @typescript-eslint/no-require-imports */
require('this-package-does-not-exist');
exports.handler = async () => 'never';
