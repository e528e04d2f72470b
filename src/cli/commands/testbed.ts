/** `kolla-run testbed up|down|status`: the local test hosts. */
import { EnvironmentError, UsageError } from '../../errors.js';
import { testbedDown, testbedStatus, testbedUp } from '../../testbed/index.js';
import { intOption, parseCommand } from '../args.js';
import type { CliIO } from '../output.js';

export const testbedUsage = `Usage: kolla-run testbed up [--nodes N] [--name NAME]
       kolla-run testbed down [--name NAME]
       kolla-run testbed status [--name NAME] [--json]

Local test hosts: N containers with sshd and their own Docker engine, on one
Docker network, plus an image registry they pull from. \`up\` writes an
inventory and known_hosts under the checkout's own .testbed/NAME/ (whatever
the current folder; KOLLA_RUN_TESTBED_DIR moves it); a second \`up\` reuses
what runs. \`down\` removes every container, network and volume it made.`;

const options = {
  nodes: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function testbedCommand(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await runTestbed(argv, io);
  } catch (err) {
    // The issue's contract: an engine that cannot be started is a bad invocation (exit 2, usage).
    if (err instanceof EnvironmentError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

async function runTestbed(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(testbedUsage);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
  const log = (line: string) => io.err(line);
  const common = { name: values.name, log };
  switch (action) {
    case 'up': {
      const started = Date.now();
      const state = await testbedUp({ ...common, nodes: intOption(values.nodes, '--nodes', 3) });
      for (const node of state.nodes) {
        io.out(`${node.hostname}  ssh root@127.0.0.1 -p ${node.sshPort}  address ${node.address}`);
      }
      io.out(`registry   ${state.registry.address} (127.0.0.1:${state.registry.hostPort})`);
      io.out(`inventory  ${state.files.inventory}`);
      io.out(`testbed ${state.testbed} up: ${state.nodes.length} nodes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'down': {
      const removed = await testbedDown(common);
      io.out(`removed ${removed.containers.length} containers, ${removed.networks.length} networks, ${removed.volumes.length} volumes`);
      return 0;
    }
    case 'status': {
      const status = await testbedStatus(common);
      if (values.json) {
        io.out(JSON.stringify(status, null, 2));
        return 0;
      }
      if (!status.engine) {
        io.out('no Docker engine runs: the testbed is down');
        return 0;
      }
      if (status.otherCheckout !== undefined) {
        io.out(`testbed ${status.testbed} belongs to another checkout: its inventory and key are in ${status.otherCheckout}`);
      }
      if (status.nodes.length === 0) io.out(`testbed ${status.testbed}: no nodes`);
      for (const node of status.nodes) {
        io.out(`${node.hostname.padEnd(8)} ${node.container.padEnd(24)} ${node.state.padEnd(8)} ${node.address ?? ''} ${node.sshPort ? `ssh port ${node.sshPort}` : ''}`.trimEnd());
      }
      if (status.registry) io.out(`registry ${status.registry}`);
      if (status.inventory) io.out(`inventory ${status.inventory}`);
      return 0;
    }
    case undefined:
      throw new UsageError('testbed needs an action: up, down or status');
    default:
      throw new UsageError(`unknown testbed action "${action}" (expected up, down or status)`);
  }
}
