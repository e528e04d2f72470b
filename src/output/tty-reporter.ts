/**
 * The live view on a terminal (listr2): the running task shows how many of
 * its hosts are done, for how long, and which hosts it is still working on
 * (during a rolling upgrade: which node, which step, how long). Under it:
 * each failure by host with its message (not the whole result; a loop's
 * failed items only), debug messages, -v results, diffs. A finished task
 * collapses to one line with its counts. Plays, warnings and the recap print
 * as plain lines between them. The only file that imports listr2.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import { renderDiff } from './diff.js';
import { censorEvent, type HostResultEvent, type HostStatus, type Reporter, type RunEvent, type TaskInfo } from './events.js';
import { dumpJson, resultWarnings, shownResult } from './line-reporter.js';
import { banner, formatRecap } from './recap.js';

export interface TtyReporterOptions {
  write(line: string): void;
  diff: boolean;
  verbosity?: number | undefined;
  /** Applied to what listr2 draws itself (titles, details): it writes to the terminal, not through `write`. */
  mask?: ((text: string) => string) | undefined;
}

interface LiveTask {
  info: TaskInfo;
  started: number;
  hosts: readonly string[];
  done: Set<string>;
  counts: Record<HostStatus, number>;
  /** Shown under the task: failures, debug messages, -v results, diffs. */
  details: string[];
  hardFailures: number;
  finish(): void;
  wrapper?: ListrTaskWrapper<unknown, never, never> | undefined;
}

const MAX_NAMES = 4;

/** A failure in one line: its message, the return code, and the first line of stderr when the message alone says little. */
export function failureMessage(e: HostResultEvent): string {
  const r = e.result;
  if (e.censored) return 'hidden (no_log)';
  const msg = typeof r.msg === 'string' && r.msg !== '' ? r.msg : dumpJson(shownResult(e));
  const rc = typeof r.rc === 'number' ? ` (rc=${r.rc})` : '';
  const stderr = typeof r.stderr === 'string' ? r.stderr.split('\n').find((l) => l.trim() !== '') : undefined;
  return `${msg}${rc}${stderr !== undefined && !msg.includes(stderr) ? `: ${stderr.trim()}` : ''}`;
}

function hostLabel(e: HostResultEvent): string {
  const host = e.delegatedTo && e.delegatedTo !== e.host ? `${e.host} -> ${e.delegatedTo}` : e.host;
  return e.item !== undefined ? `[${host}] (item=${e.item})` : `[${host}]`;
}

/**
 * The width listr2 wraps at. It reads the stream's `columns`, which is 0 on a
 * terminal nobody gave a size (`script` without a terminal of its own, some CI
 * runners): wrapped at 0, every character took a line. Then COLUMNS, else 80.
 */
export function terminalColumns(reported: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (reported !== undefined && reported > 0) return reported;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

export function createTtyReporter(options: TtyReporterOptions): Reporter {
  process.stdout.columns = terminalColumns(process.stdout.columns);
  const mask = options.mask ?? ((text: string) => text);
  const verbosity = options.verbosity ?? 0;
  let playHosts: readonly string[] = [];
  let live: LiveTask | undefined;
  let listrRun: Promise<unknown> = Promise.resolve();

  const kind = (t: LiveTask) => (t.info.handler ? 'HANDLER' : 'TASK');
  const seconds = (t: LiveTask) => `${((Date.now() - t.started) / 1000).toFixed(1)} s`;
  const summary = (t: LiveTask) => {
    const parts = (['ok', 'changed', 'failed', 'unreachable', 'skipped'] as const).filter((k) => t.counts[k] > 0).map((k) => `${k}=${t.counts[k]}`);
    return mask(`${kind(t)} [${t.info.name}] ${parts.join(' ')} (${seconds(t)})`);
  };
  const progress = (t: LiveTask) => {
    const running = t.hosts.filter((h) => !t.done.has(h));
    const names = running.length === 0 ? '' : ` on ${running.slice(0, MAX_NAMES).join(', ')}${running.length > MAX_NAMES ? ` +${running.length - MAX_NAMES} more` : ''}`;
    return mask(`${kind(t)} [${t.info.name}] ${t.done.size}/${t.hosts.length} hosts, ${seconds(t)}${names}`);
  };
  const refresh = (t: LiveTask) => {
    if (!t.wrapper) return;
    t.wrapper.title = progress(t);
    if (t.details.length > 0) t.wrapper.output = mask(t.details.join('\n'));
  };

  const endTask = async () => {
    if (!live) return;
    live.finish();
    live = undefined;
    await listrRun;
  };

  const startTask = (info: TaskInfo, hosts: readonly string[]) => {
    let finish = () => undefined as void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const task: LiveTask = { info, started: Date.now(), hosts, done: new Set(), counts: { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0 }, details: [], hardFailures: 0, finish };
    live = task;
    const list = new Listr(
      [
        {
          title: progress(task),
          task: async (_ctx, wrapper) => {
            task.wrapper = wrapper as unknown as ListrTaskWrapper<unknown, never, never>;
            // Elapsed time ticks while hosts work.
            const timer = setInterval(() => refresh(task), 250);
            await done;
            clearInterval(timer);
            wrapper.title = summary(task);
            // A failure that was not ignored marks the task failed (✖); the message names the task too.
            if (task.hardFailures > 0) throw new Error(mask([summary(task), ...task.details].join('\n')));
            if (task.details.length > 0) wrapper.output = mask(task.details.join('\n'));
          },
          rendererOptions: { persistentOutput: true, outputBar: Infinity },
        },
      ],
      // listr2's own SIGINT handler exits the process (127, no recap): Ctrl-C is the CLI's to handle.
      { concurrent: false, exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseSubtasks: true } },
    );
    listrRun = list.run().catch(() => undefined);
  };

  const hostResult = (t: LiveTask, raw: HostResultEvent) => {
    const e = censorEvent(raw);
    const final = e.item === undefined;
    if (final) {
      t.counts[e.status]++;
      t.done.add(e.host);
    }
    // A looped task's items were shown one by one: its summary adds nothing but the count.
    if (final && e.loopSummary && Array.isArray(raw.result.results) && raw.result.results.length > 0) {
      if (e.status === 'failed' && !e.ignored) t.hardFailures++;
      return;
    }
    for (const warning of resultWarnings(e)) t.details.push(`[WARNING] [${e.host}]: ${warning.trimEnd()}`);
    if (e.status === 'failed' || e.status === 'unreachable') {
      t.details.push(`${e.status === 'failed' ? 'FAILED' : 'UNREACHABLE'} ${hostLabel(e)}${e.ignored ? ' (ignored)' : ''}: ${failureMessage(e)}`);
      if (final && !e.ignored) t.hardFailures++;
    } else if (e.task.action === 'debug' && !e.censored && (e.status === 'ok' || e.status === 'changed')) {
      const shown = shownResult(e);
      const message = 'msg' in shown ? shown.msg : shown;
      t.details.push(`${hostLabel(e)} ${typeof message === 'string' ? message : dumpJson(message, 4)}`);
    } else if (verbosity > 0 && e.status !== 'skipped') {
      t.details.push(`${e.status} ${hostLabel(e)}: ${dumpJson(e.censored ? e.result : shownResult(e))}`);
    }
    if (options.diff && e.diff) t.details.push(...renderDiff(e.diff, true));
    refresh(t);
  };

  let chain: Promise<void> = Promise.resolve();
  const handle = async (event: RunEvent): Promise<void> => {
    switch (event.type) {
      case 'playbook_start':
      case 'play_end':
      case 'batch_start':
      case 'host_start':
        return;
      case 'play_start':
        await endTask();
        playHosts = event.hosts;
        options.write(banner(`PLAY [${event.name}]`));
        return;
      case 'no_hosts_matched':
        options.write('skipping: no hosts matched');
        return;
      case 'task_start':
        await endTask();
        startTask(event.task, event.hosts ?? playHosts);
        return;
      case 'host_result':
        if (live) hostResult(live, event);
        return;
      case 'warning':
        await endTask();
        options.write(`[WARNING]: ${event.message}`);
        return;
      case 'message':
        if (!live) return options.write(event.message);
        live.details.push(event.message);
        refresh(live);
        return;
      case 'recap':
        await endTask();
        options.write('');
        for (const line of formatRecap(event.stats, event.ms, verbosity > 0 ? event.slowest : [])) options.write(line);
        return;
    }
  };

  return {
    emit(event) {
      // Events are handled in order; listr2 renders asynchronously.
      chain = chain.then(() => handle(event));
    },
    async close() {
      await chain;
      await endTask();
    },
  };
}
