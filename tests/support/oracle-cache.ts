/**
 * A disk cache of the Ansible oracle's answers, for runs that ask the same
 * questions again: `npm run test:unit` keeps them in dist/oracle-cache, and
 * the mutation run (tests/mutation/run.ts) in a folder of its own, since no
 * change to our code changes what Ansible answers. KOLLA_RUN_ORACLE_CACHE
 * names the folder; unset or empty, every question goes to Ansible. An
 * answer is keyed by the question and by the installation that gave it
 * (ansibleIdentity: Python, ansible-core, Jinja2, PyYAML), so another
 * Ansible is asked again. Paths under `root` are kept relative, so that
 * copies of the tree share answers; the files they name are part of the
 * question, so that an edited case (its vars.yml, the oracle script) is
 * asked again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansibleIdentity } from './ansible-python.js';

const ROOT_MARK = '@@oracle-root@@';

/** `identity` names the installation that answers; tests of the cache give their own. */
export async function cachedOracle<T>(root: string, question: unknown, ask: () => Promise<T>, identity: () => Promise<string> = ansibleIdentity): Promise<T> {
  const dir = process.env['KOLLA_RUN_ORACLE_CACHE'];
  if (!dir) return ask();
  const text = JSON.stringify(question);
  const relative = (json: string) => (root === '' ? json : json.replaceAll(root, ROOT_MARK));
  const key = createHash('sha256')
    .update(await identity())
    .update('\0')
    .update(relative(text))
    .update(namedFilesDigest(text, root))
    .digest('hex');
  const file = join(dir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8').replaceAll(ROOT_MARK, root)) as T;
  } catch {
    const answer = await ask();
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, relative(JSON.stringify(answer)));
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
