/** `kolla-run PLAYBOOK... -i INV`: Ansible's ansible-playbook. */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkVariables } from '../../check/index.js';
import { ExitCode, KollaRunError, UsageError } from '../../errors.js';
import type { RoundTrips } from '../../connection/index.js';
import type { RunOptions } from '../../executor/context.js';
import { loadPlaybooks, runPlaybooks } from '../../executor/playbook-runner.js';
import { loadInventory } from '../../inventory/index.js';
import { createJsonReporter } from '../../output/json-reporter.js';
import { createLineReporter } from '../../output/line-reporter.js';
import { createTtyReporter } from '../../output/tty-reporter.js';
import type { Reporter } from '../../output/events.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { maskSecrets } from '../../vars/secrets.js';
import { parseCommand } from '../args.js';
import { setupVault } from '../vault-options.js';
import { checkLimit, connectionOptions, forksOption, hostConfig, hostOptions, hostOptionsUsage, inventorySources } from '../common-options.js';
import type { CliIO } from '../output.js';
import { PROJECT_ROOT } from '../../project-root.js';
import { listPlaybook, startTaskKnown } from './playbook-lists.js';
import { handleInterrupts } from '../interrupt.js';

export const playbookUsage = `Usage: kolla-run PLAYBOOK... [-i INV] [options]

Runs the plays of each PLAYBOOK in order on the hosts they select, with
Ansible's meaning (serial batches, handlers, block/rescue/always, tags...).

  -t, --tags TAGS            only tasks with these tags (comma-separated, repeatable)
      --skip-tags TAGS       skip tasks with these tags
      --serial N             hosts per batch for every play (N, N%, or a list N,M)
      --start-at-task NAME   start at the task with this name
      --force-handlers       run notified handlers even on hosts that failed
      --list-hosts           print each play's hosts and stop
      --list-tasks           print each play's tasks and stop
      --list-tags            print each play's tags and stop
      --syntax-check         check the playbooks and stop (no host is contacted)
      --json                 print run events as JSON lines
      --roles-path DIR       another place to find roles (repeatable)
${hostOptionsUsage}

Exit codes: 0 ok, 2 a host failed, 3 bad input, 4 a host was unreachable,
99 interrupted.`;

const options = {
  ...hostOptions,
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  serial: { type: 'string' },
  'start-at-task': { type: 'string' },
  'force-handlers': { type: 'boolean' },
  'list-hosts': { type: 'boolean' },
  'list-tasks': { type: 'boolean' },
  'list-tags': { type: 'boolean' },
  'syntax-check': { type: 'boolean' },
  json: { type: 'boolean' },
  'roles-path': { type: 'string', multiple: true },
} as const;

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function serialOption(value: string | undefined): Array<number | string> | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  for (const p of parts) if (!/^\d+%?$/.test(p)) throw new UsageError(`--serial expects N, N% or a list of them, got "${value}"`);
  return parts.map((p) => (p.endsWith('%') ? p : Number(p)));
}

function reporterFor(io: CliIO, json: boolean, verbosity: number, diff: boolean): Reporter {
  if (json) return createJsonReporter((line) => io.out(line));
  if (io.isTTY) return createTtyReporter({ write: (line) => io.out(line), diff, verbosity, mask: maskSecrets });
  return createLineReporter({ write: (line) => io.out(line), verbosity, diff });
}

export async function playbookCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(playbookUsage);
    return ExitCode.ok;
  }
  if (positionals.length === 0) throw new UsageError('give at least one PLAYBOOK');
  const config = hostConfig(io.err);
  // --roles-path first, then ansible.cfg's roles_path (or ANSIBLE_ROLES_PATH).
  const rolesPath = [...(values['roles-path'] ?? []), ...(config.rolesPath ?? [])];
  // Everything is loaded and validated before any host is contacted.
  await setupVault(values, config);
  const loaded = await loadPlaybooks(positionals, rolesPath);
  const { playbooks } = loaded;
  // Like Ansible, the (first) playbook's folder holds group_vars/ and host_vars/ too (kolla-ansible keeps its defaults there).
  const playbookDir = dirname(resolve(positionals[0] ?? '.'));
  const extraVars = await parseExtraVars(values['extra-vars'] ?? []);
  if (values['syntax-check']) {
    // Which variables are defined depends on the inventory: checked when one is named, as a run would read it.
    if (values.inventory?.length || config.inventory?.length) {
      const inventory = await loadInventory(inventorySources(values, PROJECT_ROOT, config), { playbookDir });
      await checkVariables(loaded.loader, playbooks, inventory, extraVars);
    }
    // Ansible prints a blank line before each, and the path as given.
    for (const file of positionals) io.out(`\nplaybook: ${file}`);
    return ExitCode.ok;
  }
  const inventory = await loadInventory(inventorySources(values, PROJECT_ROOT, config), { playbookDir });
  const tags = splitList(values.tags);
  const skipTags = splitList(values['skip-tags']);
  if (values['list-hosts'] || values['list-tasks'] || values['list-tags']) {
    // The playbook's path as the command line gave it, as Ansible prints it.
    const named = playbooks.map((pb, i) => ({ ...pb, file: positionals[i] ?? pb.file }));
    for (const line of listPlaybook(named, inventory, { hosts: values['list-hosts'] === true, tasks: values['list-tasks'] === true, tags: values['list-tags'] === true, limit: values.limit, onlyTags: tags, skipTags })) io.out(line);
    return ExitCode.ok;
  }
  await checkVariables(loaded.loader, playbooks, inventory, extraVars);
  checkLimit(inventory, values.limit, io.err);
  const startAtTask = values['start-at-task'];
  // Ansible says so and exits 0 having run nothing; a typo that succeeds is worse than an error.
  if (startAtTask !== undefined && !startTaskKnown(playbooks, startAtTask)) {
    throw new KollaRunError(`--start-at-task: no task is named "${startAtTask}" (a task inside include_tasks or include_role cannot be started at, as in Ansible)`, ExitCode.error);
  }
  const verbosity = values.verbose?.length ?? 0;
  const diff = values.diff === true;
  const runOptions: RunOptions = {
    check: values.check === true,
    diff,
    forks: forksOption(values, inventory.hostNames.length, config),
    verbosity,
    tags,
    skipTags,
    limit: values.limit,
    serial: serialOption(values.serial),
    forceHandlers: values['force-handlers'] === true,
    startAtTask: values['start-at-task'],
    connection: connectionOptions(values, config),
    readAhead: process.env.KOLLA_RUN_READ_AHEAD !== 'off',
  };
  const interrupt = handleInterrupts(io.err);
  try {
    const result = await runPlaybooks({
      loaded,
      inventory,
      extraVars,
      options: runOptions,
      reporter: interrupt.watch(reporterFor(io, values.json === true, verbosity, diff)),
      signal: interrupt.signal,
    });
    const summary = interrupt.summary();
    if (summary !== undefined) io.err(summary);
    writeRoundTrips(result.roundTrips);
    return result.exitCode;
  } finally {
    interrupt.dispose();
  }
}

/**
 * KOLLA_RUN_ROUND_TRIPS=FILE: the round trips each host cost (commands, engine-socket streams) as
 * JSON in FILE, for bench/ to print beside its times; the run's output is the same with or without it.
 */
function writeRoundTrips(roundTrips: ReadonlyMap<string, Readonly<RoundTrips>>): void {
  const file = process.env.KOLLA_RUN_ROUND_TRIPS;
  if (!file) return;
  writeFileSync(file, `${JSON.stringify({ hosts: Object.fromEntries(roundTrips) })}\n`);
}
