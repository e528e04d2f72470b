/** The mutation run's command line (tests/mutation/run.ts). */

export interface Options {
  folders: string[];
  tests: string[];
  /** `--files a.ts,b.ts`: only these source files of the folders, for folders too big to measure at once. */
  files: string[];
  workers: number;
  max: number;
  json: string | undefined;
}

export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { folders: [], tests: [], files: [], workers: 2, max: Infinity, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = () => argv[++i] ?? '';
    if (arg === '--tests') options.tests.push(value());
    else if (arg === '--files') options.files.push(...value().split(',').filter((f) => f !== ''));
    else if (arg === '--workers') options.workers = Number(value());
    else if (arg === '--max') options.max = Number(value());
    else if (arg === '--json') options.json = value();
    else if (/^src\/[\w/-]+$/.test(arg)) options.folders.push(arg.replace(/\/$/, ''));
    else throw new Error(`mutation: unexpected argument ${arg} (folders look like src/template)`);
  }
  if (options.folders.length === 0) throw new Error('mutation: name at least one folder, e.g. src/template');
  return options;
}

/**
 * The compiled files a `--files` list names: a name is a source path's tail
 * (`core.ts`, `filters/core.ts`), so that one name may pick several files
 * only when it is ambiguous. A name that picks nothing is a typo: an error.
 */
export function selectFiles(jsFiles: readonly string[], names: readonly string[]): string[] {
  if (names.length === 0) return [...jsFiles];
  const tails = names.map((name) => `/${name.replace(/^\/+/, '').replace(/\.ts$/, '.js')}`);
  for (const [i, tail] of tails.entries()) {
    if (!jsFiles.some((f) => f.endsWith(tail))) throw new Error(`mutation: --files ${names[i] ?? ''} names no file of the folders`);
  }
  return jsFiles.filter((f) => tails.some((tail) => f.endsWith(tail)));
}
