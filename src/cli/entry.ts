/** The process entry point (bundled into dist/bundle/kolla-run.js): argv in, exit code out. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
