/**
 * The vault passwords of a run, tried as Ansible tries them: those whose
 * vault id matches a 1.2 envelope's label first, then every other.
 *
 * One keyring per process, set by the CLI before anything is loaded: YAML
 * is parsed in many places (inventory, playbooks, vars files, filters) and
 * each may meet an encrypted value.
 */
import { decryptEnvelope, parseEnvelope, VaultFormatError } from './envelope.js';

export interface VaultSecret {
  /** The vault id ('default' when none was named). */
  label: string;
  password: Buffer;
  /** Where it came from (a file, a script, the prompt): named in errors, never the password. */
  source: string;
}

/** Why an envelope could not be opened, to follow "this value is" / "the file is"; the caller adds where. */
export class VaultError extends Error {}

export const HOW_TO_GIVE = '--vault-password-file, --ask-vault-pass, --vault-id or ANSIBLE_VAULT_PASSWORD_FILE';

export class VaultKeyring {
  constructor(readonly secrets: readonly VaultSecret[] = []) {}

  decrypt(text: string): Buffer {
    let envelope;
    try {
      envelope = parseEnvelope(text);
    } catch (err) {
      if (err instanceof VaultFormatError) throw new VaultError(`not a valid vault envelope: ${err.message}`);
      throw err;
    }
    if (this.secrets.length === 0) throw new VaultError(`encrypted, and no vault password was given (${HOW_TO_GIVE})`);
    const ordered = [...this.secrets.filter((s) => s.label === envelope.label), ...this.secrets.filter((s) => s.label !== envelope.label)];
    for (const secret of ordered) {
      try {
        const plain = decryptEnvelope(envelope, secret.password);
        if (plain) return plain;
      } catch (err) {
        if (err instanceof VaultFormatError) throw new VaultError(`not a valid vault envelope: ${err.message}`);
        throw err;
      }
    }
    const tried = ordered.map((s) => `${s.label} from ${s.source}`).join(', ');
    throw new VaultError(`encrypted (vault id ${envelope.label}), and no vault password given decrypts it (tried ${tried})`);
  }
}

let current = new VaultKeyring();

export function setVaultKeyring(keyring: VaultKeyring): void {
  current = keyring;
}

export function vaultKeyring(): VaultKeyring {
  return current;
}
