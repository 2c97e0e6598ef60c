// Runs a TypeScript worker entry from source (tests, CLI, browser mode); a build bundles it instead.
require('tsx/cjs')
require(require('node:worker_threads').workerData.entry)
