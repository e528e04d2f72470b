/**
 * A disk cache of the Ansible oracle's answers, for runs that ask the same
 * questions many times: the mutation run (tests/mutation/run.ts) sets
 * KOLLA_RUN_ORACLE_CACHE to a folder, since no mutant of our code changes
 * what Ansible answers. Unset, every question goes to Ansible. Paths under
 * `root` are kept relative, so that copies of the tree share answers.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT_MARK = '@@oracle-root@@';

export async function cachedOracle<T>(root: string, question: unknown, ask: () => Promise<T>): Promise<T> {
  const dir = process.env['KOLLA_RUN_ORACLE_CACHE'];
  if (!dir) return ask();
  const key = createHash('sha256').update(JSON.stringify(question).replaceAll(root, ROOT_MARK)).digest('hex');
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
