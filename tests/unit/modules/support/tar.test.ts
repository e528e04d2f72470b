/**
 * tarArchive against GNU tar: what `tar -x -p` (as copy runs it on a host)
 * makes of the archive: every name (short, exactly 100 bytes, long, in
 * folders, not ASCII), every content (empty, a whole block, one byte more),
 * the modes asked for and the time of the copy; nothing else.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tarArchive, type TarFile } from '../../../../src/modules/support/tar.js';
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

test('GNU tar lists the archive without a warning', () => {
  const stderr = execFileSync('sh', ['-c', 'tar -t -f - 2>&1 >/dev/null'], { input: tarArchive([{ path: 'x'.repeat(120), content: Buffer.alloc(512), mode: 0o644 }, { path: 'y', content: Buffer.from('y'), mode: 0o644 }]) }).toString();
  assert.equal(stderr, '');
});
