/** Where things are, from dist/bench/support/ (compiled) back to the project. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const KOLLA_RUN = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));
export const FLOOR = fileURLToPath(new URL('../floor.js', import.meta.url));
export const BENCH_DIST = fileURLToPath(new URL('../', import.meta.url));
export const RESULTS_DIR = process.env.KR_BENCH_RESULTS_DIR ?? fileURLToPath(new URL('../../../bench/results/', import.meta.url));
export const LOGS_DIR = join(RESULTS_DIR, 'logs');
