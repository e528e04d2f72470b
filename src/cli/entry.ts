/** The process entry point (bundled into dist/bundle/kolla-run.cjs): argv in, exit code out. */
import { main } from './main.js';
import { flushed } from './output.js';

// No top-level await: the bundle is CommonJS, so that V8 can cache its compiled code (src/cli/launch.ts).
// Exits once the output is flushed, not when every connection has hung up: the run has told each
// to close, and waiting for the servers only delays the prompt.
void main(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
});
