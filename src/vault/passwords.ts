/**
 * Where vault passwords come from, as Ansible's CLI takes them:
 * --vault-id [label@]source (source: a file, an executable script, or
 * `prompt`), --vault-password-file FILE, --ask-vault-pass and
 * ANSIBLE_VAULT_PASSWORD_FILE. A file's content is the password without
 * its trailing whitespace; an executable file is run and its output is.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError, UsageError } from '../errors.js';
import type { VaultSecret } from './keyring.js';

const run = promisify(execFile);

export interface VaultSources {
  vaultIds?: readonly string[] | undefined;
  passwordFiles?: readonly string[] | undefined;
  askVaultPass?: boolean | undefined;
}

/** Asks the operator (on the terminal, without echo). */
export type AskPassword = (question: string) => Promise<string>;

function password(text: string, source: string): Buffer {
  const value = text.replace(/\s+$/, '');
  if (value === '') throw new EnvironmentError(`vault: the vault password from ${source} is empty`);
  return Buffer.from(value);
}

async function fromFile(file: string): Promise<{ password: Buffer; source: string }> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (cause) {
    throw new EnvironmentError(`vault: the vault password file ${file} was not found`, { cause });
  }
  if ((mode & 0o111) !== 0) {
    try {
      const { stdout } = await run(resolve(file), [], { encoding: 'utf8', maxBuffer: 1 << 20 });
      return { password: password(stdout, `the script ${file}`), source: `the script ${file}` };
    } catch (cause) {
      if (cause instanceof EnvironmentError) throw cause;
      // Its first line of errors, else how it ended ("Command failed: ..." alone would tell nothing).
      const { stderr, code, message } = cause as { stderr?: string; code?: number | string; message: string };
      const detail = stderr?.trim().split('\n')[0] || (typeof code === 'number' ? `it exited with status ${code}` : message);
      throw new EnvironmentError(`vault: the vault password script ${file} failed: ${detail}`, { cause });
    }
  }
  return { password: password(await readFile(file, 'utf8'), file), source: file };
}

async function fromSource(label: string, source: string, ask: AskPassword): Promise<VaultSecret> {
  if (source === 'prompt' || source === 'prompt_ask_vault_pass') {
    const question = label === 'default' ? 'Vault password: ' : `Vault password (${label}): `;
    return { label, password: password(await ask(question), 'the prompt'), source: 'the prompt' };
  }
  return { label, ...(await fromFile(source)) };
}

function splitVaultId(value: string): { label: string; source: string } {
  const at = value.indexOf('@');
  if (at === -1) return { label: 'default', source: value };
  const label = value.slice(0, at);
  const source = value.slice(at + 1);
  if (label === '' || source === '') throw new UsageError(`--vault-id expects [label@]source, got "${value}"`);
  return { label, source };
}

/**
 * Every vault password the options and the environment name, in Ansible's
 * order (CLI.setup_vault_secrets): --vault-id, the password files (the
 * environment's last among them), then the prompt.
 */
export async function loadVaultSecrets(sources: VaultSources, ask: AskPassword, env: NodeJS.ProcessEnv = process.env): Promise<VaultSecret[]> {
  const passwordFiles = [...(sources.passwordFiles ?? []), ...(env.ANSIBLE_VAULT_PASSWORD_FILE ? [env.ANSIBLE_VAULT_PASSWORD_FILE] : [])];
  const wanted = [
    ...(sources.vaultIds ?? []).map(splitVaultId),
    ...passwordFiles.map((source) => ({ label: 'default', source })),
    ...(sources.askVaultPass ? [{ label: 'default', source: 'prompt' }] : []),
  ];
  const secrets: VaultSecret[] = [];
  for (const { label, source } of wanted) secrets.push(await fromSource(label, source, ask));
  return secrets;
}
