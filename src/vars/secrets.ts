/**
 * The values that must never reach any output, whether or not the task that
 * uses them has no_log: every value of a passwords.yml (kolla-ansible's
 * secrets file, wherever it is read from: vars_files, include_vars,
 * group_vars) and every vault-encrypted value. The CLI masks them at its
 * output edge (src/cli/output.ts), the last place every line passes.
 *
 * One registry per process: YAML is parsed in many places (inventory,
 * playbooks, filters) and every one of them must feed the same mask.
 */
import { basename } from 'node:path';

export const MASK = '********';

/**
 * Shorter values are words that ordinary output holds too ("root",
 * "admin"): masking them would garble every line and tell where they are.
 */
export const MIN_SECRET_LENGTH = 6;

/** kolla-ansible's secrets file: every value in it is a secret. */
export function isSecretsFile(file: string): boolean {
  return basename(file) === 'passwords.yml';
}

export class SecretValues {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers each text or number leaf of `value` (nested mappings and lists too: SSH key pairs). */
  add(value: unknown): void {
    const before = this.values.size;
    this.collect(value, new Set());
    if (this.values.size !== before) this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every registered value replaced by MASK. */
  mask(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  /** Every leaf, however deep; `seen` ends a structure that holds itself. */
  private collect(value: unknown, seen: Set<object>): void {
    if (typeof value === 'string') this.addText(value);
    else if (typeof value === 'number' || typeof value === 'bigint') this.addText(String(value));
    else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      for (const v of Array.isArray(value) ? value : Object.values(value)) this.collect(v, seen);
    }
  }

  private addText(text: string): void {
    // As printed (text output), as JSON writes it (--json, results), and line by line (diffs, keys).
    const forms = [text, JSON.stringify(text).slice(1, -1), ...text.split('\n').map((l) => l.trim())];
    for (const form of forms) if (form.length >= MIN_SECRET_LENGTH) this.values.add(form);
  }
}

/** This process's secrets (see the file comment for why there is one). */
export const runSecrets = new SecretValues();

export function maskSecrets(text: string): string {
  return runSecrets.mask(text);
}
