/**
 * The two ways a whole-file module runs must agree: converge (ordinary runs:
 * compare and write in one round trip) and query-then-apply (what check and
 * diff runs use). Each case runs both ways from the same starting state, in
 * two folders, on a real node: same status, same registered fields, same
 * files left behind.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { copyModule } from '../../../src/modules/copy.js';
import type { AnyTaskModule } from '../../../src/modules/contract.js';
import { templateModule } from '../../../src/modules/template.js';
import { localFiles } from '../../support/local-files.js';
import { moduleHost, snapshot, type ModuleHost } from '../../support/module-host.js';

const fixtures = fileURLToPath(new URL('../../../../tests/fixtures/modules/', import.meta.url));
const local = localFiles(fixtures, { title: 'pool', servers: ['a', 'b'] });
const base = `/tmp/kr-mod-whole-${process.pid}`;
let host: ModuleHost;

before(async () => {
  host = await moduleHost(0, { local });
});
after(async () => {
  await host.sh(`rm -rf ${base}`);
  await host.close();
});

/** Fields registered (what roles read), compared with the folder's name made alike. */
const COMPARED = ['changed', 'failed', 'dest', 'path', 'checksum', 'md5sum', 'state', 'msg', 'mode', 'owner', 'group', 'uid', 'gid', 'size'] as const;

interface Case {
  name: string;
  module?: AnyTaskModule;
  args: Record<string, unknown>;
  setup?: string;
  status: 'ok' | 'changed' | 'failed';
}

const BIG = 'x'.repeat(100 * 1024);
const CASES: Case[] = [
  { name: 'absent file', args: { content: 'a\n', dest: '{d}/f', mode: '0640' }, status: 'changed' },
  { name: 'same content and mode', args: { content: 'a\n', dest: '{d}/f', mode: '0640' }, setup: 'printf "a\\n" > {d}/f; chmod 640 {d}/f', status: 'ok' },
  { name: 'other content', args: { content: 'b\n', dest: '{d}/f' }, setup: 'printf "a\\n" > {d}/f; chmod 600 {d}/f', status: 'changed' },
  { name: 'only the octal mode', args: { content: 'a\n', dest: '{d}/f', mode: '0600' }, setup: 'printf "a\\n" > {d}/f; chmod 644 {d}/f', status: 'changed' },
  { name: 'symbolic mode already so', args: { content: 'a\n', dest: '{d}/f', mode: 'u=rw,g=r,o=' }, setup: 'printf "a\\n" > {d}/f; chmod 640 {d}/f', status: 'ok' },
  { name: 'symbolic mode differs', args: { content: 'a\n', dest: '{d}/f', mode: 'g-r' }, setup: 'printf "a\\n" > {d}/f; chmod 644 {d}/f', status: 'changed' },
  { name: 'owner and group differ', args: { content: 'a\n', dest: '{d}/f', owner: 'daemon', group: 'daemon' }, setup: 'printf "a\\n" > {d}/f', status: 'changed' },
  { name: 'owner by uid already so', args: { content: 'a\n', dest: '{d}/f', owner: '1' }, setup: 'printf "a\\n" > {d}/f; chown 1 {d}/f', status: 'ok' },
  { name: 'force off keeps other content', args: { content: 'b\n', dest: '{d}/f', force: false }, setup: 'printf "a\\n" > {d}/f', status: 'ok' },
  { name: 'src into an existing directory', args: { src: 'static.txt', dest: '{d}/sub' }, setup: 'mkdir {d}/sub', status: 'changed' },
  { name: 'src into an existing directory, unchanged', args: { src: 'static.txt', dest: '{d}/sub' }, setup: 'mkdir {d}/sub; printf "a static file\\n" > {d}/sub/static.txt', status: 'ok' },
  { name: 'content onto a directory', args: { content: 'a\n', dest: '{d}/sub' }, setup: 'mkdir {d}/sub', status: 'failed' },
  { name: 'missing parent directory', args: { content: 'a\n', dest: '{d}/no/f' }, status: 'failed' },
  { name: 'src into dest/ whose folder is missing', args: { src: 'static.txt', dest: '{d}/made/' }, status: 'changed' },
  { name: 'force off leaves attributes too', args: { content: 'a\n', dest: '{d}/f', force: false, mode: '0600' }, setup: 'printf "a\\n" > {d}/f; chmod 644 {d}/f', status: 'ok' },
  { name: 'template into an existing directory', module: templateModule, args: { src: 'servers.conf.j2', dest: '{d}/sub' }, setup: 'mkdir {d}/sub', status: 'changed' },
  { name: 'large content (compared first)', args: { content: BIG, dest: '{d}/big', mode: '0600' }, setup: 'printf small > {d}/big', status: 'changed' },
  { name: 'large content unchanged', args: { content: BIG, dest: '{d}/big' }, setup: `head -c ${BIG.length} /dev/zero | tr '\\0' x > {d}/big`, status: 'ok' },
  { name: 'template', module: templateModule, args: { src: 'servers.conf.j2', dest: '{d}/s.conf', mode: '0644' }, setup: 'printf "# pool\\n" > {d}/s.conf', status: 'changed' },
];

function fill(args: Record<string, unknown>, dir: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll('{d}', dir) : v]));
}

for (const [i, c] of CASES.entries()) {
  test(`converge and query-then-apply agree: ${c.name}`, async () => {
    const module = c.module ?? copyModule;
    const dirs = { converge: `${base}/${i}-c`, queried: `${base}/${i}-q` };
    const results: Record<string, Record<string, unknown>> = {};
    const files: Record<string, string> = {};
    for (const [way, dir] of Object.entries(dirs)) {
      await host.sh(`rm -rf ${dir} && mkdir -p ${dir}${c.setup ? ` && ${c.setup.replaceAll('{d}', dir)}` : ''}`);
      // diff mode takes the query-then-apply path; a plain run converges.
      const outcome = await host.run(module, fill(c.args, dir), { diff: way === 'queried' });
      assert.equal(outcome.status, c.status, `${way}: ${JSON.stringify(outcome.result)}`);
      const compared = Object.fromEntries(COMPARED.filter((k) => k in outcome.result).map((k) => [k, outcome.result[k]]));
      results[way] = JSON.parse(JSON.stringify(compared).replaceAll(dir, '{d}')) as Record<string, unknown>;
      files[way] = (await snapshot(host, dir)).replaceAll(dir, '{d}');
    }
    assert.deepEqual(results.converge, results.queried);
    assert.equal(files.converge, files.queried);
    if (c.status !== 'failed') {
      const again = await host.run(module, fill(c.args, dirs.converge));
      assert.equal(again.status, 'ok', `a second run changes nothing: ${JSON.stringify(again.result)}`);
    }
  });
}
