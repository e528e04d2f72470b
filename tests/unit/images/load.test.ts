import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../../../src/errors.js';
import { KOLLA_USERS, planImages } from '../../../src/images/index.js';
import { tempDir } from '../../support/temp-dir.js';

const realImages = fileURLToPath(new URL('../../../../images', import.meta.url));
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function imagesDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('kolla-run-images-');
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'Dockerfile.j2'), text);
  }
  return dir;
}

const BASE = 'FROM {{ base_image }}\nRUN true\n';
const CHILD = (parent: string) => `FROM {{ namespace }}/{{ image_prefix }}${parent}:{{ tag }}\nRUN true\n`;

test("the project's images: every one found, parents from their FROM lines", async () => {
  const plan = await planImages({ imagesDir: realImages });
  const parents = Object.fromEntries(plan.images.map((s) => [s.name, s.parent ?? null]));
  assert.deepEqual(parents, {
    base: null,
    cron: 'base',
    haproxy: 'base',
    keepalived: 'base',
    'kolla-toolbox': 'base',
    'mariadb-server': 'base',
    memcached: 'base',
    'openstack-base': 'base',
    keystone: 'openstack-base',
    rabbitmq: 'base',
    rsyslog: 'base',
  });
  assert.equal(plan.images[0]?.name, 'base');
  assert.deepEqual(plan.images[0]?.external, ['kolla-run/bookworm-base:latest']);
  assert.ok(plan.images.every((s) => !/\{\{|\{%/.test(s.dockerfile)), 'fully rendered');
});

test('the base image creates every service user with its fixed id', async () => {
  const plan = await planImages({ imagesDir: realImages, patterns: ['^base$'] });
  const text = plan.selected[0]?.dockerfile ?? '';
  for (const user of KOLLA_USERS) assert.ok(text.includes(`${user.name}:${user.uid}:${user.gid}:`), user.name);
  assert.match(text, /groupadd --gid 42400 kolla/);
});

test('selection: `mariadb` gives mariadb-server and base; the naming options reach the FROM lines', async () => {
  const plan = await planImages({ imagesDir: realImages, patterns: ['mariadb'], namespace: 'ns', tag: 't1', imagePrefix: 'p-', registry: 'reg:4000' });
  assert.deepEqual(plan.selected.map((s) => s.name), ['base', 'mariadb-server']);
  assert.equal(plan.selected[1]?.ref, 'reg:4000/ns/p-mariadb-server:t1');
  assert.match(plan.selected[1]?.dockerfile ?? '', /^FROM reg:4000\/ns\/p-base:t1$/m);
});

test('an undefined variable is an InputError at the template line', async () => {
  const dir = await imagesDir({ base: BASE, broken: `FROM {{ namespace }}/base:{{ tag }}\n\nRUN echo {{ no_such_variable }}\n` });
  await assert.rejects(planImages({ imagesDir: dir }), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.match(err.location.file, /broken\/Dockerfile\.j2$/);
    assert.equal(err.location.line, 3);
    assert.equal(err.exitCode, 3);
    return true;
  });
});

test('a template syntax error is an InputError at its line', async () => {
  const dir = await imagesDir({ base: BASE, broken: 'FROM {{ base_image }}\nRUN true\n{% if tag %}\nRUN false\n' });
  await assert.rejects(planImages({ imagesDir: dir }), (err: unknown) => {
    assert.ok(err instanceof InputError, String(err));
    assert.match(err.message, /broken\/Dockerfile\.j2:\d+/);
    return true;
  });
});

test('a FROM naming an image that does not exist is an InputError at the FROM line of the template', async () => {
  const dir = await imagesDir({ base: BASE, orphan: `{# a comment\n   on two lines #}\n${CHILD('nova-base')}` });
  await assert.rejects(planImages({ imagesDir: dir }), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.match(err.message, /orphan\/Dockerfile\.j2:3: FROM kolla\/nova-base:latest: there is no image "nova-base"/);
    return true;
  });
});

test('images built from each other in a cycle are an InputError', async () => {
  const dir = await imagesDir({ a: CHILD('b'), b: CHILD('a') });
  await assert.rejects(planImages({ imagesDir: dir }), (err: unknown) => err instanceof InputError && /a\/Dockerfile\.j2:1: images depend on each other in a cycle: a -> b -> a/.test(err.message));
});

test('a Dockerfile without FROM is an InputError', async () => {
  const dir = await imagesDir({ empty: 'RUN true\n' });
  await assert.rejects(planImages({ imagesDir: dir }), (err: unknown) => err instanceof InputError && /no FROM line/.test(err.message));
});

test('per-image variables reach only their image', async () => {
  const dir = await imagesDir({ base: 'FROM {{ base_image }}\nRUN echo {{ greeting | default("none") }}\n', child: `${CHILD('base')}RUN echo {{ greeting }}\n` });
  const plan = await planImages({ imagesDir: dir, imageVars: { child: { greeting: 'hello' } } });
  assert.match(plan.images.find((s) => s.name === 'child')?.dockerfile ?? '', /echo hello/);
  assert.match(plan.images.find((s) => s.name === 'base')?.dockerfile ?? '', /echo none/);
});

test('bad naming options are usage errors', async () => {
  await assert.rejects(planImages({ imagesDir: realImages, base: 'centos' }), UsageError);
  await assert.rejects(planImages({ imagesDir: realImages, tag: 'a b' }), UsageError);
  await assert.rejects(planImages({ imagesDir: realImages, registry: 'http://x' }), UsageError);
  await assert.rejects(planImages({ imagesDir: join(realImages, 'no-such-dir') }), UsageError);
});
