/**
 * Parameters of type path expanded as Ansible's module expands them on the
 * host, by the local host's real shell: only the module's path parameters,
 * lists too, and no command at all when nothing needs it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expandPathParams } from '../../../src/executor/path-params.js';
import type { AnyTaskModule } from '../../../src/modules/contract.js';
import { countingContext } from '../../support/converge-differential.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const module = { name: 'paths-test', paths: ['path', 'paths'] } as unknown as AnyTaskModule;
const home = process.env.HOME ?? '';

test('path parameters: variables, then a leading ~; other parameters and unset variables as written', async () => {
  const counted = countingContext(h.ctx);
  const params = { path: '~/x', paths: ['$HOME/a', '${NO_SUCH_VAR_KR}/b', 'plain'], other: '~/y', n: 3 };
  const out = await expandPathParams(module, params, counted.ctx);
  assert.deepEqual(out, { path: `${home}/x`, paths: [`${home}/a`, '${NO_SUCH_VAR_KR}/b', 'plain'], other: '~/y', n: 3 });
  assert.equal(counted.runs(), 1, 'one command for all of them');
});

test('no command when no path needs expanding, and a module without the trait is left alone', async () => {
  const counted = countingContext(h.ctx);
  const params = { path: '/etc/kolla', paths: ['a~b', 'c'] };
  assert.equal(await expandPathParams(module, params, counted.ctx), params);
  const plain = { name: 'plain' } as unknown as AnyTaskModule;
  assert.deepEqual(await expandPathParams(plain, { path: '~/x' }, counted.ctx), { path: '~/x' });
  assert.equal(counted.runs(), 0);
});
