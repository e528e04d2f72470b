/** `kolla-run adhoc PATTERN`: one module on many hosts, Ansible's `ansible` command. */
import { ExitCode, UsageError } from '../../errors.js';
import { runAdhoc } from '../../executor/adhoc.js';
import { checkModuleArgs } from '../../executor/module-args.js';
import { loadInventory, selectHosts } from '../../inventory/index.js';
import { findModule, moduleNames } from '../../modules/registry.js';
import { formatAdhocResult, formatAdhocSummary } from '../../output/adhoc.js';
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
${hostOptionsUsage}

Exit codes: 0 all succeeded, 2 a host failed, 4 a host was unreachable.`;

const options = {
  ...hostOptions,
  'module-name': { type: 'string', short: 'm' },
  args: { type: 'string', short: 'a' },
  'list-hosts': { type: 'boolean' },
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
  const results = await runAdhoc({
    hosts,
    module,
    argsFor: () => args,
    forks: forksOption(values, hosts.length, config),
    flags: { check: values.check === true, diff: values.diff === true },
    connection: connectionOptions(values, config),
    onResult: (r) => io.out(formatAdhocResult(module.name, r)),
  });
  io.out(formatAdhocSummary(results, Date.now() - started));
  if (results.some((r) => r.status === 'unreachable')) return ExitCode.unreachable;
  if (results.some((r) => r.status === 'failed')) return ExitCode.hostFailed;
  return ExitCode.ok;
}
