/**
 * A disk cache of the Ansible oracle's answers, for runs that ask the same
 * questions many times: the mutation run (tests/mutation/run.ts) sets
 * KOLLA_RUN_ORACLE_CACHE to a folder, since no mutant of our code changes
 * what Ansible answers. Unset, every question goes to Ansible. Paths under
 * `root` are kept relative, so that copies of the tree share answers; the
 * files they name are part of the question, so that an edited case (its
 * vars.yml, the oracle script) is asked again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT_MARK = '@@oracle-root@@';

export async function cachedOracle<T>(root: string, question: unknown, ask: () => Promise<T>): Promise<T> {
  const dir = process.env['KOLLA_RUN_ORACLE_CACHE'];
  if (!dir) return ask();
  const text = JSON.stringify(question);
  const key = createHash('sha256').update(text.replaceAll(root, ROOT_MARK)).update(namedFilesDigest(text, root)).digest('hex');
  const file = join(dir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8').replaceAll(ROOT_MARK, root)) as T;
  } catch {
    const answer = await ask();
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(answer).replaceAll(root, ROOT_MARK));
    renameSync(temp, file);
    return answer;
  }
}

/** A digest of what the files under `root` that a question's text names hold (a name that is no file counts as its name only). */
export function namedFilesDigest(text: string, root: string): string {
  const hash = createHash('sha256');
  const paths = new Set<string>();
  // a path ends where its JSON string does: at a quote, a backslash (an escaped quote) or white space
  const pathAt = /[^"\\\s]+/y;
  for (let at = text.indexOf(`${root}/`); at >= 0; at = text.indexOf(`${root}/`, at + 1)) {
    pathAt.lastIndex = at;
    paths.add(pathAt.exec(text)?.[0] ?? root);
  }
  for (const path of [...paths].sort()) {
    try {
      if (statSync(path).isFile()) hash.update(path.slice(root.length)).update(readFileSync(path));
    } catch {
      // not there: the question's text already names it
    }
  }
  return hash.digest('hex');
}
