import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Command, ConnectionPool, connectionSettingsFromVars, execBatch, parseBatchOutput, secret, sh } from '../../../src/connection/index.js';

const pool = new ConnectionPool();
const local = pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false, globalKnownHostsFiles: [] }));
after(() => pool.closeAll());

describe('several commands in one exec (the local shell runs the script)', () => {
  it('each command gets its own status, output and error output, as if run alone', async () => {
    const commands = [
      Command.raw('printf one'),
      Command.raw('echo err >&2; exit 3'),
      // Empty output, then a command whose trailing comment must not swallow the redirections.
      Command.raw('true # a comment'),
      sh`printf '%s\n' ${"it's quoted"}`,
    ];
    const results = await execBatch(local, commands);
    assert.deepEqual(
      results.map((r) => [r.rc, r.stdout.toString(), r.stderr.toString()]),
      [
        [0, 'one', ''],
        [3, '', 'err\n'],
        [0, '', ''],
        [0, "it's quoted\n", ''],
      ],
    );
  });

  it('output is binary-safe: NUL bytes, a header-like line and no final newline', async () => {
    const results = await execBatch(local, [Command.raw("printf 'a\\000b\\nKR 1 0 0 0\\n'"), Command.raw('printf z')]);
    assert.deepEqual([...(results[0]?.stdout ?? [])], [...Buffer.from('a\0b\nKR 1 0 0 0\n')]);
    assert.equal(results[1]?.stdout.toString(), 'z');
  });

  it('no command reads the batch input, and a secret stays masked in what is printed', async () => {
    const results = await execBatch(local, [Command.raw('cat'), Command.argv(['echo', secret('hunter2')])]);
    assert.equal(results[0]?.stdout.length, 0);
    assert.equal(results[1]?.stdout.toString(), 'hunter2\n');
    assert.doesNotMatch(results[1]?.command ?? '', /hunter2/);
  });
});

describe('parseBatchOutput', () => {
  const frame = (i: number, rc: number, out: string, err: string) => `KR ${i} ${rc} ${Buffer.byteLength(out)} ${Buffer.byteLength(err)}\n${out}${err}`;

  it('reads answers in order, lengths counted in bytes (not characters)', () => {
    const answers = parseBatchOutput(Buffer.from(frame(0, 0, 'é\n', '') + frame(1, 2, '', 'x')), 2);
    assert.deepEqual(
      answers.map((a) => [a.rc, a.stdout.toString(), a.stderr.toString()]),
      [
        [0, 'é\n', ''],
        [2, '', 'x'],
      ],
    );
  });

  it('a missing, cut or out-of-order answer is an error, never a wrong answer', () => {
    assert.throws(() => parseBatchOutput(Buffer.from(frame(0, 0, 'a', '')), 2), /1 of 2 answers/);
    assert.throws(() => parseBatchOutput(Buffer.from('KR 0 0 5 0\nab'), 1), /cut short/);
    assert.throws(() => parseBatchOutput(Buffer.from(frame(1, 0, '', '') + frame(0, 0, '', '')), 2), /unexpected output at answer 0/);
  });
});
