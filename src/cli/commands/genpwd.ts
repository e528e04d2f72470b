/** `kolla-run genpwd`: creates or completes passwords.yml in the config folder. */
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { kollaConfigPath, PASSWORDS_TEMPLATE } from '../../kolla/config-path.js';
import { genpwd, randomPassword } from '../../kolla/genpwd.js';
import { parseCommand } from '../args.js';
import type { CliIO } from '../output.js';
import { hostConfig } from '../common-options.js';
import { setupVault, vaultOptions, vaultOptionsUsage } from '../vault-options.js';

export const genpwdUsage = `Usage: kolla-run genpwd [-p PASSWORDS_FILE] [--vault-password-file FILE]

Fills every empty or missing secret of passwords.yml with a random value,
under kolla-ansible's names (etc/kolla/passwords.yml lists them); a value
already set is never changed. The file is written atomically, mode 0600.
With a vault password the file is written vault-encrypted (ansible-vault
reads it; an encrypted file stays encrypted and needs its password).

  -p, --passwords FILE   the file (default $KOLLA_CONFIG_PATH/passwords.yml,
                         KOLLA_CONFIG_PATH defaulting to /etc/kolla)
${vaultOptionsUsage}`;

const options = {
  passwords: { type: 'string', short: 'p' },
  help: { type: 'boolean', short: 'h' },
  ...vaultOptions,
} as const;

export async function genpwdCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(genpwdUsage);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const file = values.passwords ?? join(kollaConfigPath(), 'passwords.yml');
  // ansible.cfg's vault_password_file too, as for every command that reads vaulted files.
  const keyring = await setupVault(values, hostConfig(io.err));
  const result = await genpwd(file, PASSWORDS_TEMPLATE, randomPassword, { keyring, encryptWith: keyring.secrets[0] });
  const what = result.generated.length === 0 ? 'every password was already set' : `generated ${result.generated.length}: ${result.generated.join(', ')}`;
  io.out(`${result.file}: ${result.created ? 'created, ' : ''}${what}${result.encrypted ? ' (vault-encrypted)' : ''}`);
  return 0;
}
