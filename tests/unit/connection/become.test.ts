/**
 * become: the exact sudo command line, and the whole prompt/marker dance run
 * for real through the local connection with a stand-in `sudo` script (the
 * real sudo is exercised by the integration test when /usr/bin/sudo exists).
 */
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareCommand, sudoFlags } from '../../../src/connection/become.js';
import { secret, shellQuote, Command } from '../../../src/connection/command.js';
import { BecomeError } from '../../../src/connection/errors.js';
import { splitArgs } from '../../../src/connection/ssh-args.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { connectionSettingsFromVars } from '../../../src/connection/settings.js';
import { tempDir } from '../../support/temp-dir.js';

describe('sudo command construction', () => {
  it('no password: sudo -H -S -n -u USER /bin/sh -c <quoted>', () => {
    const p = prepareCommand(shellQuote(['echo', "it's"]), { become: { user: 'root' } }, 'tok');
    const words = splitArgs(p.command.toShell());
    assert.deepEqual(words.slice(0, 9), ['sudo', '-H', '-S', '-n', '-u', 'root', '/bin/sh', '-c', "echo KOLLA-RUN-BECOME-SUCCESS-tok; echo 'it'\\''s'"]);
    assert.equal(words.length, 9);
    assert.ok(p.command.toShell().startsWith("sudo -H -S -n -u root /bin/sh -c 'echo KOLLA-RUN-BECOME-SUCCESS-tok; "));
    assert.equal(p.become?.success, 'KOLLA-RUN-BECOME-SUCCESS-tok');
  });

  it('with a password: -p with a unique prompt, no -n, the password is nowhere in the command', () => {
    const p = prepareCommand(Command.raw('id -u'), { become: { user: 'kolla', password: secret('pw-123') } }, 'tok');
    const text = p.command.toShell();
    assert.equal(text, `sudo -H -S -p '[kolla-run-sudo-tok] password:' -u kolla /bin/sh -c 'echo KOLLA-RUN-BECOME-SUCCESS-tok; id -u'`);
    assert.ok(!text.includes('pw-123'));
    assert.equal(p.become?.prompt, '[kolla-run-sudo-tok] password:');
  });

  it('the become user is one quoted word: a name with shell characters reaches sudo whole and runs nothing', () => {
    const user = "svc user;touch /tmp/pwned-$(id -u)'x";
    const words = splitArgs(prepareCommand(Command.raw('id -u'), { become: { user } }, 'tok').command.toShell());
    assert.deepEqual(words.slice(4, 7), ['-u', user, '/bin/sh']);
    assert.equal(words.length, 9);
  });

  it('become_flags replace the defaults; -S is always there, -n only without password', () => {
    assert.deepEqual(sudoFlags({ user: 'root', flags: '-H' }), ['-S', '-H', '-n']);
    assert.deepEqual(sudoFlags({ user: 'root', flags: '-HSn', password: secret('x') }), ['-HS']);
    assert.deepEqual(sudoFlags({ user: 'root', flags: '-E -n', password: secret('x') }), ['-S', '-E']);
  });

  it('environment is exported inside the become shell, quoted and masked', () => {
    const p = prepareCommand(Command.raw('env'), { env: { A: 'x y', TOKEN: secret('t0k') }, become: { user: 'root' } }, 'tok');
    assert.equal(splitArgs(p.command.toShell()).at(-1), "echo KOLLA-RUN-BECOME-SUCCESS-tok; export A='x y' TOKEN=t0k; env");
    assert.ok(!p.command.toDisplay().includes('t0k'));
    assert.throws(() => prepareCommand(Command.raw('env'), { env: { 'BAD NAME': 'x' } }), /invalid environment variable name/);
  });
});

describe('become through a stand-in sudo (local connection)', () => {
  let dir: string;
  let fakeSudo: string;
  const pool = new ConnectionPool();

  before(async () => {
    dir = await tempDir('fake-sudo-');
    fakeSudo = join(dir, 'sudo');
    // Mimics sudo -S: prompt on stderr (from -p), password from stdin, then runs the command.
    await writeFile(
      fakeSudo,
      `#!/bin/sh
prompt=''; nopass=''; user=''
while [ $# -gt 0 ]; do
  case "$1" in
    -p) prompt="$2"; shift 2;;
    -u) user="$2"; shift 2;;
    -*n*) nopass=1; shift;;
    -*) shift;;
    *) break;;
  esac
done
echo "$user" > ${dir}/last-user
if [ -f ${dir}/nopasswd ]; then exec "$@"; fi
if [ -n "$nopass" ]; then echo 'sudo: a password is required' >&2; exit 1; fi
tries=0
while [ $tries -lt 2 ]; do
  printf '%s' "$prompt" >&2
  if ! IFS= read -r pw; then echo 'sudo: no password was provided' >&2; exit 1; fi
  if [ "$pw" = 'right-pw' ]; then exec "$@"; fi
  echo 'Sorry, try again.' >&2
  tries=$((tries+1))
done
echo 'sudo: 2 incorrect password attempts' >&2; exit 1
`,
    );
    await chmod(fakeSudo, 0o755);
  });
  after(() => pool.closeAll());

  const conn = (vars: Record<string, unknown>) =>
    pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local', ansible_become: true, ansible_become_exe: fakeSudo, ...vars }, { sshConfig: false }));

  it('with the right password: output clean, stdin reaches the command after the password', async () => {
    const c = conn({ ansible_become_password: 'right-pw', ansible_become_user: 'kolla' });
    const r = await c.exec(`cat; echo "[$1]" >&2`, { stdin: 'payload-from-stdin\n' });
    assert.equal(r.rc, 0);
    assert.equal(r.stdout, 'payload-from-stdin\n');
    assert.equal(r.stderr, '[]\n');
    assert.ok(!r.stdout.includes('KOLLA-RUN') && !r.stderr.includes('kolla-run-sudo'));
    assert.ok(!r.stdout.includes('right-pw') && !r.stderr.includes('right-pw'));
  });

  it('quoting survives the extra shell', async () => {
    const c = conn({ ansible_become_password: 'right-pw' });
    const words = ["it's", '$HOME', 'a "b"', '`x`'];
    const r = await c.exec(Command.join([Command.raw('printf "%s|"'), shellQuote(words)]));
    assert.equal(r.stdout, words.map((w) => `${w}|`).join(''));
  });

  it('wrong password: BecomeError incorrect-password, password never in the message', async () => {
    const c = conn({ ansible_become_password: 'wrong-pw' });
    await assert.rejects(c.exec('id'), (e: unknown) => {
      assert.ok(e instanceof BecomeError, String(e));
      assert.equal(e.failure, 'incorrect-password');
      assert.match(e.message, /sudo refused: incorrect become password/);
      assert.ok(!e.message.includes('wrong-pw'));
      return true;
    });
  });

  it('no password where one is needed: BecomeError password-required', async () => {
    await assert.rejects(conn({}).exec('id'), (e: unknown) => e instanceof BecomeError && e.failure === 'password-required');
  });

  it('rc and stderr of the command itself are kept; become: false skips sudo', async () => {
    const c = conn({ ansible_become_password: 'right-pw' });
    const r = await c.exec('echo out; echo err >&2; exit 7');
    assert.deepEqual([r.rc, r.stdout, r.stderr], [7, 'out\n', 'err\n']);
    const plain = await c.exec('echo plain', { become: false });
    assert.equal(plain.stdout, 'plain\n');
  });

  it('put and get go through become too', async () => {
    const c = conn({ ansible_become_password: 'right-pw' });
    const file = join(dir, 'become-put.txt');
    await c.put('hello\n', file, { mode: '0640' });
    assert.equal((await c.get(file)).toString(), 'hello\n');
  });
});
