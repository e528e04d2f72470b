/**
 * Every name a source can define before a task reads it: run-wide (extra
 * vars, the whole inventory, group_vars/host_vars beside the inventory and
 * the playbooks, and what tasks of any play set for later ones: register,
 * set_fact, include_vars, add_host, fact modules) and per play (play vars,
 * vars_files, the defaults, vars and parameters of every role it reaches).
 *
 * A source whose names cannot be known before the run (set_fact under a
 * templated name, include_vars of a templated file, a fact module whose
 * facts are not known, a role or task file named by a template that cannot
 * be followed, a vars_files entry that cannot be resolved) makes the run, or
 * the play, "dynamic": nothing is reported there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Inventory } from '../../inventory/index.js';
import { playRoleRefs, varsFileCandidates, type Node, type Play, type PlaybookLoader, type Role, type Task, type Vars } from '../../playbook/index.js';
import { hasMarkup } from '../../template/index.js';
import { loadYamlFile } from '../../yaml/load.js';
import { staticTaskFile } from '../files.js';
import { candidateFiles, type PlayReach } from '../walk.js';
import { playHosts, staticRender, type StaticRender } from './static-render.js';

export interface RunNames {
  names: Set<string>;
  /** Prefixes of fact names known only in part (getent_<database>). */
  prefixes: string[];
  /** group_by or add_host runs somewhere: a play's hosts may be in groups made during the run. */
  runtimeGroups: boolean;
  /** Why nothing can be reported in this run, when something there is dynamic. */
  dynamic?: string;
}

/** Facts of the fact modules whose facts are known (package_facts gives `packages`...). */
const FACT_MODULES: Readonly<Record<string, readonly string[]>> = {
  setup: [],
  gather_facts: [],
  package_facts: ['packages'],
  service_facts: ['services'],
  // kolla-run's kolla_container_facts returns its result to register, as kolla-ansible's does.
  kolla_container_facts: [],
};
const ADD_HOST_OPTIONS = new Set(['name', 'hostname', 'host', 'groups', 'groupname', 'group']);

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys of every YAML file under `dir` (group_vars/, host_vars/ beside an inventory or a playbook). */
async function keysUnder(dir: string, out: Set<string>): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) await keysUnder(full, out);
    else if (['', '.yml', '.yaml', '.json'].includes(path.extname(name))) {
      const doc = await loadYamlFile(full);
      if (isMap(doc.value)) for (const k of Object.keys(doc.value)) out.add(k);
    }
  }
}

/** What one task defines for the rest of the run; a reason when what it defines cannot be known. */
function taskDefines(task: Task, play: Play, out: RunNames, files: string[]): string | undefined {
  const where = `${task.location.file}:${task.location.line ?? ''}`;
  const reg = task.keywords.register;
  if (reg !== undefined) {
    if (hasMarkup(reg)) return `register under a templated name at ${where}`;
    out.names.add(reg);
  }
  const args = task.args;
  switch (task.action) {
    case 'set_fact':
      for (const k of Object.keys(args)) {
        if (hasMarkup(k) || k === '_raw_params') return `set_fact of a templated name at ${where}`;
        if (k !== 'cacheable') out.names.add(k);
      }
      return undefined;
    case 'include_vars': {
      const name = args['name'];
      if (typeof name === 'string') {
        if (hasMarkup(name)) return `include_vars under a templated name at ${where}`;
        out.names.add(name);
        return undefined;
      }
      if (args['dir'] !== undefined) return `include_vars of a folder at ${where}`;
      const file = staticTaskFile(task, play, args['file'] ?? args['_raw_params'], 'vars');
      if (file === undefined) return `include_vars of a templated file at ${where}`;
      files.push(file);
      return undefined;
    }
    case 'add_host':
      for (const k of Object.keys(args)) {
        if (hasMarkup(k)) return `add_host with a templated variable name at ${where}`;
        if (!ADD_HOST_OPTIONS.has(k)) out.names.add(k);
      }
      return undefined;
    case 'getent':
      out.prefixes.push('getent_');
      return undefined;
    default:
  }
  const facts = FACT_MODULES[task.action];
  if (facts) facts.forEach((f) => out.names.add(f));
  else if (task.action.endsWith('_facts')) return `${task.written} sets facts nobody can name before the run, at ${where}`;
  if (task.include?.kind === 'role' && task.include.resolved === undefined) return `include_role of a templated role at ${where}`;
  return undefined;
}

export async function runNames(loader: PlaybookLoader, reaches: readonly PlayReach[], inventory: Inventory, extraVars: Vars): Promise<RunNames> {
  const out: RunNames = { names: new Set(Object.keys(extraVars)), prefixes: [], runtimeGroups: false };
  for (const host of inventory.hostNames) for (const k of Object.keys(inventory.hostVars(host))) out.names.add(k);
  for (const group of inventory.groupNames) for (const k of Object.keys(inventory.group(group)?.vars ?? {})) out.names.add(k);
  // group_vars/ and host_vars/ of every folder Ansible may read them from, whichever hosts they are for.
  const dirs = new Set([...inventory.sources.filter((s) => existsSync(s)).map((s) => (statSync(s).isDirectory() ? s : path.dirname(s))), ...reaches.map((r) => r.play.baseDir)]);
  for (const dir of dirs) for (const sub of ['group_vars', 'host_vars']) await keysUnder(path.join(dir, sub), out.names);
  const files: string[] = [];
  out.runtimeGroups = reaches.some((r) => [...r.nodes].some((n) => n.kind === 'task' && (n.action === 'group_by' || n.action === 'add_host')));
  const dynamic = (why: string): void => void (out.dynamic ??= why);
  const scanned = new Set<Node>();
  const scan = async (nodes: Iterable<Node>, reach: PlayReach, render: () => StaticRender): Promise<void> => {
    for (const node of nodes) {
      if (out.dynamic !== undefined) return;
      if (scanned.has(node)) continue;
      scanned.add(node);
      if (node.kind === 'block') {
        // A file reached only below (a resolved include) is not in the reach: its blocks are opened here.
        if (!reach.nodes.has(node)) await scan([...node.block, ...node.rescue, ...node.always], reach, render);
        continue;
      }
      const why = taskDefines(node, reach.play, out, files);
      if (why !== undefined) dynamic(why);
      if (!reach.nodes.has(node)) {
        const role = loader.staticRole(node);
        const below = loader.staticInclude(node) ?? (role && [...role.tasks, ...role.handlers]);
        if (below) await scan(below, reach, render);
      }
      const inc = node.include;
      if (inc?.kind !== 'tasks' || inc.static) continue;
      // A templated name: followed when it can be rendered now (extra vars, inventory, play and task vars).
      const file = render()(inc.file, node.keywords.vars);
      const inner = file === undefined ? undefined : await loader.includeTasks(node, file, reach.play.baseDir).catch(() => undefined);
      if (inner) await scan(inner, reach, render);
      else if (candidateFiles(node).length === 0) dynamic(`include_tasks of a templated file at ${node.location.file}:${node.location.line ?? ''}`);
    }
  };
  for (const reach of reaches) {
    let cached: StaticRender | undefined;
    const render = (): StaticRender => (cached ??= staticRender(reach.play, inventory, extraVars, out.runtimeGroups));
    await scan(reach.nodes, reach, render);
  }
  for (const file of files) {
    const vars = await loader.varsFile(file, { file });
    for (const k of Object.keys(vars.vars)) out.names.add(k);
  }
  return out;
}

function roleNames(role: Role, out: Set<string>, seen: Set<Role>): void {
  if (seen.has(role)) return;
  seen.add(role);
  for (const k of [...Object.keys(role.defaults?.vars ?? {}), ...Object.keys(role.vars?.vars ?? {})]) out.add(k);
  for (const dep of role.dependencies) {
    for (const k of Object.keys(dep.params)) out.add(k);
    roleNames(dep.role, out, seen);
  }
}

/**
 * The names of a play: undefined when the play is dynamic (a vars_files
 * entry that cannot be resolved before the run), 'no hosts' when the
 * inventory gives it no host (it runs nothing).
 */
export async function playNames(loader: PlaybookLoader, reach: PlayReach, inventory: Inventory, extraVars: Vars, runtimeGroups: boolean): Promise<Set<string> | 'no hosts' | undefined> {
  const { play } = reach;
  const names = new Set(Object.keys(play.keywords.vars ?? {}));
  if (playHosts(play, inventory, runtimeGroups) === 'no hosts') return 'no hosts';
  const render = staticRender(play, inventory, extraVars, runtimeGroups);
  const seen = new Set<Role>();
  for (const ref of playRoleRefs(play)) {
    for (const k of Object.keys(ref.params)) names.add(k);
    roleNames(ref.role, names, seen);
  }
  for (const node of reach.nodes) {
    // Ansible 2.14 shows import_role's vars to the whole play; include_role's count here too (public: true does the same).
    if (node.kind === 'block' ? node.importedFrom?.action === 'import_role' : node.include?.kind === 'role') for (const k of Object.keys(node.keywords.vars ?? {})) names.add(k);
    if (node.kind === 'block' && node.roleRef) for (const k of Object.keys(node.roleRef.params)) names.add(k);
    const role = node.kind === 'task' ? loader.staticRole(node) : node.roleRef?.role;
    if (role) roleNames(role, names, seen);
  }
  let earlier: Vars = {};
  for (const ref of play.vars_files) {
    let vars = ref.loaded?.vars;
    if (!vars) {
      const file = resolveVarsFile(typeof ref.written === 'string' ? [ref.written] : ref.written, play, render, earlier);
      if (file === undefined) return undefined;
      vars = (await loader.varsFile(file, ref.location)).vars;
    }
    earlier = { ...earlier, ...vars };
    for (const k of Object.keys(vars)) names.add(k);
  }
  return names;
}

/** The file a templated vars_files entry names for the play's first host; undefined when that needs more than is known now. */
function resolveVarsFile(written: readonly string[], play: Play, render: StaticRender, earlier: Vars): string | undefined {
  for (const name of written) {
    const rendered = render(name, earlier);
    if (rendered === undefined) return undefined;
    const found = varsFileCandidates(rendered, play.baseDir).find((c) => existsSync(c) && statSync(c).isFile());
    if (found !== undefined) return found;
  }
  return undefined;
}
