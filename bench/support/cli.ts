/** The options every bench takes. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  /** Host counts to run (from --hosts N[,M...], else the bench's default). */
  hosts: number[];
  /** Runs of each fast measurement (kolla-run, floor); the median is kept. */
  runs: number;
  /** Skip ansible (always in --quick). */
  ansible: boolean;
  /**
   * --ansible-budget X (kolla-shape): ansible's no-change run is stopped after X times kolla-run's,
   * which proves a ratio of at least X without waiting for ansible to finish.
   */
  ansibleBudget?: number;
}

export function benchOptions(defaults: { hosts: number[]; quickHosts: number[]; runs?: number; ansibleBudget?: boolean }, argv = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      hosts: { type: 'string' },
      runs: { type: 'string' },
      'no-ansible': { type: 'boolean', default: false },
      'ansible-budget': { type: 'string' },
    },
    allowPositionals: false,
  });
  const quick = values.quick === true || process.env.KR_BENCH_QUICK === '1';
  const hosts = values.hosts
    ? values.hosts.split(',').map((h) => {
        const n = Number(h);
        if (!Number.isInteger(n) || n < 1) throw new Error(`--hosts: not a host count: ${h}`);
        return n;
      })
    : quick
      ? defaults.quickHosts
      : defaults.hosts;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : (defaults.runs ?? 3);
  const budget = values['ansible-budget'];
  const ansibleBudget = budget === undefined ? undefined : Number(budget);
  if (ansibleBudget !== undefined && defaults.ansibleBudget !== true) throw new Error('--ansible-budget: this bench has no budgeted ansible run');
  if (ansibleBudget !== undefined && !(ansibleBudget > 0)) throw new Error(`--ansible-budget: not a positive number: ${budget}`);
  return { quick, hosts, runs, ansible: !quick && values['no-ansible'] !== true, ...(ansibleBudget !== undefined ? { ansibleBudget } : {}) };
}
