/**
 * Bench hosts: N loopback "hosts" (127.0.0.1..N, several sshd processes,
 * the plain test user) from tests/support/loopback-sshd.ts, plus what each
 * tool needs to reach them: an INI inventory (one for every size wanted),
 * an ansible.cfg, and a JSON host list for the ssh2 floor.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuGroup } from './cgroup.js';
import { PLAIN_TEST_USER, defaultTestUser, startLoopbackSshd, type LoopbackSshd } from '../../tests/support/loopback-sshd.js';

export interface FloorHost {
  name: string;
  address: string;
  port: number;
}

/** What bench/floor.ts reads: who to log in as, with which key, and each host's address and host key. */
export interface FloorHostsFile {
  user: string;
  keyFile: string;
  hostPublicKey: string;
  hosts: FloorHost[];
}

/**
 * The connect timeout every bench gives kolla-run (-T) and ansible (timeout =): kolla-run's default,
 * 10 s, is measured from the start of each connection, and when hundreds of hosts connect at once to
 * servers on 2 busy cores every handshake finishes late (see bench/README.md).
 */
export const CONNECT_TIMEOUT_S = 30;

export interface AnsibleConfig {
  file: string;
  env: NodeJS.ProcessEnv;
  /** Where ssh keeps this config's ControlMaster sockets. */
  controlDir: string;
}

export interface BenchHosts {
  readonly sshd: LoopbackSshd;
  /** A scratch directory for this run (inventories, ansible.cfg, playbooks). */
  readonly dir: string;
  readonly count: number;
  /** Host names: h001, h002, ... */
  names(n?: number): string[];
  /** An INI inventory of the first n hosts (default all), in group [bench]. */
  inventory(n?: number): Promise<string>;
  /** The JSON host list for the floor, first n hosts. */
  floorHosts(n?: number): Promise<string>;
  /** An ansible.cfg for n forks; its ControlMaster sockets go to a fresh directory on each call (cold). */
  ansibleConfig(n: number, extra?: string, timeoutS?: number): Promise<AnsibleConfig>;
  /** CPU seconds the hosts' sshd processes and their reaped children (the per-connection servers and the commands) spent so far. */
  serverCpuS(): Promise<number>;
  stop(): Promise<void>;
}

export function hostName(i: number): string {
  return `h${String(i + 1).padStart(3, '0')}`;
}

export async function startBenchHosts(count: number): Promise<BenchHosts> {
  const user = process.getuid?.() === 0 ? PLAIN_TEST_USER : defaultTestUser();
  const sshd = await startLoopbackSshd({ hostCount: count, user, logLevel: 'INFO' });
  const dir = await mkdtemp(join(tmpdir(), 'kr-bench-'));
  const clamp = (n?: number): number => Math.min(n ?? count, count);
  const names = (n?: number): string[] => sshd.hosts.slice(0, clamp(n)).map((_, i) => hostName(i));
  let cfgSeq = 0;
  // Interrupted (run-all stopped, Ctrl-C): stop the sshd processes rather than leave them behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    void sshd.stop().finally(() => {
      group?.remove();
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // The servers' CPU: by cgroup when possible (every per-connection server and command counted),
  // else what the sshd listeners reaped (misses the commands' share: sshd's session processes are not all reaped up the chain).
  const group = CpuGroup.create('sshd');
  if (group) {
    const pidFiles = (await readdir(sshd.dir)).filter((f) => /^sshd\.\d+\.pid$/.test(f));
    for (const f of pidFiles) group.add(Number((await readFile(join(sshd.dir, f), 'utf8')).trim()));
  }

  return {
    sshd,
    dir,
    count,
    names,
    async inventory(n) {
      const file = join(dir, `inventory-${clamp(n)}.ini`);
      const common = `-o UserKnownHostsFile=${sshd.knownHostsFile} -o StrictHostKeyChecking=yes`;
      const lines = ['[bench]'];
      sshd.hosts.slice(0, clamp(n)).forEach((h, i) => {
        lines.push(
          `${hostName(i)} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${sshd.user} ` +
            `ansible_ssh_private_key_file=${sshd.clientKeyFile} ansible_ssh_common_args='${common}' ansible_python_interpreter=/usr/bin/python3`,
        );
      });
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    },
    async floorHosts(n) {
      const file = join(dir, `floor-hosts-${clamp(n)}.json`);
      const body: FloorHostsFile = {
        user: sshd.user,
        keyFile: sshd.clientKeyFile,
        hostPublicKey: sshd.hostPublicKey,
        hosts: sshd.hosts.slice(0, clamp(n)).map((h, i) => ({ name: hostName(i), address: h.address, port: h.port })),
      };
      await writeFile(file, JSON.stringify(body));
      return file;
    },
    async ansibleConfig(n, extra = '', timeoutS = CONNECT_TIMEOUT_S) {
      cfgSeq++;
      const cpDir = join(dir, `ansible-cp-${cfgSeq}`);
      const localTmp = join(dir, `ansible-local-${cfgSeq}`);
      await mkdir(cpDir, { recursive: true });
      await mkdir(localTmp, { recursive: true });
      const file = join(dir, `ansible-${cfgSeq}.cfg`);
      const cfg = [
        '[defaults]',
        `forks = ${n}`,
        'host_key_checking = True',
        'gathering = explicit',
        'interpreter_python = /usr/bin/python3',
        'retry_files_enabled = False',
        'deprecation_warnings = False',
        `local_tmp = ${localTmp}`,
        `timeout = ${timeoutS}`,
        extra,
        '',
        '[ssh_connection]',
        'pipelining = True',
        'ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s',
        `control_path_dir = ${cpDir}`,
        // Short socket names: the default hash is fine, but keep it under the 108-byte limit.
        'control_path = %(directory)s/%%C',
        '',
      ];
      await writeFile(file, cfg.join('\n'));
      return {
        file,
        env: { ...process.env, ANSIBLE_CONFIG: file, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' },
        controlDir: cpDir,
      };
    },
    async serverCpuS() {
      if (group) return group.cpuS();
      const pidFiles = (await readdir(sshd.dir)).filter((f) => /^sshd\.\d+\.pid$/.test(f));
      let jiffies = 0;
      for (const f of pidFiles) {
        const pid = (await readFile(join(sshd.dir, f), 'utf8').catch(() => '')).trim();
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        if (!stat) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
        jiffies += fields.slice(11, 15).reduce((a, b) => a + b, 0);
      }
      return jiffies / 100;
    },
    async stop() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await sshd.stop();
      group?.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ends ssh ControlMaster processes left by ansible (ControlPersist) for the sockets under dir. */
export async function stopControlMasters(cpDir: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  const sockets = await readdir(cpDir).catch(() => [] as string[]);
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          execFile('ssh', ['-o', `ControlPath=${join(cpDir, s)}`, '-O', 'exit', 'dummy'], () => resolve());
        }),
    ),
  );
}
