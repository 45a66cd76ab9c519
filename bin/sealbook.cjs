#!/usr/bin/env node
'use strict';
// The `sealbook` command: the same dispatcher as the app, in-process.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'sealbook.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('The Sealbook CLI is not built yet. Run `npm run build` in the Sealbook folder, then try again.\n');
  process.exit(1);
}
require(bundle);
