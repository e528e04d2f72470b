import { fileURLToPath } from 'node:url';

/** The project's root (bin/, dist/, .testbed/ live there), from the compiled file's place. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
