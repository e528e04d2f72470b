/** The vault options of the commands that read playbooks, inventories or vars files (Ansible's names). */
import type { AnsibleConfig } from '../config/ansible-config.js';
import { VaultKeyring, setVaultKeyring } from '../vault/keyring.js';
import { loadVaultSecrets } from '../vault/passwords.js';
import { askSecret } from './prompt.js';

export const vaultOptions = {
  'vault-password-file': { type: 'string', multiple: true },
  'vault-pass-file': { type: 'string', multiple: true },
  'vault-id': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean', short: 'J' },
  'ask-vault-password': { type: 'boolean' },
} as const;

export const vaultOptionsUsage = `      --vault-password-file FILE
                             the vault password: FILE's content, or its output
                             when executable (repeatable; ansible.cfg's
                             vault_password_file and ANSIBLE_VAULT_PASSWORD_FILE too)
      --vault-id [LABEL@]SOURCE
                             a vault id's password: a file, a script, or \`prompt\`
  -J, --ask-vault-pass       ask for the vault password`;

export interface VaultOptionValues {
  'vault-password-file'?: string[] | undefined;
  'vault-pass-file'?: string[] | undefined;
  'vault-id'?: string[] | undefined;
  'ask-vault-pass'?: boolean | undefined;
  'ask-vault-password'?: boolean | undefined;
}

/** Reads the vault passwords the options name and makes them the run's keyring (before anything is loaded). */
export async function setupVault(values: VaultOptionValues, config?: AnsibleConfig): Promise<VaultKeyring> {
  // ansible.cfg's vault_password_file, or ANSIBLE_VAULT_PASSWORD_FILE (the config has read both).
  const env = config === undefined ? process.env : { ANSIBLE_VAULT_PASSWORD_FILE: config.vaultPasswordFile };
  const secrets = await loadVaultSecrets(
    {
      vaultIds: values['vault-id'],
      passwordFiles: [...(values['vault-password-file'] ?? []), ...(values['vault-pass-file'] ?? [])],
      askVaultPass: values['ask-vault-pass'] === true || values['ask-vault-password'] === true,
    },
    askSecret,
    env,
  );
  const keyring = new VaultKeyring(secrets);
  setVaultKeyring(keyring);
  return keyring;
}
