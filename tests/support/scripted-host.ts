/**
 * A ModuleContext with no host behind it, for modules' unit tests: `run`
 * answers from a command table the test writes (the real tools' output,
 * captured once), `put` and `get` use an in-memory file map, and every
 * command and write is recorded, so a test can assert what apply ran
 * (flags, quoting) and that check mode or a query with nothing to do ran
 * nothing that writes. A command the table does not answer fails the test,
 * naming the command: a module never gets a made-up success.
 * The testbed tests (tests/integration/modules) stay the proof against
 * real hosts; this is the fast proof of each module's own logic.
 */
import assert from 'node:assert/strict';
import { toCommand, type Command } from '../../src/connection/index.js';
import { NO_LOCAL_FILES } from '../../src/executor/module-context.js';
import { runModule, type TaskOutcome } from '../../src/executor/module-runner.js';
import type { AnyTaskModule, LocalFiles, ModuleContext, PutOptions, RunOptions, RunResult } from '../../src/modules/contract.js';
import { findModule } from '../../src/modules/registry.js';
import type { FakeEngine } from './fake-engine.js';

/** What the host answers to one command. */
export interface Answer {
  stdout?: string;
  stderr?: string;
  rc?: number;
}

/** One command the module ran: its shell text (secrets revealed), how it was run, and whether its rule writes. */
export interface RecordedRun {
  /** The shell text, as the connection would send it (without the `cd DIR &&` of options.cwd). */
  text: string;
  /** What a log would show (secrets masked). */
  display: string;
  cwd?: string | undefined;
  env?: Record<string, string> | undefined;
  stdin?: string | undefined;
  /** The time the module gives the command before it is killed, when it sets one. */
  timeoutMs?: number;
  /** The rule that answered says this command changes the host. */
  writes: boolean;
}

export interface RecordedPut {
  path: string;
  content: string;
  options: PutOptions;
}

/** Exact text, a pattern over it, or a test of the recorded run (cwd, stdin...). */
export type Matcher = string | RegExp | ((run: RecordedRun) => boolean);

export interface Rule {
  match: Matcher;
  /** A fixed answer, or one computed when asked (from the test's current state of the host). */
  answer: Answer | ((run: RecordedRun) => Answer);
  /** The command changes the host: check mode, and a query that finds nothing to do, must not run it. */
  writes?: boolean;
}

export interface ScriptedHostOptions {
  host?: string;
  /** The host's files, by absolute path. */
  files?: Record<string, string | Buffer>;
  local?: LocalFiles;
  /** The container engine behind openUnixSocket, for modules that speak its API. */
  engine?: FakeEngine;
}

export interface ScriptedHost {
  ctx: ModuleContext;
  /** The host's files: put writes here, get reads here; a test may change them between runs. */
  files: Map<string, Buffer>;
  runs: RecordedRun[];
  puts: RecordedPut[];
  /** Adds a rule; a later rule wins over an earlier one matching the same command (the host's state after a change). */
  on(match: Matcher, answer: Rule['answer'], options?: { writes?: boolean }): ScriptedHost;
  /** The same, for a command that changes the host. */
  onWrite(match: Matcher, answer?: Rule['answer']): ScriptedHost;
  /** The commands that wrote (as displayed) and the files put (`put PATH`), in order, since the last `clear`. */
  writes(): string[];
  /** The shell text of every command run since the last `clear`. */
  commands(): string[];
  /** Forgets what was recorded (not the rules, nor the files). */
  clear(): void;
  /** The module (or the registry's, by name) run through the executor's runner; fails the test on an unscripted command. */
  run(module: AnyTaskModule | string, args: Record<string, unknown>, flags?: { check?: boolean; diff?: boolean }): Promise<TaskOutcome>;
}

/** A command the table has no answer for: thrown where the module ran it, and fails the test in `run`. */
export class UnscriptedCommand extends Error {
  constructor(readonly text: string) {
    super(`the scripted host has no answer for this command:\n${text}`);
  }
}

function matches(match: Matcher, run: RecordedRun): boolean {
  if (typeof match === 'string') return run.text === match;
  if (match instanceof RegExp) return match.test(run.text);
  return match(run);
}

const scriptedLocal: LocalFiles = {
  ...NO_LOCAL_FILES,
  find: (path) => path,
  exists: () => false,
  read: async (path) => {
    throw new Error(`the scripted host has no controller file ${path}`);
  },
};

export function scriptedHost(options: ScriptedHostOptions = {}): ScriptedHost {
  const rules: Rule[] = [];
  const files = new Map(Object.entries(options.files ?? {}).map(([path, content]): [string, Buffer] => [path, Buffer.from(content)]));
  const runs: RecordedRun[] = [];
  const puts: RecordedPut[] = [];
  const unmatched: string[] = [];
  /** Commands that write and files put, in the order they happened. */
  const written: string[] = [];
  const ctx: ModuleContext = {
    host: options.host ?? 'scripted',
    local: options.local ?? scriptedLocal,
    async run(command: string | Command, o: RunOptions = {}): Promise<RunResult> {
      const c = toCommand(command);
      const stdin = o.stdin === undefined ? undefined : o.stdin.toString();
      const run: RecordedRun = { text: c.toShell(), display: c.toDisplay(), cwd: o.cwd, env: o.env, stdin, ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }), writes: false };
      const rule = rules.findLast((r) => matches(r.match, run));
      runs.push(run);
      if (!rule) {
        unmatched.push(run.text);
        throw new UnscriptedCommand(run.text);
      }
      run.writes = rule.writes ?? false;
      if (run.writes) written.push(run.display);
      const answer = typeof rule.answer === 'function' ? rule.answer(run) : rule.answer;
      return { rc: answer.rc ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', command: run.display };
    },
    async put(content, path, putOptions = {}) {
      const buffer = Buffer.from(content);
      puts.push({ path, content: buffer.toString('utf8'), options: putOptions });
      files.set(path, buffer);
      written.push(`put ${path}`);
    },
    async get(path) {
      return files.get(path);
    },
    openUnixSocket(path) {
      if (options.engine) return options.engine.open(path);
      unmatched.push(`open the unix socket ${path}`);
      return Promise.reject(new UnscriptedCommand(`open the unix socket ${path}`));
    },
  };
  const host: ScriptedHost = {
    ctx,
    files,
    runs,
    puts,
    on(match, answer, o = {}) {
      rules.push({ match, answer, ...(o.writes ? { writes: true } : {}) });
      return host;
    },
    onWrite(match, answer = {}) {
      return host.on(match, answer, { writes: true });
    },
    writes: () => [...written],
    commands: () => runs.map((r) => r.text),
    clear() {
      runs.length = 0;
      puts.length = 0;
      written.length = 0;
    },
    async run(module, args, flags = {}) {
      const resolved = typeof module === 'string' ? await findModule(module) : module;
      if (!resolved) throw new Error(`no module named ${String(module)}`);
      const seen = unmatched.length;
      const seenRequests = options.engine?.unmatched.length ?? 0;
      const outcome = await runModule(resolved, args, ctx, { check: flags.check ?? false, diff: flags.diff ?? false });
      if (unmatched.length > seen) assert.fail(`${resolved.name} ran a command the test did not script:\n${unmatched.slice(seen).join('\n---\n')}`);
      const requests = options.engine?.unmatched.slice(seenRequests) ?? [];
      if (requests.length > 0) assert.fail(`${resolved.name} made an engine request the test did not script:\n${requests.join('\n')}`);
      return outcome;
    },
  };
  return host;
}

/**
 * A real context (local-module-host's) whose commands are recorded as the
 * scripted host records them: for modules driving a tool this machine has
 * (git), where the real tool is the better table.
 */
export function recordRuns(real: ModuleContext): { ctx: ModuleContext; runs: RecordedRun[] } {
  const runs: RecordedRun[] = [];
  const ctx: ModuleContext = {
    ...real,
    run(command, o = {}) {
      const c = toCommand(command);
      runs.push({ text: c.toShell(), display: c.toDisplay(), cwd: o.cwd, env: o.env, stdin: o.stdin?.toString(), writes: false, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) });
      return real.run(command, o);
    },
  };
  return { ctx, runs };
}
