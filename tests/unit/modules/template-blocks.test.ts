/**
 * template's Jinja2 whitespace options as Ansible defaults them
 * (trim_blocks yes, lstrip_blocks no) and when turned over, and an empty
 * src refused as a parameter.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const TEMPLATE = 'a\n  {% if true %}\nb\n  {% endif %}\nc\n';

test('by default a block tag eats its newline but not the indentation before it', async () => {
  await h.source('templates', 't.j2', TEMPLATE);
  await h.run('template', { src: 't.j2', dest: h.path('t') });
  assert.equal(await h.read('t'), 'a\n  b\n  c\n');
});

test('trim_blocks: no keeps the newline; lstrip_blocks: yes strips the indentation', async () => {
  await h.source('templates', 't.j2', TEMPLATE);
  await h.run('template', { src: 't.j2', dest: h.path('kept'), trim_blocks: false });
  assert.equal(await h.read('kept'), 'a\n  \nb\n  \nc\n');
  await h.run('template', { src: 't.j2', dest: h.path('stripped'), lstrip_blocks: true });
  assert.equal(await h.read('stripped'), 'a\nb\nc\n');
});

test('an empty src is refused as a parameter', async () => {
  assert.match(String((await h.run('template', { src: '', dest: h.path('x') })).result.msg), /^template: parameter "src"/);
});
