/**
 * How kolla-run reaches hosts: the public surface of src/connection.
 * Only this folder imports ssh2.
 */
export { Command, MASK, Secret, isSecret, maskSecrets, quote, secret, sh, shellQuote, toCommand, type Word } from './command.js';
export type { Connection, ExecOptions, ExecResult, GetOptions, PutOptions } from './types.js';
export {
  connectionKey,
  connectionSettingsFromVars,
  DEFAULT_MAX_CHANNELS,
  DEFAULT_TIMEOUT_SECONDS,
  policyFromStrictHostKeyChecking,
  type BecomeSettings,
  isConnectionType,
  portNumber,
  type ConnectionOptions,
  type ConnectionSettings,
  type ConnectionType,
  type HostKeyPolicy,
} from './settings.js';
export { ConnectionPool, type ConnectEvent, type PoolOptions, type RoundTrips } from './pool.js';
export type { ChannelStats } from './ssh.js';
export { BecomeError, RemoteCommandError, type BecomeFailure, type RemoteCommandFailure } from './errors.js';
export { KnownHostsStore, parseKnownHosts, checkHostKey, fingerprint, type KnownHostEntry, type HostKeyCheck } from './known-hosts.js';
export { SshConfig, type SshHostConfig } from './ssh-config.js';
export { parseSshArgs, splitArgs, parseJumpSpec, type JumpHop, type SshArgOptions } from './ssh-args.js';
export { KeyStore } from './auth.js';
/** The remote side of an atomic file write (modules that write a file in one command). */
export { ownerNameOk, putCommand } from './transfer.js';
/** Several read-only commands in one exec (read-ahead of module queries). */
export { batchScript, execBatch, parseBatchOutput, type BatchAnswer } from './batch.js';
