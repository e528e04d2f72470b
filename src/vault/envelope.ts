/**
 * Ansible Vault's envelope, format 1.1 and 1.2 (AES256), in memory only:
 *
 *   $ANSIBLE_VAULT;1.1;AES256            (1.2 adds ;<vault id label>)
 *   hex( hex(salt) \n hex(hmac) \n hex(ciphertext) ), in lines of 80
 *
 * Keys: PBKDF2-HMAC-SHA256(password, salt, 10000 iterations) gives 80
 * bytes: 32 for AES-256-CTR, 32 for the HMAC-SHA256 of the ciphertext,
 * 16 for the counter's start. The plaintext is PKCS#7-padded to 16 bytes.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const VAULT_HEADER = '$ANSIBLE_VAULT';
const ITERATIONS = 10_000;
const LINE = 80;

export interface Envelope {
  version: '1.1' | '1.2';
  /** The vault id a 1.2 envelope names; 'default' for 1.1. */
  label: string;
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

export class VaultFormatError extends Error {}

/** Whether `text` is a vault envelope (a whole encrypted file, or a `!vault` value). */
export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(`${VAULT_HEADER};`);
}

function unhex(text: string, what: string): Buffer {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new VaultFormatError(`the ${what} is not hexadecimal`);
  return Buffer.from(text, 'hex');
}

export function parseEnvelope(text: string): Envelope {
  const lines = text.trim().split(/\r?\n/).map((l) => l.trim());
  const header = (lines.shift() ?? '').split(';');
  if (header[0] !== VAULT_HEADER) throw new VaultFormatError(`it does not start with ${VAULT_HEADER}`);
  const version = header[1];
  if (version !== '1.1' && version !== '1.2') throw new VaultFormatError(`vault format ${version ?? '(none)'} is not supported (1.1 and 1.2 are)`);
  if (header[2] !== 'AES256') throw new VaultFormatError(`cipher ${header[2] ?? '(none)'} is not supported (AES256 is)`);
  const label = version === '1.2' ? (header[3] ?? '').trim() || 'default' : 'default';
  const inner = unhex(lines.join(''), 'body').toString('latin1').split('\n');
  if (inner.length !== 3) throw new VaultFormatError('its body does not hold salt, HMAC and ciphertext');
  const [salt, hmac, ciphertext] = inner.map((part) => part.trim()) as [string, string, string];
  return { version, label, salt: unhex(salt, 'salt'), hmac: unhex(hmac, 'HMAC'), ciphertext: unhex(ciphertext, 'ciphertext') };
}

function keys(password: Buffer, salt: Buffer): { cipherKey: Buffer; hmacKey: Buffer; iv: Buffer } {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 80, 'sha256');
  return { cipherKey: derived.subarray(0, 32), hmacKey: derived.subarray(32, 64), iv: derived.subarray(64) };
}

/** The plaintext, or undefined when `password` is not the one (the HMAC does not match). */
export function decryptEnvelope(envelope: Envelope, password: Buffer): Buffer | undefined {
  const { cipherKey, hmacKey, iv } = keys(password, envelope.salt);
  const expected = createHmac('sha256', hmacKey).update(envelope.ciphertext).digest();
  if (expected.length !== envelope.hmac.length || !timingSafeEqual(expected, envelope.hmac)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', cipherKey, iv);
  const padded = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
  const pad = padded[padded.length - 1];
  if (pad === undefined || pad < 1 || pad > 16 || pad > padded.length) throw new VaultFormatError('its padding is invalid');
  return padded.subarray(0, padded.length - pad);
}

/** Encrypts as ansible-vault does: 1.1 for the default id, 1.2 naming any other. */
export function encryptText(plaintext: string | Buffer, password: Buffer, label = 'default'): string {
  const salt = randomBytes(32);
  const { cipherKey, hmacKey, iv } = keys(password, salt);
  const data = Buffer.from(plaintext);
  const pad = 16 - (data.length % 16);
  const cipher = createCipheriv('aes-256-ctr', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  const body = Buffer.from(`${salt.toString('hex')}\n${hmac.toString('hex')}\n${ciphertext.toString('hex')}`).toString('hex');
  const header = label === 'default' ? `${VAULT_HEADER};1.1;AES256` : `${VAULT_HEADER};1.2;AES256;${label}`;
  const lines = [header];
  for (let i = 0; i < body.length; i += LINE) lines.push(body.slice(i, i + LINE));
  return `${lines.join('\n')}\n`;
}
