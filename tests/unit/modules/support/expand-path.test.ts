/**
 * expandedWord against Python itself: each text, expanded by /bin/sh from
 * the word, must equal os.path.expanduser(os.path.expandvars(text)) in the
 * same environment (set, empty and unset variables, tildes, quotes and
 * shell syntax that must stay text); with glob, creates/removes' matching
 * against glob.glob.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandedWord, needsExpansion } from '../../../../src/modules/support/expand-path.js';
import { tempDirSync } from '../../../support/temp-dir.js';

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/home/kr', SET: 'value', EMPTY: '', SPACED: 'a  b', GLOBBY: '*', TILDED: '~' };

const TEXTS = [
  'plain', 'with space', "it's", 'say "hi"', 'back\\slash', '\\$SET', '$SET', '${SET}', '$NOPE', '${NOPE}', '$EMPTY', 'a$SET.b',
  '$SET$SET', '${SET}x${NOPE}y', '$1', '${a b}', '${SET', '$', '$$', 'x$', '$SPACED', '$GLOBBY', '~', '~/x', '~root/x',
  '~root', '~no-such-user-kr/x', 'a~b', '/x/~', 'x/$SET/~', '$(touch /nonexistent/pwned)', '`id`', "'$SET'", '"$SET"', '$HOME_x', '$é',
  'é$SET', '~/$SET/$NOPE', '--opt=~/x', '*', '?', '[a]',
];

function python(texts: string[]): string[] {
  const script = 'import json,os,sys; print(json.dumps([os.path.expanduser(os.path.expandvars(t)) for t in json.load(sys.stdin)]))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(texts), env: ENV, encoding: 'utf8' })) as string[];
}

function shell(words: string[]): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${words.join(' ')}`], { env: ENV, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('the host shell expands each word as Python expands the text', () => {
  const want = python(TEXTS);
  const got = shell(TEXTS.map((t) => expandedWord(t)));
  const differ = TEXTS.flatMap((t, i) => (got[i] === want[i] ? [] : [`${JSON.stringify(t)}: shell ${JSON.stringify(got[i])}, python ${JSON.stringify(want[i])}`]));
  assert.deepEqual(differ, []);
});

test('the one known difference: a leading variable whose value starts with ~ is not expanded again', () => {
  // Python's expanduser runs after expandvars and would give /home/kr/x; the word cannot see the value's tilde.
  assert.deepEqual(shell([expandedWord('$TILDED/x')]), ['~/x']);
});

test('text without $ or a leading ~ is quoted as it is', () => {
  assert.equal(expandedWord('/etc/kolla'), '/etc/kolla');
  assert.equal(expandedWord('a b'), "'a b'");
});

// path-params asks the host only for texts that need it (most tasks cost no command): a path's * ? [ are
// its own characters (expanduser(expandvars()) leaves them), only creates/removes glob them.
test('needsExpansion: a variable or a leading ~ always, glob characters only when globbing', () => {
  const cases: [string, boolean, boolean][] = [
    ['/etc/*.conf', false, false],
    ['/etc/?[ab]', false, false],
    ['/etc/kolla', false, false],
    ['/etc/kolla', true, false],
    ['/etc/*.conf', true, true],
    ['$SET/x', false, true],
    ['~/x', false, true],
  ];
  for (const [text, glob, want] of cases) assert.equal(needsExpansion(text, glob), want, `${text} glob=${String(glob)}`);
  assert.equal(needsExpansion('/etc/*.conf'), false, 'no glob unless asked');
});

test('creates and removes: glob characters match as glob.glob does, the rest stays text', () => {
  const dir = tempDirSync('kr-expand-');
  mkdirSync(join(dir, 'sub'));
  for (const f of ['a.txt', 'b.log', 'sub/c.txt', '.hidden.txt', 'x y.txt']) writeFileSync(join(dir, f), '');
  const patterns = ['*.txt', '*.conf', 'sub/*.txt', '?.log', '[ab].txt', '[!a].log', '.h*', 'x y.*', '$SET*', '*$(touch pwned)*', 'a.txt;true'].map((p) => `${dir}/${p}`);
  const script = 'import glob,json,os,sys; print(json.dumps([bool(glob.glob(os.path.expanduser(os.path.expandvars(p)))) for p in json.load(sys.stdin)]))';
  const want = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(patterns), env: ENV, encoding: 'utf8' })) as boolean[];
  const got = patterns.map((p) => {
    const probe = `for p in ${expandedWord(p, { glob: true })}; do [ -e "$p" ] && exit 0; done; exit 1`;
    try {
      execFileSync('/bin/sh', ['-c', probe], { env: ENV, cwd: dir });
      return true;
    } catch {
      return false;
    }
  });
  assert.deepEqual(got, want);
});
