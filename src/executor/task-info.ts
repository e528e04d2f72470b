/** How a task is named in output: "role : name", or its action when unnamed (as Ansible shows it). */
import type { TaskInfo } from '../output/events.js';
import type { Task } from '../playbook/index.js';
import { pythonStr } from '../template/index.js';
import { formatLocation } from '../errors.js';

const cache = new WeakMap<Task, TaskInfo>();

export function taskInfo(task: Task): TaskInfo {
  let info = cache.get(task);
  if (!info) {
    const base = task.name ?? task.written;
    info = {
      name: task.role ? `${task.role.name} : ${base}` : base,
      action: task.action,
      location: formatLocation(task.location),
      handler: task.handler === true,
    };
    cache.set(task, info);
  }
  return info;
}

/** A loop item as `(item=...)` shows it: Python's str() of the value. */
export function itemLabel(value: unknown): string {
  return pythonStr(value);
}
