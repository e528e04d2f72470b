/**
 * genpwd: creates or completes the operator's passwords.yml, as
 * kolla-genpwd does. Every key of the project's template that is missing or
 * empty gets a random value; a value already set is never changed; keys the
 * operator added stay. The file is written atomically, mode 0600, and its
 * comments are kept. With a vault password it is written vault-encrypted
 * (as `ansible-vault encrypt` would), and an encrypted one is read with it;
 * the plaintext only ever exists in memory.
 */
import { randomInt } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { encryptText, isVaultText } from '../vault/envelope.js';
import { VaultError, type VaultKeyring, type VaultSecret } from '../vault/keyring.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const PASSWORD_LENGTH = 40;

export function randomPassword(length = PASSWORD_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export interface GenpwdResult {
  file: string;
  /** Keys that got a new value (never the values themselves). */
  generated: string[];
  created: boolean;
  /** Whether the file on disk is vault-encrypted. */
  encrypted: boolean;
}

export interface GenpwdVault {
  /** Opens an encrypted passwords.yml. */
  keyring: VaultKeyring;
  /** Encrypts what is written (its vault id labels a 1.2 envelope); none: written as it was read. */
  encryptWith?: VaultSecret | undefined;
}

function open(text: string, file: string, vault: GenpwdVault | undefined): string {
  if (!isVaultText(text)) return text;
  if (!vault || vault.keyring.secrets.length === 0) throw new InputError('vault: the file is encrypted; give its vault password (--vault-password-file, --vault-id or --ask-vault-pass)', { file });
  try {
    return vault.keyring.decrypt(text).toString('utf8');
  } catch (err) {
    if (err instanceof VaultError) throw new InputError(`vault: the file is ${err.message}`, { file }, { cause: err });
    throw err;
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseMapping(text: string, file: string): Document {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
    throw new InputError(error.message.split('\n')[0] ?? 'invalid YAML', { file, ...(line ? { line } : {}), ...(col ? { col } : {}) });
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new InputError('passwords.yml must be a mapping of names to passwords', { file, line: 1 });
  return doc;
}

const isEmpty = (value: unknown) => value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === ''));

/** Completes `file` from the template at `templateFile`. */
export async function genpwd(file: string, templateFile: string, generate: () => string = randomPassword, vault?: GenpwdVault): Promise<GenpwdResult> {
  const template = parseMapping(await readFile(templateFile, 'utf8'), templateFile);
  const raw = await readIfExists(file);
  const wasEncrypted = raw !== undefined && isVaultText(raw);
  const existing = raw === undefined ? undefined : open(raw, file, vault);
  const doc = existing === undefined ? template : parseMapping(existing, file);
  if (doc.contents === null) doc.contents = doc.createNode({});
  const keys = isMap(template.contents) ? template.contents.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)) : [];
  const generated: string[] = [];
  for (const key of keys) {
    if (!isEmpty(doc.get(key, true))) continue;
    doc.set(key, generate());
    generated.push(key);
  }
  // An encrypted file stays encrypted; a plain one is encrypted when a vault password is given.
  const encryptWith = vault?.encryptWith ?? (wasEncrypted ? vault?.keyring.secrets[0] : undefined);
  if (existing !== undefined && generated.length === 0 && (encryptWith === undefined || wasEncrypted)) {
    await chmod(file, 0o600);
    return { file, generated, created: false, encrypted: wasEncrypted };
  }
  const text = encryptWith ? encryptText(doc.toString(), encryptWith.password, encryptWith.label) : doc.toString();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return { file, generated, created: existing === undefined, encrypted: encryptWith !== undefined };
}
