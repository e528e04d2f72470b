import type { LoopbackSshd } from '../../support/loopback-sshd.js';
import { connectionSettingsFromVars, type ConnectionOptions, type ConnectionSettings } from '../../../src/connection/settings.js';

/** Settings for a fixture host as an inventory would give them; nothing read from the user's ~/.ssh. */
export function settingsFor(
  sshd: LoopbackSshd,
  vars: Record<string, unknown> = {},
  options: ConnectionOptions = {},
  hostIndex = 0,
): ConnectionSettings {
  const host = sshd.hosts[hostIndex] ?? { address: sshd.address, port: sshd.port };
  return connectionSettingsFromVars(
    `node${hostIndex}`,
    {
      ansible_host: host.address,
      ansible_port: host.port,
      ansible_user: sshd.user,
      ansible_ssh_private_key_file: sshd.clientKeyFile,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${sshd.knownHostsFile}`,
      ...vars,
    },
    { sshConfig: false, globalKnownHostsFiles: [], env: { HOME: sshd.dir }, ...options },
  );
}
