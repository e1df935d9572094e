#!/usr/bin/env node
// Runs the TypeScript sources directly: the CLI ships with the monorepo, not as a build artefact.
require('tsx/cjs');
require('../src/main.ts');
