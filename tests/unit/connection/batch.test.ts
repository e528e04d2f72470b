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

  it('output is binary-safe: NUL bytes, the marker line itself and no final newline', async () => {
    const results = await execBatch(local, [Command.raw("printf 'a\\000b\\nKR-DATA\\n'"), Command.raw('printf z')]);
    assert.deepEqual([...(results[0]?.stdout ?? [])], [...Buffer.from('a\0b\nKR-DATA\n')]);
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
  /** What the script prints: statuses, wc's sizes (with its total line), the marker, the outputs. */
  const printed = (answers: Array<[number, string, string]>) => {
    const sizes = answers.flatMap(([, out, err], i) => [`${Buffer.byteLength(out)} ${i}o`, `${Buffer.byteLength(err)} ${i}e`]);
    return Buffer.from(`KR ${answers.map(([rc]) => rc).join(' ')}\n${sizes.join('\n')}\n99 total\nKR-DATA\n${answers.map(([, o, e]) => o + e).join('')}`);
  };

  it('reads answers in order, lengths counted in bytes (not characters)', () => {
    const answers = parseBatchOutput(printed([[0, 'é\n', ''], [2, '', 'x']]), 2);
    assert.deepEqual(
      answers.map((a) => [a.rc, a.stdout.toString(), a.stderr.toString()]),
      [
        [0, 'é\n', ''],
        [2, '', 'x'],
      ],
    );
  });

  it('a missing status, a missing size or a cut answer is an error, never a wrong answer', () => {
    assert.throws(() => parseBatchOutput(printed([[0, 'a', '']]), 2), /1 of 2 statuses/);
    assert.throws(() => parseBatchOutput(Buffer.from('KR 0\n5 0o\nKR-DATA\nab'), 1), /unexpected output sizes/);
    assert.throws(() => parseBatchOutput(Buffer.from('KR 0\n5 0o\n0 0e\nKR-DATA\nab'), 1), /cut short/);
    assert.throws(() => parseBatchOutput(Buffer.from('KR 0\n'), 1), /no answers/);
  });
});
