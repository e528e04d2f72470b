/** merge_configs on a testbed node: Kolla's layering, rendered on the controller, idempotent. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mergeConfigsModule } from '../../../src/modules/merge_configs.js';
import { localFiles } from '../../support/local-files.js';
import { assertIdempotent, moduleHost, type ModuleHost } from '../../support/module-host.js';

const fixtures = fileURLToPath(new URL('../../../../tests/fixtures/modules/templates/config/', import.meta.url));
const local = localFiles(fixtures, { inventory_name: 'node1', password: 'p#ss;word' }, 'flat');
const dir = `/tmp/kr-mod-merge-${process.pid}`;
let host: ModuleHost;

before(async () => {
  host = await moduleHost(0, { local });
  await host.sh(`rm -rf ${dir} && mkdir -p ${dir}`);
});
after(async () => {
  await host.sh(`rm -rf ${dir}`);
  await host.close();
});

test('role template, then global.conf, then a missing per-service file: later keys win, values verbatim', async () => {
  const args = { sources: ['keystone.conf.j2', 'global.conf', 'keystone/node1/keystone.conf'], dest: `${dir}/keystone.conf`, mode: '0660' };
  await assertIdempotent(host, mergeConfigsModule, args, dir);
  assert.equal(
    await host.sh(`cat ${dir}/keystone.conf`),
    '[DEFAULT]\ndebug = True\nhost = node1\n\n[database]\nconnection = mysql+pymysql://keystone:p#ss;word@db/keystone\n',
  );
});
