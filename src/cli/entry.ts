/** The process entry point (bundled into dist/bundle/kolla-run.cjs): argv in, exit code out. */
import { main } from './main.js';

// No top-level await: the bundle is CommonJS, so that V8 can cache its compiled code (src/cli/launch.ts).
// Exits as soon as the command is done: the run has told every connection to close, and waiting
// for each server to hang up only delays the prompt. Output is written synchronously on Linux.
void main(process.argv.slice(2)).then((code) => process.exit(code));
