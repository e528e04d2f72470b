/**
 * tarArchive against GNU tar: what `tar -x -p` (as copy runs it on a host)
 * makes of the archive: every name (short, exactly 100 bytes, long, in
 * folders, not ASCII), every content (empty, a whole block, one byte more),
 * the modes asked for and the time of the copy; nothing else. And a strict
 * reader (Python's tarfile, which reads a numeric field only up to its first
 * NUL) finds each header field where ustar puts it, as a host's other tar
 * (busybox) would.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { tarArchive, type TarFile } from '../../../../src/modules/support/tar.js';
import { ansiblePython } from '../../../support/ansible-python.js';
import { tempDir } from '../../../support/temp-dir.js';

async function listing(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const path = join(rel, name);
    if ((await stat(join(dir, path))).isDirectory()) out.push(...(await listing(dir, path)));
    else out.push(path);
  }
  return out;
}

test('GNU tar extracts every name, content and mode, dated now', async () => {
  const files: TarFile[] = [
    { path: 'a.txt', content: Buffer.from('a\n'), mode: 0o640 },
    { path: 'empty', content: Buffer.alloc(0), mode: 0o600 },
    { path: 'block', content: Buffer.alloc(512, 'b'), mode: 0o4755 },
    { path: 'block-and-one', content: Buffer.alloc(513, 'c'), mode: 0o2711 },
    { path: 'n'.repeat(100), content: Buffer.from('100'), mode: 0o644 },
    { path: `sub/${'l'.repeat(101)}`, content: Buffer.from('long'), mode: 0o644 },
    { path: `deep/${'x'.repeat(60)}/${'y'.repeat(90)}`, content: Buffer.from('deeper'), mode: 0o1777 },
    { path: 'ünï/çødé', content: Buffer.from('utf8'), mode: 0o444 },
  ];
  const dir = await tempDir('kr-tar-');
  const started = Date.now() / 1000 - 2;
  execFileSync('tar', ['-x', '-p', '--no-same-owner', '-C', dir, '-f', '-'], { input: tarArchive(files) });
  assert.deepEqual(await listing(dir), files.map((f) => f.path).sort());
  for (const f of files) {
    const path = join(dir, f.path);
    const st = await stat(path);
    assert.deepEqual(await readFile(path), f.content, f.path);
    assert.equal((st.mode & 0o7777).toString(8), f.mode.toString(8), f.path);
    assert.ok(st.mtimeMs / 1000 >= started && st.mtimeMs / 1000 <= Date.now() / 1000 + 1, `${f.path} dated now`);
  }
});

test('file(1) names it a POSIX (ustar) archive, which busybox tar requires', () => {
  assert.equal(execFileSync('file', ['-b', '-'], { input: tarArchive([{ path: 'a', content: Buffer.from('a'), mode: 0o644 }]) }).toString().trim(), 'POSIX tar archive');
});

test('GNU tar lists the archive without a warning', () => {
  const stderr = execFileSync('sh', ['-c', 'tar -t -f - 2>&1 >/dev/null'], { input: tarArchive([{ path: 'x'.repeat(120), content: Buffer.alloc(512), mode: 0o644 }, { path: 'y', content: Buffer.from('y'), mode: 0o644 }]) }).toString();
  assert.equal(stderr, '');
});

/** Each member as Python's tarfile reads it. */
const READ_MEMBERS = `
import json, sys, tarfile
with tarfile.open(fileobj=sys.stdin.buffer, mode='r|') as t:
    print(json.dumps([[m.name, m.size, m.mode, m.mtime, m.uid, m.gid, m.type.decode(), t.extractfile(m).read().decode('latin1')] for m in t]))
`;

test('Python\'s tarfile reads every header field: name, size, mode, mtime, owner 0:0, a regular file', () => {
  const files: TarFile[] = [
    { path: 'a.txt', content: Buffer.from('a\n'), mode: 0o640 },
    { path: `long/${'l'.repeat(120)}`, content: Buffer.alloc(512, 'b'), mode: 0o4755 },
  ];
  const before = Math.floor(Date.now() / 1000);
  const members = JSON.parse(execFileSync(ansiblePython(), ['-c', READ_MEMBERS], { input: tarArchive(files) }).toString()) as [string, number, number, number, number, number, string, string][];
  assert.deepEqual(
    members.map(([name, size, mode, , uid, gid, type, content]) => [name, size, mode.toString(8), uid, gid, type, content]),
    files.map((f) => [f.path, f.content.length, f.mode.toString(8), 0, 0, '0', f.content.toString('latin1')]),
  );
  for (const [name, , , mtime] of members) assert.ok(mtime >= before - 1 && mtime <= Date.now() / 1000 + 1, `${name} dated now: ${mtime}`);
});

/** The header Python's tarfile writes for the same member in ustar format, as hex. */
const USTAR_HEADER = `
import sys, tarfile
ti = tarfile.TarInfo(sys.argv[1]); ti.size = int(sys.argv[2]); ti.mode = int(sys.argv[3], 8); ti.mtime = int(sys.argv[4])
ti.uid = ti.gid = 0; ti.uname = ti.gname = ''
print(ti.tobuf(format=tarfile.USTAR_FORMAT).hex())
`;

// POSIX ustar: each numeric field is w-1 octal digits and a NUL, at its own offset, and "ustar\0" is
// followed by the version "00" at 263. Readers at hand forgive a field that runs into the next one or a
// version one byte off; a stricter one need not, so the bytes are pinned to those Python's tarfile writes.
test('each numeric field is w-1 digits and a NUL, and the version follows the magic, byte for byte as Python\'s tarfile writes them', (t) => {
  const mtime = 1_700_000_000;
  t.after(() => mock.restoreAll());
  mock.method(Date, 'now', () => mtime * 1000 + 123);
  const ours = tarArchive([{ path: 'a.txt', content: Buffer.from('a\n'), mode: 0o640 }]).subarray(0, 512);
  const python = Buffer.from(execFileSync(ansiblePython(), ['-c', USTAR_HEADER, 'a.txt', '2', '640', String(mtime)]).toString().trim(), 'hex');
  const fields: [string, number, number][] = [['name', 0, 100], ['mode', 100, 8], ['uid', 108, 8], ['gid', 116, 8], ['size', 124, 12], ['mtime', 136, 12], ['typeflag', 156, 1], ['magic and version', 257, 8]];
  for (const [field, offset, width] of fields) {
    assert.equal(ours.subarray(offset, offset + width).toString('latin1'), python.subarray(offset, offset + width).toString('latin1'), field);
  }
});
