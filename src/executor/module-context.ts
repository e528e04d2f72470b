/** The narrow ModuleContext a module gets, made from a pooled connection. */
import { Command, type BecomeSettings, type Connection } from '../connection/index.js';
import { controllerImage } from '../containers/local-images.js';
import type { LocalFiles, ModuleContext, RunOptions } from '../modules/contract.js';
import { controllerFiles } from './controller-files.js';
import { LocalReads } from './local-reads.js';

const adhocReads = new LocalReads();

/** Ad-hoc runs: paths as given (no role or playbook folder to look in), read once for all hosts. */
export const NO_LOCAL_FILES: LocalFiles = {
  controller: controllerFiles,
  find: (path) => path,
  exists: () => false,
  image: controllerImage,
  tree: (path) => adhocReads.tree(path),
  read: (path) => adhocReads.read(path),
  render: async (path) => {
    throw new Error(`cannot render ${path}: templates need a playbook run`);
  },
};

export interface TaskConnectionOptions {
  local?: LocalFiles;
  /** The task's `environment`, exported for every command. */
  env?: Record<string, string>;
  /** The task's become: undefined leaves the host's setting. */
  become?: boolean | BecomeSettings;
  /** Ctrl-C: ends the running command on the host (its process group) and fails what is still to come. */
  signal?: AbortSignal;
}

export function moduleContext(host: string, connection: Connection, task: TaskConnectionOptions = {}): ModuleContext {
  const perCommand = { ...(task.become === undefined ? {} : { become: task.become }), ...(task.signal ? { signal: task.signal } : {}) };
  return {
    host,
    local: task.local ?? NO_LOCAL_FILES,
    async run(command, options: RunOptions = {}) {
      const base = typeof command === 'string' ? Command.raw(command) : command;
      const full = options.cwd ? Command.join([Command.argv(['cd', options.cwd]), Command.raw('&&'), base]) : base;
      const env = task.env || options.env ? { ...task.env, ...options.env } : undefined;
      const result = await connection.exec(full, {
        ...perCommand,
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        ...(env ? { env } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
      return { rc: result.rc, stdout: result.stdout, stderr: result.stderr, command: result.command };
    },
    async put(content, path, options = {}) {
      await connection.put(content, path, { ...perCommand, ...options });
    },
    openUnixSocket: (path) => connection.openUnixSocket(path),
    async get(path) {
      // One round trip: read the file, or say it is absent (not an error here).
      const absent = 'kolla-run: absent';
      const script = Command.join([Command.raw('if [ -e'), Command.argv([path]), Command.raw(']; then exec cat --'), Command.argv([path]), Command.raw(`; else echo '${absent}' >&2; exit 1; fi`)]);
      const result = await connection.exec(script, { ...perCommand, encoding: 'buffer' });
      if (result.rc === 0) return result.stdout;
      if (result.stderr.toString().trim() === absent) return undefined;
      throw new Error(`cannot read ${path}: ${result.stderr.toString().trim()}`);
    },
  };
}
