/** `kolla-run adhoc PATTERN`: one module on many hosts, Ansible's `ansible` command. */
import { ExitCode, UsageError } from '../../errors.js';
import { ConnectionPool } from '../../connection/index.js';
import { runAdhoc } from '../../executor/adhoc.js';
import { connectionLine } from '../../output/connection-log.js';
import { checkModuleArgs } from '../../executor/module-args.js';
import { loadInventory, selectHosts } from '../../inventory/index.js';
import { findModule, moduleNames } from '../../modules/registry.js';
import { formatAdhocResult, formatAdhocSummary, type AdhocHostResult } from '../../output/adhoc.js';
import { emptyStats, type HostStats, type Reporter } from '../../output/events.js';
import { createJsonReporter } from '../../output/json-reporter.js';
import { parseKv } from '../../playbook/index.js';
import { closest } from '../../playbook/suggest.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { parseCommand } from '../args.js';
import { setupVault } from '../vault-options.js';
import { checkLimit, connectionOptions, forksOption, hostConfig, hostOptions, hostOptionsUsage, inventorySources } from '../common-options.js';
import type { CliIO } from '../output.js';
import { PROJECT_ROOT } from '../../project-root.js';

export const adhocUsage = `Usage: kolla-run adhoc PATTERN [-i INV] [-m MODULE] [-a ARGS] [options]

Runs one module on every host PATTERN selects (Ansible's host patterns:
a:b unions, a:&b intersections, a:!b exclusions, globs, ~regex, g[0:2]).

  -m, --module-name MODULE   module to run (default: command)
  -a, --args ARGS            module arguments: free text and/or k=v pairs
      --list-hosts           print the selected hosts and stop
      --json                 print run events as JSON lines (the playbook run's events)
${hostOptionsUsage}

Exit codes: 0 all succeeded, 2 a host failed, 4 a host was unreachable.`;

const options = {
  ...hostOptions,
  'module-name': { type: 'string', short: 'm' },
  args: { type: 'string', short: 'a' },
  'list-hosts': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Free-form text for command-like modules, k=v pairs for the rest (as `ansible -a`). */
function moduleArgs(freeForm: string | undefined, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  return parseKv(text, freeForm !== undefined);
}

export async function adhocCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(adhocUsage);
    return ExitCode.ok;
  }
  const [pattern, ...extra] = positionals;
  if (pattern === undefined) throw new UsageError('adhoc needs a host PATTERN (e.g. all)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}" (quote the module arguments given with -a)`);
  const moduleName = values['module-name'] ?? 'command';
  const module = await findModule(moduleName);
  if (!module) {
    const near = closest(moduleName, moduleNames());
    throw new UsageError(`unknown module "${moduleName}"${near ? `; did you mean "${near.word}"?` : ` (known: ${moduleNames().join(', ')})`}`);
  }
  const args = moduleArgs(module.freeForm, values.args);
  if (module.freeForm === undefined && '_raw_params' in args) {
    throw new UsageError(`module ${module.name} takes key=value arguments, not free text`);
  }

  // Everything is loaded and checked before any host is touched.
  const config = hostConfig(io.err);
  await setupVault(values, config);
  const inventory = await loadInventory(inventorySources(values, PROJECT_ROOT, config));
  const extraVars = await parseExtraVars(values['extra-vars'] ?? []);
  checkLimit(inventory, values.limit, io.err);
  const selection = selectHosts(inventory, pattern, values.limit);
  for (const warning of [...inventory.warnings, ...selection.warnings]) io.err(`[WARNING]: ${warning}`);
  if (values['list-hosts']) {
    io.out(`  hosts (${selection.hosts.length}):`);
    for (const host of selection.hosts) io.out(`    ${host}`);
    return ExitCode.ok;
  }
  // Arguments are checked once, before any host is touched (templated ones are checked per host).
  const checked = checkModuleArgs(module, args);
  if (!checked.ok && !JSON.stringify(args).includes('{{')) throw new UsageError(checked.message);
  if (selection.hosts.length === 0) {
    io.err('[WARNING]: no hosts matched, nothing to do');
    return ExitCode.ok;
  }
  const hosts = selection.hosts.map((name) => ({ name, vars: { ...inventory.hostVars(name), ...extraVars } }));
  const started = Date.now();
  const events = values.json ? adhocEvents(createJsonReporter((line) => io.out(line)), module.name, selection.hosts) : undefined;
  const verbosity = values.verbose?.length ?? 0;
  const pool = new ConnectionPool({
    onConnect: (event) => {
      const line = connectionLine(event, verbosity);
      if (line !== undefined) (events ? events.message(line) : io.out(line));
    },
  });
  const results = await runAdhoc({
    pool,
    hosts,
    module,
    // Asked for as each host starts: the moment its host_start event stands for.
    argsFor: (host) => {
      events?.started(host.name);
      return args;
    },
    forks: forksOption(values, hosts.length, config),
    flags: { check: values.check === true, diff: values.diff === true },
    connection: connectionOptions(values, config),
    onResult: (r) => (events ? events.result(r) : io.out(formatAdhocResult(module.name, r))),
  }).finally(() => pool.closeAll({ wait: false }));
  const code = results.some((r) => r.status === 'unreachable') ? ExitCode.unreachable : results.some((r) => r.status === 'failed') ? ExitCode.hostFailed : ExitCode.ok;
  if (events) await events.end(results, Date.now() - started, code);
  else io.out(formatAdhocSummary(results, Date.now() - started));
  return code;
}

/** `adhoc --json`: the events of a playbook run of one play ("Ansible Ad-Hoc", as Ansible names it) and one task. */
function adhocEvents(reporter: Reporter, moduleName: string, hosts: readonly string[]) {
  const task = { name: moduleName, action: moduleName, handler: false };
  const play = 'Ansible Ad-Hoc';
  const started = Date.now();
  reporter.emit({ type: 'play_start', name: play, hosts });
  reporter.emit({ type: 'batch_start', play, batch: 1, batches: 1, hosts });
  reporter.emit({ type: 'task_start', task, hosts });
  return {
    started: (host: string) => reporter.emit({ type: 'host_start', task, host }),
    message: (message: string) => reporter.emit({ type: 'message', message }),
    result: (r: AdhocHostResult) => reporter.emit({ type: 'host_result', task, host: r.host, status: r.status, result: r.result }),
    async end(results: readonly AdhocHostResult[], ms: number, exitCode: number) {
      reporter.emit({ type: 'play_end', name: play, ms: Date.now() - started });
      const stats = new Map(results.map((r) => [r.host, adhocStats(r)]));
      reporter.emit({ type: 'recap', stats, ms, slowest: [{ name: moduleName, ms }], interrupted: false, exitCode });
      await reporter.close();
    },
  };
}

/** A host's recap counters for its one result, as a playbook run counts them. */
function adhocStats(r: AdhocHostResult): HostStats {
  const stats = emptyStats();
  if (r.status === 'changed') stats.changed = 1;
  if (r.status === 'ok' || r.status === 'changed') stats.ok = 1;
  else stats[r.status] = 1;
  return stats;
}
