/**
 * What -vvv and -vvvv say about connections, in the spirit of Ansible's
 * "<host> ESTABLISH SSH CONNECTION FOR USER: ..." lines: -vvv which host is
 * reached where, as whom, with which keys, through which bastion; -vvvv also
 * how long the handshake took, and a failure's time. Never a password.
 */
import type { ConnectEvent, ConnectionSettings } from '../connection/index.js';

function route(s: ConnectionSettings): string {
  const via = s.jump ? `, via ${s.jump.user}@${s.jump.host}:${s.jump.port}` : s.proxyCommand !== undefined ? `, via ProxyCommand ${s.proxyCommand}` : '';
  const auth = [s.keyFiles.length > 0 ? `keys ${s.keyFiles.join(', ')}` : '', s.password ? 'a password' : '', s.agent ? 'the ssh agent' : ''].filter((a) => a !== '');
  return `${s.host} port ${s.port}${via}; ${auth.join(', ') || 'no key'}; host key checking ${s.hostKeyPolicy}, timeout ${s.timeoutMs / 1000} s`;
}

/** The line for `event` at this verbosity, or undefined when it shows nothing. */
export function connectionLine(event: ConnectEvent, verbosity: number): string | undefined {
  if (verbosity < 3) return undefined;
  const s = event.settings;
  switch (event.phase) {
    case 'start':
      return `<${s.name}> ESTABLISH SSH CONNECTION FOR USER: ${s.user} to ${route(s)}`;
    case 'open':
      return verbosity >= 4 ? `<${s.name}> SSH CONNECTION OPEN in ${event.ms} ms (TCP, handshake, host key, authentication)` : undefined;
    case 'failed':
      return verbosity >= 4 ? `<${s.name}> SSH CONNECTION FAILED after ${event.ms} ms: ${event.error instanceof Error ? event.error.message : String(event.error)}` : undefined;
  }
}
