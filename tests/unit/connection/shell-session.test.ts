/** The session's framing: where a command's output ends, however the stream is cut into chunks. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { MarkerCut, sessionScript } from '../../../src/connection/shell-session.js';

const MARK = 'KOLLA_RUN_END_0123456789abcdef';

/** Feeds `stream` in pieces cut at `cuts`; returns the output passed on and the tail. */
function cutAt(stream: string, cuts: number[]): { output: string; tail: string | undefined } {
  const cut = new MarkerCut(MARK);
  let output = '';
  let tail: string | undefined;
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const r = cut.push(Buffer.from(stream.slice(from, to), 'latin1'));
    output += r.output.toString('latin1');
    if (r.tail !== undefined && tail === undefined) tail = r.tail;
    from = to;
  }
  return { output, tail };
}

describe('MarkerCut', () => {
  const stream = `line one\nno newline at the end${MARK}:17\n`;

  it('finds the marker and its line wherever the chunks are cut', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (const b of [a, a + 1, a + 7, stream.length]) {
        const got = cutAt(stream, [a, Math.min(b, stream.length)]);
        assert.deepEqual(got, { output: 'line one\nno newline at the end', tail: ':17' }, `cut at ${a},${b}`);
      }
    }
  });

  it('passes on output before the marker at once, keeping back only what could start it', () => {
    const cut = new MarkerCut(MARK);
    const first = cut.push(Buffer.from('x'.repeat(100)));
    assert.equal(first.output.length, 100 - (MARK.length - 1));
    assert.equal(first.tail, undefined);
    const rest = cut.push(Buffer.from(`${MARK}:0\n`));
    assert.equal(rest.output.toString(), 'x'.repeat(MARK.length - 1));
    assert.equal(rest.tail, ':0');
  });

  it('a line that only looks like an end marker is output', () => {
    const other = `KOLLA_RUN_END_ffffffffffffffff:0\n`;
    assert.deepEqual(cutAt(`${other}${MARK}:1\n`, [5]), { output: other, tail: ':1' });
  });

  it('waits for the end of the marker line before reporting it', () => {
    const cut = new MarkerCut(MARK);
    assert.equal(cut.push(Buffer.from(`${MARK}:2`)).tail, undefined);
    assert.equal(cut.push(Buffer.from('55\n')).tail, ':255');
  });

  it('binary output, NUL bytes and a partial marker included, comes through unchanged', () => {
    const bytes = Buffer.concat([Buffer.from([0, 255, 10, 13]), Buffer.from(MARK.slice(0, 20)), Buffer.from([0])]);
    const cut = new MarkerCut(MARK);
    const a = cut.push(bytes);
    const b = cut.push(Buffer.from(`${MARK}:0\n`));
    assert.ok(Buffer.concat([a.output, b.output]).equals(bytes));
  });
});

describe('sessionScript', () => {
  // The script as the session's shell reads it: run by sh and by bash (a login shell is often bash).
  const run = (shell: string, script: Buffer) => spawnSync(shell, [], { input: script, encoding: 'latin1' });

  for (const shell of ['sh', 'bash']) {
    it(`${shell}: quotes, newlines, a comment and exit codes reach the command as written`, () => {
      const text = `printf '%s|' "it's" 'a  b' "$HOME_NOT_SET"\n# a comment ) ; exit 9\necho "$KJ"; exit 5`;
      const r = run(shell, sessionScript(text, undefined, 'job1', 'KJ', MARK));
      assert.equal(r.stdout, `it's|a  b||job1\n${MARK}:5\n`);
      assert.equal(r.stderr, `${MARK}\n`);
    });

    it(`${shell}: the input, binary, reaches the command's stdin exactly; without input stdin is empty`, () => {
      const input = Buffer.from([0, 1, 2, 255, 10, 39, 36]);
      const r = spawnSync(shell, [], { input: Buffer.concat([sessionScript('od -An -tx1 -v', input, 'j', 'KJ', MARK), sessionScript('wc -c', undefined, 'j', 'KJ', `${MARK}x`)]), encoding: 'utf8' });
      assert.equal(r.stdout.replace(/\s+/g, ' ').trim(), `00 01 02 ff 0a 27 24 ${MARK}:0 0 ${MARK}x:0`);
    });

    it(`${shell}: text input (a here-document, no decoder) keeps its bytes, quotes, expansions and a marker-like line`, () => {
      const text = Buffer.concat([Buffer.from(`$HOME \`id\` 'q' \\ \r\n${MARK}x\n\tEOF\n`), Buffer.from([0xc3, 0xa9, 0xff, 0x0a])]);
      const r = spawnSync(shell, [], { input: sessionScript('od -An -tx1 -v', text, 'j', 'KJ', MARK), encoding: 'utf8' });
      const hex = [...text].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      assert.equal(r.stdout.replace(/\s+/g, ' ').trim(), `${hex} ${MARK}:0`);
      assert.ok(!sessionScript('cat', text, 'j', 'KJ', MARK).includes('base64'), 'text input goes as it is');
      assert.ok(sessionScript('cat', Buffer.from('no newline'), 'j', 'KJ', MARK).includes('base64 -d'), 'a here-document would add a newline');
    });

    it(`${shell}: a command's cd, variables and syntax errors stay in its subshell`, () => {
      const script = Buffer.concat([
        sessionScript('cd /; X=1; export Y=2', undefined, 'j', 'KJ', MARK),
        sessionScript('if then', undefined, 'j', 'KJ', `${MARK}1`),
        sessionScript('pwd; echo "${X-unset} ${Y-unset}"', undefined, 'j', 'KJ', `${MARK}2`),
      ]);
      const r = spawnSync(shell, [], { input: script, encoding: 'utf8', cwd: '/tmp' });
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], `${MARK}:0`);
      assert.match(lines[1] ?? '', new RegExp(`^${MARK}1:2$`));
      assert.deepEqual(lines.slice(2), ['/tmp', 'unset unset', `${MARK}2:0`, '']);
    });
  }
});
