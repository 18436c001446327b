#!/usr/bin/env node
'use strict';
// The `nucleon` command. Transpile-only (swc) so a CLI call never pays a full type-check;
// `make typecheck` is where types are checked.
const path = require('path');
require('ts-node').register({
  transpileOnly: true,
  swc: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
});
require('../host/cli/main.ts');
