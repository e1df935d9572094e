// Entry point of a training worker thread. Worker threads do not inherit the main thread's
// TypeScript transform (jest's, or the one tsx installs with `require('tsx/cjs')`), so this plain
// JavaScript file registers tsx's CommonJS hook before loading the TypeScript worker body. When the
// sources have been compiled to JavaScript, the compiled body is loaded directly.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, 'train-worker.js');
if (existsSync(compiled)) {
  require(compiled);
} else {
  require('tsx/cjs');
  require(join(__dirname, 'train-worker.ts'));
}
