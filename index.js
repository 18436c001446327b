'use strict';
// Package entry for `require('nucleon')`: the SDK is TypeScript, compiled on load by ts-node in
// transpile-only mode (swc), the same way bin/nucleon.js runs the CLI. Types: host/index.ts.
const path = require('path');
require('ts-node').register({
  transpileOnly: true,
  swc: true,
  project: path.join(__dirname, 'tsconfig.json'),
});
module.exports = require('./host/index.ts');
