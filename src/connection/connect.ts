/**
 * Opening an SSH connection: the socket (direct TCP, forwardOut through a
 * pooled bastion, or a local ProxyCommand), host key check against
 * known_hosts with the recorded key type negotiated first, authentication,
 * one retry on a reset during the handshake, and every failure classified
 * as an UnreachableError reason.
 */
import { spawn } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { UnreachableError, type UnreachableReason } from '../errors.js';
import { describeAuthFailure, planAuth, type AuthPlan, type KeyStore } from './auth.js';
import { fingerprint, hostKeyAlgorithmsFor, keyBlobType, type KnownHostsStore } from './known-hosts.js';
import type { ConnectionSettings } from './settings.js';
import { SshTransport } from './ssh.js';

/** ssh2's host key algorithms, in its default order. */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export interface SshDeps {
  readonly knownHosts: KnownHostsStore;
  readonly keys: KeyStore;
  /** The (pooled) connection to a bastion. */
  readonly bastion: (settings: ConnectionSettings) => Promise<SshTransport>;
}

function unreachable(settings: ConnectionSettings, reason: UnreachableReason, detail: string, cause?: unknown): UnreachableError {
  return new UnreachableError(settings.name, reason, `${settings.name}: ${detail}`, cause === undefined ? undefined : { cause });
}

function socketError(settings: ConnectionSettings, err: NodeJS.ErrnoException): UnreachableError {
  const where = `${settings.host}:${settings.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return unreachable(settings, 'refused', `connection refused by ${where} (is sshd running?)`, err);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return unreachable(settings, 'dns', `cannot resolve host name "${settings.host}"`, err);
    case 'ETIMEDOUT':
      return unreachable(settings, 'timeout', `timed out connecting to ${where}`, err);
    case 'ECONNRESET':
    case 'EPIPE':
      return unreachable(settings, 'reset', `connection reset by ${where}`, err);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable(settings, 'other', `no route to ${where}`, err);
    default:
      return unreachable(settings, 'other', `cannot connect to ${where}: ${err.message}`, err);
  }
}

function directSocket(settings: ConnectionSettings, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: settings.host, port: settings.port });
    sock.setNoDelay(true);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(unreachable(settings, 'timeout', `timed out connecting to ${settings.host}:${settings.port} after ${settings.timeoutMs} ms`));
    }, Math.max(1, deadline - Date.now()));
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      sock.destroy();
      reject(socketError(settings, err));
    });
  });
}

/**
 * What OpenSSH takes for a host and a remote user name (misc.c valid_hostname, valid_ruser): ssh
 * refuses the others before any ProxyCommand runs, since %h, %n and %r go into its shell text as
 * they are (a `$(...)` in a name would run there).
 */
const CONTROL = /[\x00-\x1f\x7f]/;
const validHostname = (s: string): boolean => !s.startsWith('-') && !/['`"$\\;&<>|(){},\s]/.test(s) && !CONTROL.test(s);
const validRuser = (s: string): boolean => !s.startsWith('-') && !/['`";&<>|(){}]|\s-|\\$/.test(s) && !CONTROL.test(s);

function proxyCommandSocket(settings: ConnectionSettings, command: string): Duplex {
  if (!validHostname(settings.host) || (/%n/.test(command) && !validHostname(settings.name))) throw unreachable(settings, 'other', 'hostname contains invalid characters');
  if (/%r/.test(command) && !validRuser(settings.user)) throw unreachable(settings, 'other', 'remote username contains invalid characters');
  const text = command.replace(/%(%|h|p|r|n)/g, (_, t: string) =>
    t === '%' ? '%' : t === 'h' ? settings.host : t === 'p' ? String(settings.port) : t === 'r' ? settings.user : settings.name,
  );
  const child = spawn('/bin/sh', ['-c', text], { stdio: ['pipe', 'pipe', 'inherit'] });
  const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
  duplex.on('close', () => child.kill());
  child.on('error', (err) => duplex.destroy(err));
  return duplex;
}

async function jumpSocket(settings: ConnectionSettings, jump: ConnectionSettings, deps: SshDeps): Promise<ClientChannel> {
  let bastion: SshTransport;
  try {
    bastion = await deps.bastion(jump);
  } catch (err) {
    if (err instanceof UnreachableError) {
      const detail = err.message.startsWith(`${jump.name}: `) ? err.message.slice(jump.name.length + 2) : err.message;
      throw unreachable(settings, err.reason, `via jump host ${jump.name}: ${detail}`, err);
    }
    throw err;
  }
  try {
    return await bastion.forwardOut(settings.host, settings.port);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    const reason: UnreachableReason = bastion.closed ? 'reset' : /refused|connect failed|open failed/i.test(msg) ? 'refused' : 'other';
    throw unreachable(settings, reason, `jump host ${jump.name} could not connect to ${settings.host}:${settings.port}: ${msg}`, err);
  }
}

/** Host key algorithms with the ones known_hosts holds for this host first, so the check is meaningful. */
export function hostKeyAlgorithmOrder(knownTypes: readonly string[]): string[] {
  const first = knownTypes.flatMap(hostKeyAlgorithmsFor).filter((a) => HOST_KEY_ALGORITHMS.includes(a));
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])];
}

function acceptHint(settings: ConnectionSettings, key: Buffer): string {
  const file = settings.knownHostsFiles[0] ?? '~/.ssh/known_hosts';
  const type = keyBlobType(key) ?? 'ssh-ed25519';
  const portOpt = settings.port === 22 ? '' : ` -p ${settings.port}`;
  return (
    `To accept it: check the fingerprint, then run with --host-key-checking accept-new ` +
    `(or set ansible_ssh_common_args='-o StrictHostKeyChecking=accept-new'), ` +
    `or record it yourself: ssh-keyscan${portOpt} -t ${type} ${settings.host} >> ${file}`
  );
}

async function connectOnce(settings: ConnectionSettings, deps: SshDeps): Promise<SshTransport> {
  const deadline = Date.now() + settings.timeoutMs;
  const knownFiles = [...settings.knownHostsFiles, ...settings.globalKnownHostsFiles];
  const checking = settings.hostKeyPolicy !== 'off';
  const [plan, knownTypes] = await Promise.all([
    planAuth(settings, deps.keys),
    checking ? deps.knownHosts.keyTypes(knownFiles, settings.host, settings.port) : Promise.resolve([]),
  ]);
  const sock: Duplex = settings.jump
    ? await jumpSocket(settings, settings.jump, deps)
    : settings.proxyCommand !== undefined
      ? proxyCommandSocket(settings, settings.proxyCommand)
      : await directSocket(settings, deadline);

  const client = new Client();
  let hostKeyFailure: UnreachableError | undefined;
  let socketFailure: NodeJS.ErrnoException | undefined;
  sock.on('error', (err: NodeJS.ErrnoException) => {
    socketFailure ??= err;
  });

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    if (!checking) {
      verify(true);
      return;
    }
    void (async () => {
      const result = await deps.knownHosts.check(knownFiles, settings.host, settings.port, key);
      const what = `${keyBlobType(key) ?? 'unknown'} key ${fingerprint(key)}`;
      const target = `${settings.host}:${settings.port}`;
      switch (result.status) {
        case 'known':
          return true;
        case 'revoked':
          hostKeyFailure = unreachable(settings, 'host-key-changed', `the host key of ${target} (${what}) is marked @revoked in ${result.entry.file}:${result.entry.line}`);
          return false;
        case 'changed': {
          const at = result.known.map((e) => `${e.file}:${e.line}`).join(', ');
          hostKeyFailure = unreachable(
            settings,
            'host-key-changed',
            `WARNING: the host key of ${target} has CHANGED (now ${what}; known_hosts has ${result.known.map((e) => e.keyType).join(', ')} at ${at}). ` +
              `Someone could be intercepting the connection, or the host was reinstalled. It is never accepted automatically: ` +
              `remove the old entry (ssh-keygen -R ${settings.port === 22 ? settings.host : `'[${settings.host}]:${settings.port}'`}${settings.knownHostsFiles[0] ? ` -f ${settings.knownHostsFiles[0]}` : ''}) after checking.`,
          );
          return false;
        }
        case 'unknown':
          if (settings.hostKeyPolicy === 'accept-new') {
            const file = settings.knownHostsFiles[0];
            if (file !== undefined) await deps.knownHosts.add(file, settings.host, settings.port, key);
            return true;
          }
          hostKeyFailure = unreachable(settings, 'host-key-unknown', `the host key of ${target} is not known (${what}). ${acceptHint(settings, key)}`);
          return false;
      }
    })().then(verify, (err: unknown) => {
      hostKeyFailure = unreachable(settings, 'other', `cannot check the host key: ${String(err)}`, err);
      verify(false);
    });
  };

  return new Promise<SshTransport>((resolve, reject) => {
    let settled = false;
    const fail = (err: UnreachableError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(unreachable(settings, 'timeout', `timed out after ${settings.timeoutMs} ms waiting for the SSH handshake with ${settings.host}:${settings.port}`)),
      Math.max(1, deadline - Date.now()),
    );
    // ssh2 may emit several errors; one listener stays for the connection's whole life.
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (!settled) fail(classifyClientError(settings, err, plan, hostKeyFailure, socketFailure));
    });
    client.once('close', () => {
      if (!settled) fail(hostKeyFailure ?? (socketFailure ? socketError(settings, socketFailure) : unreachable(settings, 'reset', `connection closed by ${settings.host}:${settings.port} during the SSH handshake`)));
    });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(new SshTransport(client, settings));
    });
    client.connect({
      sock: sock as unknown as NodeJS.ReadableStream & Socket,
      username: settings.user,
      host: settings.host,
      port: settings.port,
      hostVerifier,
      algorithms: { serverHostKey: hostKeyAlgorithmOrder(knownTypes) as never },
      authHandler: plan.handler,
      readyTimeout: 0,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: 3,
    });
  });
}

function classifyClientError(
  settings: ConnectionSettings,
  err: Error & { level?: string; code?: string },
  plan: AuthPlan,
  hostKeyFailure: UnreachableError | undefined,
  socketFailure: NodeJS.ErrnoException | undefined,
): UnreachableError {
  if (hostKeyFailure) return hostKeyFailure;
  if (err.level === 'client-authentication') return unreachable(settings, 'auth-failed', describeAuthFailure(settings, plan), err);
  if (err.level === 'client-timeout') return unreachable(settings, 'timeout', `${err.message} (${settings.host}:${settings.port})`, err);
  if (err.level === 'client-socket' || socketFailure) return socketError(settings, (socketFailure ?? err) as NodeJS.ErrnoException);
  if (/before handshake|ECONNRESET|closed by remote/i.test(err.message)) return unreachable(settings, 'reset', `connection reset by ${settings.host}:${settings.port} during the SSH handshake`, err);
  return unreachable(settings, 'other', `SSH handshake with ${settings.host}:${settings.port} failed: ${err.message}`, err);
}

/** Connects, trying once more when the server resets the connection during the handshake (MaxStartups). */
export async function connectSsh(settings: ConnectionSettings, deps: SshDeps): Promise<SshTransport> {
  try {
    return await connectOnce(settings, deps);
  } catch (err) {
    if (!(err instanceof UnreachableError) || err.reason !== 'reset') throw err;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    return connectOnce(settings, deps);
  }
}
