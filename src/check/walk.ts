/**
 * What a play can run, as far as it is known before the run: its task
 * lists, its roles (dependencies first), static imports and the targets of
 * includes whose names are not templated; and its handlers.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { playHandlers, roleBlock, type Node, type Play, type PlaybookLoader, type Role, type Task } from '../playbook/index.js';

export interface PlayReach {
  play: Play;
  /** Every task and block the play may run (handlers included), each once. */
  nodes: Set<Node>;
  /** The handler nodes (blocks opened), in definition order. */
  handlers: Task[];
  /** An include_role with a templated name may bring handlers nobody can name before the run. */
  unknownHandlers: boolean;
  /**
   * Nodes of files a templated include_tasks name may give: each is checked on
   * its own, but whether this play runs it (and so which handlers it sees) is unknown.
   */
  guessed: Set<Node>;
}

export async function reachPlay(loader: PlaybookLoader, play: Play): Promise<PlayReach> {
  const out: PlayReach = { play, nodes: new Set(), handlers: [], unknownHandlers: false, guessed: new Set() };
  let guessing = false;
  const addHandlers = (list: readonly Node[]): void => {
    for (const n of list) {
      if (n.kind === 'block') addHandlers([...n.block, ...n.rescue, ...n.always]);
      else {
        out.handlers.push(n);
        const inner = loader.staticInclude(n);
        if (inner) addHandlers(inner);
        else if (n.include?.kind === 'tasks') out.unknownHandlers = true;
      }
    }
    visit(list);
  };
  const role = (r: Role): void => {
    visit(r.tasks);
    r.dependencies.forEach((d) => role(d.role));
    addHandlers(r.handlers);
  };
  const pending: Task[] = [];
  const visit = (list: readonly Node[]): void => {
    for (const n of list) {
      if (out.nodes.has(n)) continue;
      out.nodes.add(n);
      if (guessing) out.guessed.add(n);
      if (n.kind === 'block') {
        visit([...n.block, ...n.rescue, ...n.always]);
        continue;
      }
      if (n.include?.kind === 'tasks') {
        const inner = loader.staticInclude(n);
        if (inner) visit(inner);
        else pending.push(n);
      }
      else if (n.include?.kind === 'role') {
        const r = loader.staticRole(n);
        if (r) role(r);
        else out.unknownHandlers = true;
      }
    }
  };
  visit([...play.pre_tasks, ...play.roles.map(roleBlock), ...play.tasks, ...play.post_tasks]);
  addHandlers(playHandlers(play));
  // A templated include_tasks ("{{ kolla_action }}.yml") reaches the files its name can match: read them now.
  guessing = true;
  for (let task = pending.shift(); task; task = pending.shift()) {
    for (const file of candidateFiles(task)) visit(await loader.taskFile(file, { baseDir: play.baseDir, ...(task.role && { role: task.role }) }));
  }
  return out;
}

/** The task files a templated include_tasks name may give, in the folders it is looked for in. */
export function candidateFiles(task: Task): string[] {
  if (task.include?.kind !== 'tasks' || task.include.static) return [];
  const written = task.include.file;
  const parts = written.split(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/);
  // A name with folders in it (or a template that may give some) is left to the run.
  if (parts.some((p) => p.includes('/'))) return [];
  const pattern = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  const re = new RegExp(`^${pattern}$`);
  // Only a role's tasks folder holds nothing but task files: beside a playbook, a pattern would match playbooks too.
  if (!task.role) return [];
  const out: string[] = [];
  for (const dir of [path.join(task.role.path, 'tasks')]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) if (/\.ya?ml$/.test(name) && re.test(name)) out.push(path.join(dir, name));
  }
  return out;
}
