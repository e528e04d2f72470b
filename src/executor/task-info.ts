/** How a task is named in output: "role : name", or its action when unnamed (as Ansible shows it). */
import type { TaskInfo } from '../output/events.js';
import type { Task } from '../playbook/index.js';
import { pythonStr, type Templar, type Vars } from '../template/index.js';
import { formatLocation } from '../errors.js';

const cache = new WeakMap<Task, TaskInfo>();
/** The name each task was last shown with (its banner), for the results that follow it. */
const shown = new WeakMap<Task, TaskInfo>();

/**
 * "role : name", or the action for an unnamed task; an include_role (Ansible's
 * IncludeRole.get_name) is "include_role : <role>" unnamed, and never has the
 * enclosing role's name before it.
 */
function displayName(task: Task, name: string | undefined): string {
  if (task.include?.kind === 'role') return name ?? `${task.written} : ${task.include.name}`;
  const base = name ?? task.written;
  return task.role ? `${task.role.name} : ${base}` : base;
}

/** The task as written (--list-tasks, --start-at-task match this, as Ansible's iterator does). */
export function taskInfo(task: Task): TaskInfo {
  let info = cache.get(task);
  if (!info) {
    info = {
      name: displayName(task, task.name),
      action: task.action,
      location: formatLocation(task.location),
      handler: task.handler === true,
    };
    cache.set(task, info);
  }
  return info;
}

/**
 * A task's name templated as Ansible's strategy does before the banner:
 * with every variable of one host (play and role vars, role defaults,
 * inventory, facts, earlier results), errors ignored, so a name with
 * anything undefined in it (a loop item) stays as written; a value that is
 * not text shows as empty (to_text(nonstring='empty')).
 */
export function templatedName(task: Task, templar: Templar, scope: Vars): string | undefined {
  if (task.name === undefined || !templar.isTemplate(task.name)) return task.name;
  try {
    const value = templar.render(task.name, scope, task.location);
    return typeof value === 'string' ? value : '';
  } catch {
    return task.name;
  }
}

/** The task's info for its banner and results, its name templated with the first host's variables (Ansible's linear strategy). */
export function startTaskInfo(task: Task, templar: Templar, firstHostScope: Vars): TaskInfo {
  const written = taskInfo(task);
  const name = templatedName(task, templar, firstHostScope);
  const info = name === task.name ? written : { ...written, name: displayName(task, name ?? '') };
  shown.set(task, info);
  return info;
}

/** The task as its banner showed it (as written before it started). */
export function shownTaskInfo(task: Task): TaskInfo {
  return shown.get(task) ?? taskInfo(task);
}

/** A loop item as `(item=...)` shows it: Python's str() of the value. */
export function itemLabel(value: unknown): string {
  return pythonStr(value);
}
