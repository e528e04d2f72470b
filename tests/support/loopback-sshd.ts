/**
 * A private OpenSSH server on loopback for tests and benchmarks: its own
 * host key, sshd_config, authorized client key, known_hosts file and log
 * (LogLevel VERBOSE by default, -E file) so tests can count connections and
 * sessions. Listens on 127.0.0.1 (or 127.0.0.N addresses, 16 per sshd
 * process, as many processes as needed) on one free port.
 *
 * Runs /usr/sbin/sshd as the current user. As root it can log in a
 * dedicated plain user (`user: 'kolla-run-test'`), created when missing,
 * whose /bin/sh does not read root's slow ~/.bashrc.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SSHD = process.env.KOLLA_RUN_SSHD ?? '/usr/sbin/sshd';
export const PLAIN_TEST_USER = 'kolla-run-test';
const MAX_LISTEN_PER_PROCESS = 16;

export interface LoopbackSshdOptions {
  /** Listen addresses; default ['127.0.0.1']. */
  addresses?: string[];
  /** Shorthand: this many hosts on 127.0.0.1, 127.0.0.2, ... (overrides `addresses`). */
  hostCount?: number;
  /** The account to log in as; default the current user. Another name needs root (it is created if missing). */
  user?: string;
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1' | 'DEBUG2' | 'DEBUG3';
  /** Extra sshd_config lines. */
  config?: string;
  /** Passphrase for the generated client key (default none). */
  clientKeyPassphrase?: string;
  /** Authorize this existing client key instead of generating one (e.g. one key for a bastion and its targets). */
  clientKey?: { privateKeyFile: string; publicKey: string };
  /** More host keys of other types, offered after the first. */
  extraHostKeyTypes?: Array<'ed25519' | 'ecdsa' | 'rsa'>;
}

export interface LoopbackHost {
  readonly address: string;
  readonly port: number;
}

export interface LoopbackSshd {
  readonly dir: string;
  readonly hosts: readonly LoopbackHost[];
  /** The first host's address and port. */
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** The client's private key (ed25519, authorized for `user`). */
  readonly clientKeyFile: string;
  readonly hostKeyFile: string;
  /** `type base64` of the server's host key. */
  readonly hostPublicKey: string;
  /** Every host key of the server, by type ('ed25519', 'rsa', ...): `type base64`. */
  readonly hostPublicKeys: Readonly<Record<string, string>>;
  /** A known_hosts file that lists every host of this server. */
  readonly knownHostsFile: string;
  readonly logFiles: readonly string[];
  /** All the servers' logs, concatenated. */
  log(): Promise<string>;
  /** How many log lines match. */
  count(pattern: RegExp): Promise<number>;
  /** known_hosts lines for every host (or for the given key instead of the real one). */
  knownHostsLines(publicKey?: string): string;
  stop(): Promise<void>;
}

/** Generates an OpenSSH key pair with ssh-keygen; returns the private key path and the public `type base64`. */
export async function generateKey(
  file: string,
  type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519',
  passphrase = '',
): Promise<{ privateKeyFile: string; publicKey: string }> {
  await rm(file, { force: true });
  await rm(`${file}.pub`, { force: true });
  await run('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', 'kolla-run-test', '-f', file]);
  const pub = (await readFile(`${file}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  return { privateKeyFile: file, publicKey: pub };
}

/** A TCP port that is free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function ensureUser(name: string): Promise<void> {
  const exists = await run('id', ['-u', name]).then(
    () => true,
    () => false,
  );
  if (process.getuid?.() !== 0) {
    if (exists) return;
    throw new Error(`user ${name} does not exist and only root can create it`);
  }
  if (!exists) {
    // No password ('*', not the locked '!': sshd without PAM refuses locked accounts), plain /bin/sh.
    await run('useradd', ['--system', '--create-home', '--home-dir', `/home/${name}`, '--shell', '/bin/sh', '--password', '*', name]).catch(
      async (err: unknown) => {
        // Another test process may have created it meanwhile.
        await run('id', ['-u', name]).catch(() => {
          throw err;
        });
      },
    );
  }
  const { stdout } = await run('getent', ['shadow', name]).catch(() => ({ stdout: '' }));
  if (stdout.split(':')[1]?.startsWith('!')) await run('usermod', ['--password', '*', name]);
}

/** The plain test user when running as root (fast shell), else the current user. */
export function defaultTestUser(): string {
  return process.getuid?.() === 0 ? PLAIN_TEST_USER : userInfo().username;
}

export async function startLoopbackSshd(options: LoopbackSshdOptions = {}): Promise<LoopbackSshd> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} not found: install Debian's openssh-server`);
  const addresses =
    options.hostCount !== undefined
      ? Array.from({ length: options.hostCount }, (_, i) => `127.0.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`)
      : (options.addresses ?? ['127.0.0.1']);
  const user = options.user ?? userInfo().username;
  const dir = await mkdtemp(join(tmpdir(), 'kolla-run-sshd-'));
  await chmod(dir, 0o755); // the login user reads authorized_keys here
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir
  if (user !== userInfo().username) await ensureUser(user);

  const hostKeyType = options.hostKeyType ?? 'ed25519';
  const extraTypes = (options.extraHostKeyTypes ?? []).filter((t) => t !== hostKeyType);
  const [host, client, ...extra] = await Promise.all([
    generateKey(join(dir, `ssh_host_${hostKeyType}_key`), hostKeyType),
    options.clientKey ?? generateKey(join(dir, 'client_ed25519'), 'ed25519', options.clientKeyPassphrase ?? ''),
    ...extraTypes.map((t) => generateKey(join(dir, `ssh_host_${t}_key`), t)),
  ]);
  const hostPublicKeys: Record<string, string> = { [hostKeyType]: host.publicKey };
  extraTypes.forEach((t, i) => (hostPublicKeys[t] = (extra[i] as { publicKey: string }).publicKey));
  const hostKeyFiles = [host.privateKeyFile, ...extra.map((e) => e.privateKeyFile)];
  await writeFile(join(dir, 'authorized_keys'), `${client.publicKey}\n`, { mode: 0o644 });

  const groups: string[][] = [];
  for (let i = 0; i < addresses.length; i += MAX_LISTEN_PER_PROCESS) groups.push(addresses.slice(i, i + MAX_LISTEN_PER_PROCESS));

  const procs: ChildProcess[] = [];
  const logFiles: string[] = [];
  let port = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    const started = await Promise.all(groups.map((g, i) => startProcess(dir, i, g, port, hostKeyFiles, options)));
    procs.push(...started.map((s) => s.proc));
    logFiles.splice(0, logFiles.length, ...started.map((s) => s.logFile));
    const ok = await waitListening(addresses, port, started.map((s) => s.proc));
    if (ok) break;
    await Promise.all(procs.splice(0).map(stopProcess));
    if (attempt === 4) {
      const logs = await Promise.all(logFiles.map((f) => readFile(f, 'utf8').catch(() => '')));
      throw new Error(`sshd did not start:\n${logs.join('\n')}`);
    }
  }

  const hosts = addresses.map((address) => ({ address, port }));
  const knownHostsLines = (publicKey = host.publicKey): string =>
    hosts.map((h) => `[${h.address}]:${h.port} ${publicKey}\n`).join('');
  const knownHostsFile = join(dir, 'known_hosts');
  await writeFile(knownHostsFile, knownHostsLines());
  const log = async (): Promise<string> => (await Promise.all(logFiles.map((f) => readFile(f, 'utf8').catch(() => '')))).join('');

  return {
    dir,
    hosts,
    address: addresses[0] ?? '127.0.0.1',
    port,
    user,
    clientKeyFile: client.privateKeyFile,
    hostKeyFile: host.privateKeyFile,
    hostPublicKey: host.publicKey,
    hostPublicKeys,
    knownHostsFile,
    logFiles,
    log,
    count: async (pattern) => (await log()).split('\n').filter((l) => pattern.test(l)).length,
    knownHostsLines,
    stop: async () => {
      await Promise.all(procs.splice(0).map(stopProcess));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startProcess(
  dir: string,
  index: number,
  addresses: string[],
  port: number,
  hostKeyFiles: string[],
  options: LoopbackSshdOptions,
): Promise<{ proc: ChildProcess; logFile: string }> {
  const configFile = join(dir, `sshd_config.${index}`);
  const logFile = join(dir, `sshd.${index}.log`);
  await rm(logFile, { force: true });
  const lines = [
    `Port ${port}`,
    ...addresses.map((a) => `ListenAddress ${a}`),
    ...hostKeyFiles.map((f) => `HostKey ${f}`),
    `PidFile ${join(dir, `sshd.${index}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
    'MaxSessions 10',
    'MaxStartups 2000:30:4000',
    'MaxAuthTries 10',
    'AllowTcpForwarding yes',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'Subsystem sftp internal-sftp',
    options.config ?? '',
  ];
  await writeFile(configFile, `${lines.join('\n')}\n`);
  const proc = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore' });
  return { proc, logFile };
}

async function waitListening(addresses: string[], port: number, procs: ChildProcess[]): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (procs.some((p) => p.exitCode !== null)) return false;
    const results = await Promise.all(addresses.map((a) => canConnect(a, port)));
    if (results.every(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 30));
  }
  return false;
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
  });
}
