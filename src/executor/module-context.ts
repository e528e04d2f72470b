/** The narrow ModuleContext a module gets, made from a pooled connection. */
import { existsSync } from 'node:fs';
import { Command, type BecomeSettings, type Connection } from '../connection/index.js';
import { controllerImage } from '../containers/local-images.js';
import type { LocalFiles, ModuleContext, RunOptions } from '../modules/contract.js';
import { controllerFiles } from './controller-files.js';
import { LocalReads } from './local-reads.js';
import type { ReadCache } from './read-cache.js';

const adhocReads = new LocalReads();

/** Ad-hoc runs: paths as given (no role or playbook folder to look in), read once for all hosts. */
export const NO_LOCAL_FILES: LocalFiles = {
  controller: controllerFiles,
  find: (path) => path,
  // Honest about the file, so that a module with optional sources (merge_configs) does not skip one that is there.
  exists: (path) => existsSync(path),
  image: controllerImage,
  tree: (path) => adhocReads.tree(path),
  read: (path) => adhocReads.read(path),
  mode: (path) => adhocReads.mode(path),
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

/**
 * How the context's commands meet the read cache: 'live' (the default) may
 * change the host, so the cache is dropped around each; 'read' is a read-only
 * query, answered from the cache when it can, run otherwise; 'read-ahead'
 * batches the query's reads and keeps the answers, and refuses anything
 * that is not a plain read (the speculative query then simply stops).
 */
export interface HostAccess {
  cache: ReadCache;
  mode: 'live' | 'read' | 'read-ahead';
}

/** A read-ahead query asked for something that is not a plain read: it stops there, harmlessly. */
export class NotAPlainRead extends Error {}

export function moduleContext(host: string, connection: Connection, task: TaskConnectionOptions = {}, access?: HostAccess): ModuleContext {
  const perCommand = { ...(task.become === undefined ? {} : { become: task.become }), ...(task.signal ? { signal: task.signal } : {}) };
  const mode = access?.mode ?? 'live';
  const cache = access?.cache;
  /** Runs what may change the host: no answer read before it can be trusted after it. */
  const changing = async <T>(op: () => Promise<T>): Promise<T> => {
    if (mode === 'read-ahead') throw new NotAPlainRead('not a read');
    cache?.invalidate();
    try {
      return await op();
    } finally {
      cache?.invalidate();
    }
  };
  /** A command with no input and no environment of its own: the cache may answer it. */
  const exec = async (command: Command, options: { stdin?: string | Buffer | undefined; env?: Record<string, string> | undefined; timeoutMs?: number | undefined }) => {
    const plain = options.stdin === undefined && options.env === undefined;
    if (cache && plain && mode !== 'live') {
      const answer = mode === 'read-ahead' ? cache.readAhead(connection, task.become, command, task.signal) : cache.answer(connection, task.become, command);
      if (answer) return answer;
    }
    const run = () =>
      connection.exec(command, {
        ...perCommand,
        encoding: 'buffer',
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
    if (mode === 'read-ahead') throw new NotAPlainRead('not a plain read');
    return mode === 'read' ? run() : changing(run);
  };
  return {
    host,
    local: task.local ?? NO_LOCAL_FILES,
    async run(command, options: RunOptions = {}) {
      const base = typeof command === 'string' ? Command.raw(command) : command;
      const full = options.cwd ? Command.join([Command.argv(['cd', options.cwd]), Command.raw('&&'), base]) : base;
      const env = task.env || options.env ? { ...task.env, ...options.env } : undefined;
      const result = await exec(full, { stdin: options.stdin, env, timeoutMs: options.timeoutMs });
      return { rc: result.rc, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), command: result.command };
    },
    async put(content, path, options = {}) {
      await changing(() => connection.put(content, path, { ...perCommand, ...options }));
    },
    // A read-only query may read the engine's API; anything else may change the host through it (read-ahead refuses: a stream is no answer to keep).
    openUnixSocket: (path) => (mode === 'read' ? connection.openUnixSocket(path) : changing(() => connection.openUnixSocket(path))),
    async get(path) {
      // One round trip: read the file, or say it is absent (not an error here).
      const absent = 'kolla-run: absent';
      const script = Command.join([Command.raw('if [ -e'), Command.argv([path]), Command.raw(']; then exec cat --'), Command.argv([path]), Command.raw(`; else echo '${absent}' >&2; exit 1; fi`)]);
      const result = await exec(script, {});
      if (result.rc === 0) return result.stdout;
      if (result.stderr.toString().trim() === absent) return undefined;
      throw new Error(`cannot read ${path}: ${result.stderr.toString().trim()}`);
    },
  };
}
