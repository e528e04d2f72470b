/**
 * Modules kolla-ansible's roles name that cannot work on kolla-run's hosts:
 * the loader accepts them and checks their arguments against Ansible's
 * spec (so --syntax-check, --list-tasks and the static checks read
 * kolla-ansible's tree as ansible-playbook does), and a run that reaches
 * one fails on that host saying why: the tool it drives is missing there,
 * or present but not driven by kolla-run.
 */
import type { z } from 'zod';
import { shellQuote } from '../connection/command.js';
import { defineModule, type AnyTaskModule } from './contract.js';
import { argSpec } from './support/arg-spec.js';

/** Option specs as `ansible-doc -j` gives them (ansible-core 2.14 and its bundled collections). */
const SPECS: Readonly<Record<string, string>> = {
  firewalld:
    'icmp_block=str; icmp_block_inversion=str; immediate=bool; interface=str; masquerade=str; offline=bool; permanent=bool; port=str; port_forward=list; protocol=str; rich_rule=str; service=str; source=str; state=str/absent,disabled,enabled,present!; target=str/default,ACCEPT,DROP,%%REJECT%%; timeout=int; zone=str',
  podman_image_info:
    'executable=str; name=list',
};

/** The program each module drives on the host, and what it would manage. */
const TOOLS: Readonly<Record<string, { program: string; what: string }>> = {
  firewalld: { program: 'firewall-cmd', what: 'firewalld' },
  podman_image_info: { program: 'podman', what: 'Podman' },
};

function interfaceOnly(name: string, schema: z.ZodType<Record<string, unknown>>): AnyTaskModule {
  const tool = TOOLS[name] ?? { program: name, what: name };
  return defineModule<Record<string, unknown>, never>({
    name,
    schema,
    check: 'full',
    async query(_params, ctx) {
      const found = await ctx.run(shellQuote(['sh', '-c', 'command -v "$1"', 'sh', tool.program]));
      const why = found.rc === 0 ? `kolla-run does not drive ${tool.what} (${found.stdout.trim()} is there)` : `${tool.program} is missing (${tool.what} is not installed)`;
      const msg = `module "${name}" is not supported on this host: ${why}`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    },
    async apply() {
      return {};
    },
  });
}

/** The interface-only module of that name. */
export function unsupportedModule(name: string): AnyTaskModule {
  const spec = SPECS[name];
  if (spec === undefined) throw new Error(`no interface spec for module "${name}"`);
  return interfaceOnly(name, argSpec(spec));
}

export const unsupportedModuleNames: readonly string[] = Object.keys(SPECS);
