/**
 * Where a relative path written in a task points: in the task's role
 * (vars/, files/, templates/, tasks/), then beside the file the task is in,
 * as Ansible's search path goes.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Task } from '../playbook/index.js';

export type RoleSubdir = 'vars' | 'files' | 'templates' | 'tasks';

export function searchDirs(task: Task, kind: RoleSubdir): string[] {
  const dirs: string[] = [];
  if (task.role) dirs.push(join(task.role.path, kind), task.role.path);
  const here = dirname(task.location.file);
  dirs.push(join(here, kind), here);
  return dirs;
}

export function resolveRelative(task: Task, file: string, kind: RoleSubdir): string {
  if (isAbsolute(file)) return file;
  const dirs = searchDirs(task, kind);
  for (const dir of dirs) {
    const candidate = join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  return join(dirs[0] ?? '.', file);
}
