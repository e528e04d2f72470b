/**
 * A node reached only through another node: node 2 by its testbed-network
 * address, through node 1 as ProxyJump (one shared bastion connection).
 * sshd on node 2 sees the connection come from node 1's address.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const launcher = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));

test('adhoc through a jump host: the target sees the bastion as its peer', async () => {
  const state = await upTestbed(TEST_NODES);
  const [bastion, second, third] = state.nodes;
  assert.ok(bastion && second && third);
  const dir = await mkdtemp(join(tmpdir(), 'kr-jump-'));
  const inventory = join(dir, 'hosts');
  const jump = `-o ProxyJump=root@127.0.0.1:${bastion.sshPort} -o UserKnownHostsFile=${state.files.knownHosts}`;
  await writeFile(
    inventory,
    [
      '[behind]',
      `${second.hostname} ansible_host=${second.address}`,
      `${third.hostname} ansible_host=${third.address}`,
      '[behind:vars]',
      'ansible_user=root',
      `ansible_ssh_private_key_file=${state.files.keyFile}`,
      `ansible_ssh_common_args='${jump}'`,
      '',
    ].join('\n'),
  );
  const run = spawnSync(launcher, ['adhoc', 'behind', '-i', inventory, '-m', 'shell', '-a', 'echo "$(hostname) from ${SSH_CONNECTION%% *}"'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`^${second.hostname} \\| CHANGED \\| rc=0 >>\\n${second.hostname} from ${bastion.address.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(run.stdout, new RegExp(`^${third.hostname} \\| CHANGED \\| rc=0 >>\\n${third.hostname} from ${bastion.address.replace(/\./g, '\\.')}$`, 'm'));
});
