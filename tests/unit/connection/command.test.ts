import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { Command, MASK, maskSecrets, quote, secret, sh, shellQuote } from '../../../src/connection/command.js';

/** What /bin/sh makes of a command line: one word per line. */
function shellWords(text: string): string[] {
  const script = `set -- ${text}; for w in "$@"; do printf '%s\\0' "$w"; done`;
  return execFileSync('/bin/sh', ['-c', script]).toString('utf8').split('\0').slice(0, -1);
}

describe('quote', () => {
  const cases: Array<[string, string]> = [
    ['plain', 'plain'],
    ['/etc/kolla/config.json', '/etc/kolla/config.json'],
    ['', "''"],
    ['two words', "'two words'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['a;rm -rf /', "'a;rm -rf /'"],
    ['back\\slash', "'back\\slash'"],
    ['new\nline', "'new\nline'"],
    ['*', "'*'"],
  ];
  for (const [input, want] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => assert.equal(quote(input), want));
  }

  it('round-trips every tricky word through /bin/sh', () => {
    const words = ['a b', "it's", '"dq"', '$(id)', '`id`', '\\', '!x', '~', 'x*y', 'tab\there', 'ünïcode', '', '--', '-n'];
    assert.deepEqual(shellWords(shellQuote(words).toShell()), words);
  });
});

describe('Command', () => {
  it('builds from argv and shows the same text when nothing is secret', () => {
    const c = shellQuote(['docker', 'exec', 'mariadb', 'mysql', '-e', 'SELECT 1']);
    assert.equal(c.toShell(), "docker exec mariadb mysql -e 'SELECT 1'");
    assert.equal(c.toDisplay(), c.toShell());
  });

  it('masks secrets in every printable form, keeps them in the shell text', () => {
    const pw = 'S3cr3t pass';
    const c = shellQuote(['mysql', '-u', 'root', secret(pw), '-e', 'select 1']);
    assert.equal(c.toShell(), "mysql -u root 'S3cr3t pass' -e 'select 1'");
    assert.equal(c.toDisplay(), `mysql -u root ${MASK} -e 'select 1'`);
    for (const printed of [String(c), `${c}`, JSON.stringify({ c }), inspect(c), inspect({ c }), c.toDisplay()]) {
      assert.ok(!printed.includes('S3cr3t'), printed);
    }
    assert.deepEqual(c.secrets, [pw]);
  });

  it('a bare Secret never prints its value', () => {
    const s = secret('hunter2');
    assert.equal(String(s), MASK);
    assert.equal(JSON.stringify({ s }), `{"s":"${MASK}"}`);
    assert.ok(!inspect(s).includes('hunter2'));
    assert.equal(s.reveal(), 'hunter2');
  });

  it('sh`` quotes interpolations and keeps nested commands and secrets', () => {
    const dir = '/tmp/a dir';
    const inner = shellQuote(['echo', secret('tok')]);
    const c = sh`mkdir -p ${dir} && cd ${dir} && ${inner} | tee ${['x y', 'z']} && exit ${3}`;
    assert.equal(c.toShell(), "mkdir -p '/tmp/a dir' && cd '/tmp/a dir' && echo tok | tee 'x y' z && exit 3");
    assert.equal(c.toDisplay(), `mkdir -p '/tmp/a dir' && cd '/tmp/a dir' && echo ${MASK} | tee 'x y' z && exit 3`);
    assert.deepEqual(c.secrets, ['tok']);
  });

  it('quoted() makes one word of a command, masked in display', () => {
    const c = Command.join([Command.raw('echo'), shellQuote([secret("p'w")])]);
    const q = c.quoted();
    assert.deepEqual(shellWords(q.toShell()), ["echo 'p'\\''w'"]);
    assert.ok(!q.toDisplay().includes("p'w") && q.toDisplay().includes(MASK));
  });

  it('maskSecrets scrubs output, longest secret first', () => {
    assert.equal(maskSecrets('a=abc b=abcdef', ['abc', 'abcdef']), `a=${MASK} b=${MASK}`);
    assert.equal(maskSecrets('nothing', ['']), 'nothing');
  });
});
