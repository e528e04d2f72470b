/**
 * kolla-run's command line: argv in, exit code out. Uses only the public
 * parts of the engine; a user's mistake ends as one line (for a
 * command-line mistake, then where the help is), never as a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ExitCode, isKollaRunError, UsageError } from '../errors.js';
import { processIO, type CliIO } from './output.js';
import { PROJECT_ROOT } from '../project-root.js';
import { join } from 'node:path';
import { VERBS } from '../kolla/verbs.js';
import { closest } from '../playbook/suggest.js';

interface LoadedCommand {
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

interface SubCommand {
  summary: string;
  /** Loaded on use: a run pays only for the command it runs (start-up time is part of every run). */
  load(): Promise<LoadedCommand>;
}

const subCommands: Record<string, SubCommand> = {
  adhoc: {
    summary: "run one module on many hosts (Ansible's `ansible`)",
    load: async () => import('./commands/adhoc.js').then((m) => ({ run: m.adhocCommand })),
  },
  build: {
    summary: 'build the Kolla images on the local Docker engine',
    load: async () => import('./commands/build.js').then((m) => ({ run: m.buildCommand })),
  },
  genpwd: {
    summary: "create or complete passwords.yml in the config folder (kolla-genpwd)",
    load: async () => import('./commands/genpwd.js').then((m) => ({ run: m.genpwdCommand })),
  },
  inventory: {
    summary: 'show an inventory as Ansible reads it (--list, --graph, --host)',
    load: async () => import('./commands/inventory.js').then((m) => ({ run: m.inventoryCommand })),
  },
  playbook: {
    summary: 'run playbooks (also: kolla-run PLAYBOOK...)',
    load: async () => import('./commands/playbook.js').then((m) => ({ run: m.playbookCommand })),
  },
  status: {
    summary: 'every Kolla container on every host: image tag, state, health, restarts, uptime',
    load: async () => import('./commands/status.js').then((m) => ({ run: m.statusCommand })),
  },
  testbed: {
    summary: 'start, inspect or remove the local test hosts',
    load: async () => import('./commands/testbed.js').then((m) => ({ run: m.testbedCommand })),
  },
};

// kolla-ansible's verbs: each a short form of one of the installation's playbooks.
const verbCommands: Record<string, SubCommand> = Object.fromEntries(
  VERBS.flatMap((verb) => {
    const command: SubCommand = {
      summary: verb.summary,
      load: async () => import('./commands/verbs.js').then((m) => ({ run: (argv: readonly string[], io: CliIO) => m.verbCommand(verb, argv, io) })),
    };
    return [verb.name, ...(verb.aliases ?? [])].map((name) => [name, command] as const);
  }),
);

function mainUsage(): string {
  const width = Math.max(...[...Object.keys(subCommands), ...VERBS.map((v) => v.name)].map((k) => k.length));
  const lines = Object.entries(subCommands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  const verbs = VERBS.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`);
  return `Usage: kolla-run <command> [options]

Commands:
${lines.join('\n')}

Kolla's operator commands (as kolla-ansible's; each runs a playbook with -i INV and its options):
${verbs.join('\n')}

Run \`kolla-run <command> --help\` for a command's options; \`kolla-run --version\` for the version.`;
}

export function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
}

export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  let help = 'kolla-run --help';
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.out(mainUsage());
      return first === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (first === '--version' || first === 'version') {
      io.out(`kolla-run ${version()}`);
      return ExitCode.ok;
    }
    const entry = subCommands[first] ?? verbCommands[first];
    // `kolla-run site.yaml -i inv`: a first word that names a playbook runs it; so do
    // options first, as ansible-playbook takes them (`kolla-run --syntax-check -i inv site.yaml`).
    const namesPlaybook = (word: string) => /\.ya?ml$/.test(word) || existsSync(word);
    const isPlaybook = !entry && (namesPlaybook(first) || (first.startsWith('-') && rest.some((w) => !w.startsWith('-') && /\.ya?ml$/.test(w))));
    if (!entry && !isPlaybook) {
      const near = closest(first, [...Object.keys(subCommands), ...Object.keys(verbCommands)]);
      throw new UsageError(`unknown command "${first}"${near ? `; did you mean "${near.word}"?` : ''}`);
    }
    const command = await (entry ?? (subCommands.playbook as SubCommand)).load();
    help = `kolla-run ${entry ? first : 'playbook'} --help`;
    return await command.run(isPlaybook ? argv : rest, io);
  } catch (err) {
    return reportError(err, help, io);
  }
}

/** The error first and alone on its line; for a command-line mistake, where the help is (not the whole usage, which would scroll the error away). */
function reportError(err: unknown, help: string, io: CliIO): number {
  if (isKollaRunError(err)) {
    io.err(`kolla-run: ${err.message}`);
    if (err instanceof UsageError) io.err(`see ${help}`);
    return err.exitCode;
  }
  // Not a user mistake: a bug. Say so, and keep the trace for whoever debugs it.
  io.err(`kolla-run: internal error: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.KOLLA_RUN_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
  else io.err('(set KOLLA_RUN_DEBUG=1 to see where it happened)');
  return ExitCode.internal;
}
