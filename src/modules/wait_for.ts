/**
 * wait_for: waits for a port, a file or a regex, ON THE HOST, in one shell
 * loop (not one round trip per try). Ports are probed with bash's /dev/tcp
 * under `timeout` (nc -z when bash is absent); a file's regex is matched by
 * `grep -zP '(?m)...'`, which reads the whole file as Python's re.MULTILINE
 * search does; connections to drain are counted with `ss`. Waiting changes
 * nothing, yet Ansible 2.14's wait_for does not support check mode: there the
 * task is skipped, and the wait happens in apply, which reports no change.
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { block, keyValues, PATH_INFO_FUNCTION, pathInfo, pythonRegex } from './support/host-output.js';
import { int, strList } from './support/params.js';

export const waitForParams = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: int().optional(),
    path: z.string().optional(),
    search_regex: z.string().optional(),
    state: z.enum(['started', 'stopped', 'drained', 'present', 'absent']).default('started'),
    delay: int(0).default(0),
    timeout: int(0).default(300),
    sleep: int(0).default(1),
    connect_timeout: int(1).default(5),
    active_connection_states: strList().default(['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT']),
    exclude_hosts: strList().optional(),
    msg: z.string().optional(),
  })
  .strict();
export type WaitForParams = z.infer<typeof waitForParams>;

/** Ansible's connection state names -> ss's. */
const SS_STATES: Record<string, string> = {
  ESTABLISHED: 'ESTAB', SYN_SENT: 'SYN-SENT', SYN_RECV: 'SYN-RECV', FIN_WAIT1: 'FIN-WAIT-1', FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT', CLOSE: 'UNCONN', CLOSE_WAIT: 'CLOSE-WAIT', LAST_ACK: 'LAST-ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING',
};

/** The condition the loop tests, as shell text that succeeds when the wait is over. */
const CONDITIONS = {
  portOpen: 'probe',
  portClosed: '! probe',
  // What the peer sent so far is searched after each line it sends, and after each second it sends
  // no newline (bash keeps a timed-out read's partial input), as Ansible searches after each recv:
  // a greeting without a newline (MariaDB's) is found without waiting for the peer to close.
  portRegex:
    '[ "$remaining" -gt 0 ] && timeout "$remaining" bash -c \'exec 3<"/dev/tcp/$0/$1" || exit 1; d=; while :; do l=; IFS= read -r -t 1 l <&3; rc=$?; if [ $rc -eq 0 ]; then d="$d$l\n"; else d="$d$l"; fi; printf %s "$d" | grep -qzP -- "(?m)$2" && exit 0; [ $rc -eq 0 ] || [ $rc -gt 128 ] || exit 1; done\' "$H" "$P" "$R" 2>/dev/null',
  pathPresent: '[ -e "$F" ]',
  pathRegex: '[ -e "$F" ] && grep -qzP -- "(?m)$R" "$F" 2>/dev/null',
  pathAbsent: '[ ! -e "$F" ]',
  drained: '[ "$(active)" -eq 0 ]',
  // No port and no path: Ansible just sleeps for the timeout, then succeeds.
  never: 'false',
} as const;

/** The whole wait as one POSIX sh script; the values arrive as quoted variables. */
export function waitScript(p: WaitForParams): { script: ReturnType<typeof sh>; condition: keyof typeof CONDITIONS } {
  const condition = conditionOf(p);
  const states = p.active_connection_states.map((s) => SS_STATES[s.toUpperCase()] ?? s).join(' ');
  const body = [
    'probe() { if command -v bash >/dev/null 2>&1; then timeout "$CT" bash -c \'exec 3<>"/dev/tcp/$0/$1"\' "$H" "$P" 2>/dev/null; else nc -z -w "$CT" "$H" "$P" 2>/dev/null; fi; }',
    // Counts connections whose local port is P, in the listed states, from peers not excluded.
    'active() { ss -Htan 2>/dev/null | awk -v p="$P" -v st=" $ST " -v ex=" $EX " \'{ if (index(st, " " $1 " ") == 0) next; n = split($4, a, ":"); if (a[n] != p) next; peer = $5; sub(/:[^:]*$/, "", peer); gsub(/[][]/, "", peer); sub(/^::ffff:/, "", peer); if (index(ex, " " peer " ") > 0) next; c++ } END { print c + 0 }\'; }',
    // Milliseconds, so that elapsed rounds down like Ansible's (integer seconds would be off by one).
    'ms() { t=$(date +%s%N); case $t in *N) echo $(( ${t%N} * 1000 ));; *) echo $(( t / 1000000 ));; esac; }',
    'start=$(ms); [ "$D" -gt 0 ] && sleep "$D"; end=$((start + T * 1000)); result=timeout',
    // Ansible's loop: test while time is left, sleeping between tries.
    'while [ "$(ms)" -lt "$end" ]; do remaining=$(( (end - $(ms) + 999) / 1000 ))',
    `  if ${CONDITIONS[condition]}; then result=ok; break; fi`,
    '  sleep "$S"',
    'done',
    `${condition === 'never' ? 'result=ok' : ':'}`,
    // The first match, for match_groups (matched again by the controller within this text).
    'if [ "$result" = ok ] && [ -n "$F" ] && [ -n "$R" ]; then echo "<<match"; grep -ozP -- "(?m)$R" "$F" 2>/dev/null | head -z -n 1 | tr -d "\\000"; printf "\\n>>match\\n"; fi',
    'echo "result=$result"; echo "elapsed=$(( ($(ms) - start) / 1000 ))"',
    // What Ansible adds for a result that names a path (add_path_info): its type, as `state`, and its lstat.
    PATH_INFO_FUNCTION,
    'if [ -n "$F" ]; then pinfo "$F"; fi',
  ].join('\n');
  const script = sh`H=${p.host} P=${String(p.port ?? '')} F=${p.path ?? ''} R=${p.search_regex ?? ''} T=${p.timeout} D=${p.delay} S=${p.sleep} CT=${p.connect_timeout} ST=${states} EX=${(p.exclude_hosts ?? []).join(' ')}
${Command.raw(body)}`;
  return { script, condition };
}

function conditionOf(p: WaitForParams): keyof typeof CONDITIONS {
  if (p.state === 'drained') return 'drained';
  if (p.port === undefined && p.path === undefined) return 'never';
  const stopping = p.state === 'stopped' || p.state === 'absent';
  if (p.path !== undefined) return stopping ? 'pathAbsent' : p.search_regex ? 'pathRegex' : 'pathPresent';
  return stopping ? 'portClosed' : p.search_regex ? 'portRegex' : 'portOpen';
}

function timeoutMessage(p: WaitForParams): string {
  if (p.msg) return p.msg;
  const where = `${p.host}:${p.port ?? ''}`;
  if (p.state === 'drained') return `Timeout when waiting for ${where} to drain`;
  if (p.state === 'stopped' || p.state === 'absent') return p.port !== undefined ? `Timeout when waiting for ${where} to stop.` : `Timeout when waiting for ${p.path} to be absent.`;
  if (p.port !== undefined) return p.search_regex ? `Timeout when waiting for search string ${p.search_regex} in ${where}` : `Timeout when waiting for ${where}`;
  return p.search_regex ? `Timeout when waiting for search string ${p.search_regex} in ${p.path}` : `Timeout when waiting for file ${p.path}`;
}

/** Ansible's parameter checks, with its messages. */
function invalid(p: WaitForParams): string | undefined {
  if (p.port !== undefined && p.path !== undefined) return 'port and path parameter can not both be passed to wait_for';
  if (p.path !== undefined && p.state === 'stopped') return 'state=stopped should only be used for checking a port in the wait_for module';
  if (p.path !== undefined && p.state === 'drained') return 'state=drained should only be used for checking a port in the wait_for module';
  if (p.exclude_hosts !== undefined && p.state !== 'drained') return 'exclude_hosts should only be with state=drained';
  const unknown = p.active_connection_states.find((s) => !(s.toUpperCase() in SS_STATES));
  if (unknown) return `unknown active_connection_state (${unknown}) defined`;
  if (p.search_regex !== undefined) {
    try {
      pythonRegex(p.search_regex);
    } catch (err) {
      return `Invalid regular expression: ${(err as Error).message}`;
    }
  }
  return undefined;
}

export const waitForModule = defineModule<WaitForParams, null>({
  name: 'wait_for',
  paths: ['path'],
  schema: waitForParams,
  check: 'skip',
  async query() {
    return { changed: true, reason: 'wait', plan: null, result: { msg: 'remote module (wait_for) does not support check mode' } };
  },
  async apply(p, _plan, ctx) {
    return { changed: false, ...(await wait(p, ctx)) };
  },
});

/** The whole wait: what the task registers (failed: true on a timeout or bad parameters). */
async function wait(p: WaitForParams, ctx: ModuleContext): Promise<ResultFields> {
  const bad = invalid(p);
  if (bad) return { failed: true, msg: bad, elapsed: 0 };
  const { script } = waitScript(p);
  // The host's loop ends by itself; this bound only catches a stuck shell.
  const run = await ctx.run(script, { timeoutMs: (p.delay + p.timeout + p.connect_timeout + 30) * 1000 });
  const kv = keyValues(run.stdout);
  const elapsed = Number(kv.get('elapsed') ?? 0);
  if (kv.get('result') === undefined) {
    const msg = `wait_for could not run on ${ctx.host}: ${run.stderr.trim() || `rc ${run.rc}`}`;
    return { failed: true, msg, elapsed };
  }
  if (kv.get('result') !== 'ok') {
    const msg = timeoutMessage(p);
    return { failed: true, msg, elapsed };
  }
  let matchGroups: (string | null)[] = [];
  let matchGroupdict: Record<string, string | null> = {};
  const matched = block(run.stdout, 'match');
  if (matched !== undefined && p.search_regex) {
    const m = pythonRegex(p.search_regex).exec(matched);
    if (m) {
      matchGroups = m.slice(1).map((g) => g ?? null);
      matchGroupdict = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v ?? null]));
    }
  }
  const result: ResultFields = {
    state: p.state,
    ...pathInfo(kv),
    port: p.port ?? null,
    search_regex: p.search_regex ?? null,
    match_groups: matchGroups,
    match_groupdict: matchGroupdict,
    path: p.path ?? null,
    elapsed,
  };
  return result;
}
