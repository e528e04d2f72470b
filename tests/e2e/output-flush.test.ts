/**
 * Nothing written is lost: 500 hosts' results and recap read through a
 * deliberately slow pipe (nothing read for 2 s, then small bites) arrive
 * whole. The bug it catches: process.exit() as soon as the run is done drops
 * what Node queued for a pipe that was full (the recap of 276 of 500 hosts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = `${root}bin/kolla-run`;
const HOSTS = 500;
const dir = mkdtempSync(join(tmpdir(), 'kr-flush-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function slowlyRead(args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn(launcher, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.pause();
  const start = setTimeout(() => {
    child.stdout.on('data', (b: Buffer) => {
      chunks.push(b);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.stdout.resume();
  }, 2000);
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(start);
      resolve({ code: code ?? -1, out: Buffer.concat(chunks).toString() + err });
    });
  });
}

test(`${HOSTS} hosts' output through a slow pipe: every result and the whole recap arrive`, async () => {
  const hosts = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(3, '0')} ansible_connection=local`);
  writeFileSync(join(dir, 'inventory'), `[many]\n${hosts.join('\n')}\n`);
  writeFileSync(join(dir, 'site.yml'), `- hosts: many\n  gather_facts: false\n  tasks:\n    - debug: {msg: "hello from {{ inventory_hostname }}"}\n    - debug: {msg: "again from {{ inventory_hostname }}"}\n`);
  const { code, out } = await slowlyRead([join(dir, 'site.yml'), '-i', join(dir, 'inventory'), '-v']);
  assert.equal(code, 0, out.slice(-2000));
  assert.equal((out.match(/^ok: \[h\d+\] => \{/gm) ?? []).length, 2 * HOSTS, 'every result line');
  const recap = out.match(/^h\d+ +: ok=2 /gm) ?? [];
  assert.equal(recap.length, HOSTS, `recap rows: ${recap.length}`);
  assert.match(out, /^Run time: /m, 'the last lines too');
});
