/**
 * A play's templated vars_files, per host, as Ansible 2.14's variable
 * manager reads them: each entry in order is templated with the host's
 * variables (see varsFilesScope: inventory, facts, play vars, the earlier
 * entries...); an entry that is a list means the first of its files that
 * exists, its candidates templated one at a time until one is found.
 * Static entries were loaded with the playbook and merge in their place.
 *
 * Ansible templates and reads them again for every task; kolla-run does it
 * once per host per play, and again when the host's facts change (after
 * fact gathering, so `{{ ansible_facts.os_family }}.yml` works). Files are
 * read once per run.
 */
import { statSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { PlaybookLoader, Vars, VarsFileRef } from '../playbook/index.js';
import { varsFileCandidates, varsFileNotFound } from '../playbook/index.js';
import { isUndefinedError } from '../template/index.js';
import { varsFilesScope, type RunScopeSources } from './scope.js';
import type { HostRun, HostVarsFiles, PlayState } from './state.js';

export interface VarsFilesSources extends RunScopeSources {
  readonly loader: PlaybookLoader;
}

/** The per-host cache a play needs: only when some entry is templated. */
export function hostVarsFilesCache(refs: readonly VarsFileRef[]): Map<string, HostVarsFiles> | undefined {
  return refs.some((r) => !r.loaded) ? new Map() : undefined;
}

/** Static entries merged in order (what every host sees when nothing is templated). */
export function staticVarsFiles(refs: readonly VarsFileRef[]): Vars {
  return Object.assign({}, ...refs.map((r) => r.loaded?.vars ?? {})) as Vars;
}

/** Fresh on purpose: a file an earlier play wrote counts (the load-time cache could say it is missing). */
function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * Templates the candidates of one entry in turn; the first that names an
 * existing file wins. Undefined variables propagate (the caller decides).
 */
function findEntry(run: VarsFilesSources, state: PlayState, host: string, ref: VarsFileRef, earlier: Vars): string {
  const names = typeof ref.written === 'string' ? [ref.written] : [...ref.written];
  const scope = varsFilesScope(run, state, host, earlier);
  const tried: string[] = [];
  for (const name of names) {
    const rendered = run.templar.render(name, scope, ref.location);
    if (typeof rendered !== 'string') {
      throw new InputError(`vars_files entries must be file names after templating, but "${name}" gave ${JSON.stringify(rendered)}`, ref.location);
    }
    const candidates = varsFileCandidates(rendered, state.play.baseDir);
    tried.push(...candidates);
    const found = candidates.find(isFile);
    if (found !== undefined) return found;
  }
  // Ansible: "ERROR! vars file [...] was not found", exit 1, before the play's first task.
  // kolla-run: the same moment, as bad input (exit 3), with the paths it tried.
  throw varsFileNotFound(names, tried, ref.location);
}

/** One host's vars_files variables: every entry merged in order, templated ones rendered for this host. */
export async function loadHostVarsFiles(run: VarsFilesSources, state: PlayState, host: HostRun): Promise<Vars> {
  let merged: Vars = {};
  for (const ref of state.play.vars_files) {
    if (ref.loaded) {
      merged = { ...merged, ...ref.loaded.vars };
      continue;
    }
    let file: string;
    try {
      file = findEntry(run, state, host.name, ref, merged);
    } catch (err) {
      if (!isUndefinedError(err)) throw err;
      // Ansible skips the entry silently until the host has gathered facts (it may name a fact),
      // and fails after. It asks for facts from setup (module_setup); kolla-run for any fact.
      if (Object.keys(host.facts).length === 0) continue;
      const why = err instanceof InputError ? err.reason : (err as Error).message;
      throw new InputError(`an undefined variable was found when attempting to template the vars_files item ${JSON.stringify(ref.written)}: ${why}`, ref.location, { cause: err });
    }
    merged = { ...merged, ...(await run.loader.varsFile(file, ref.location)).vars };
  }
  return merged;
}

/**
 * Brings each host's vars_files variables up to date before its scope is
 * used: computed the first time, and again when its facts changed.
 */
export async function refreshVarsFiles(run: VarsFilesSources, state: PlayState, hosts: readonly HostRun[]): Promise<void> {
  const cache = state.hostVarsFiles;
  if (!cache) return;
  for (const host of hosts) {
    if (cache.get(host.name)?.facts === host.facts) continue;
    const facts = host.facts;
    cache.set(host.name, { facts, vars: await loadHostVarsFiles(run, state, host) });
  }
}
