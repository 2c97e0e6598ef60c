#!/usr/bin/env node
// Runs the TypeScript CLI straight from source, so it works right after `npm ci` with no build step.
require('tsx/cjs')
require('../src/main/cli/main.ts').runCli()
