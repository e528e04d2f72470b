/** The process entry point (bundled into dist/bundle/kolla-run.cjs): argv in, exit code out. */
import { main } from './main.js';

// No top-level await: the bundle is CommonJS, so that V8 can cache its compiled code (src/cli/launch.ts).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
