/**
 * Client authentication: private key files (read and decrypted once per
 * run, shared by every connection), ssh-agent, password (and
 * keyboard-interactive answered with it). Records what was tried so that a
 * failure names the key files.
 */
import { createPrivateKey, sign as signWith, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import type { ConnectionSettings } from './settings.js';

export interface LoadedKey {
  readonly file: string;
  readonly key?: ParsedKey;
  /** Why the file cannot be used (missing, encrypted without passphrase, bad passphrase...). */
  readonly problem?: string;
}

/** Key files read and parsed once (bcrypt-decrypting a key is slow). */
export class KeyStore {
  readonly #cache = new Map<string, Promise<LoadedKey>>();

  load(file: string, passphrase?: string): Promise<LoadedKey> {
    const id = `${file}\0${passphrase ?? ''}`;
    let p = this.#cache.get(id);
    if (!p) {
      p = loadKey(file, passphrase);
      this.#cache.set(id, p);
    }
    return p;
  }
}

async function loadKey(file: string, passphrase?: string): Promise<LoadedKey> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file, problem: code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})` };
  }
  // ssh2 is CommonJS: only Client is a named export under Node's ESM loader.
  const parsed = ssh2.utils.parseKey(data, passphrase);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | Error | undefined) : parsed;
  if (key === undefined) return { file, problem: 'holds no key' };
  if (key instanceof Error) {
    const msg = key.message;
    if (/encrypted/i.test(msg) && passphrase === undefined) return { file, problem: 'is encrypted and no passphrase was given' };
    if (/bad passphrase|decrypt|integrity/i.test(msg)) return { file, problem: 'could not be decrypted: wrong passphrase' };
    return { file, problem: `cannot be parsed (${msg})` };
  }
  if (!key.isPrivateKey()) return { file, problem: 'is not a private key' };
  return { file, key: signingOnce(key) };
}

/** The hash each key type signs with when the client names none (RSA's is chosen per server). */
const DEFAULT_HASH: Record<string, string | null> = {
  'ssh-ed25519': null,
  'ssh-rsa': 'sha1',
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
};

/**
 * The key, signing with a KeyObject decoded once. ssh2's keys sign with their PEM text, which
 * OpenSSL 3 decodes again for every signature: 0.5 ms of the controller's CPU per connection,
 * against 0.05 ms. The signature is the same bytes (ed25519 and RSA are deterministic).
 */
export function signingOnce(key: ParsedKey): ParsedKey {
  const defaultHash = DEFAULT_HASH[key.type];
  if (defaultHash === undefined) return key;
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(key.getPrivatePEM());
  } catch {
    return key;
  }
  const signing = Object.create(key) as ParsedKey;
  signing.sign = (data: Buffer | string, algo?: string): Buffer => {
    try {
      return signWith(algo ?? defaultHash, typeof data === 'string' ? Buffer.from(data) : data, keyObject);
    } catch (err) {
      // ssh2 checks for an Error returned, as its own keys do (its typings say Buffer only).
      return (err instanceof Error ? err : new Error(String(err))) as unknown as Buffer;
    }
  };
  return signing;
}

export interface AuthPlan {
  readonly handler: AuthHandlerMiddleware;
  /** What was offered to the server, in order ("key /root/.ssh/id_ed25519", "ssh-agent", "password"). */
  readonly tried: string[];
  /** Key files that could not be used, with the reason. */
  readonly unusable: LoadedKey[];
}

export async function planAuth(settings: ConnectionSettings, keys: KeyStore): Promise<AuthPlan> {
  const loaded = await Promise.all(settings.keyFiles.map((f) => keys.load(f, settings.passphrase?.reveal())));
  const usable = loaded.filter((k): k is LoadedKey & { key: ParsedKey } => k.key !== undefined);
  const unusable = loaded.filter((k) => k.key === undefined);
  const username = settings.user;
  const password = settings.password?.reveal();
  const methods: Array<{ label: string; needs: AuthenticationType; method: AnyAuthMethod }> = [
    ...usable.map((k) => ({ label: `key ${k.file}`, needs: 'publickey' as const, method: { type: 'publickey' as const, username, key: k.key } })),
    ...(settings.agent ? [{ label: 'ssh-agent', needs: 'publickey' as const, method: { type: 'agent' as const, username, agent: settings.agent } }] : []),
    ...(password !== undefined
      ? [
          { label: 'password', needs: 'password' as const, method: { type: 'password' as const, username, password } },
          {
            label: 'keyboard-interactive',
            needs: 'keyboard-interactive' as const,
            method: {
              type: 'keyboard-interactive' as const,
              username,
              prompt: (_n: string, _i: string, _l: string, prompts: unknown[], finish: (answers: string[]) => void) =>
                finish(prompts.map(() => password)),
            },
          },
        ]
      : []),
  ];
  const tried: string[] = [];
  let next = 0;
  const handler: AuthHandlerMiddleware = (authsLeft, _partial, callback) => {
    while (next < methods.length) {
      const m = methods[next++] as (typeof methods)[number];
      // authsLeft is null before the server has said what it accepts.
      if (authsLeft && !authsLeft.includes(m.needs)) continue;
      tried.push(m.label);
      callback(m.method);
      return;
    }
    callback(false as unknown as AnyAuthMethod);
  };
  return { handler, tried, unusable };
}

/** "auth failed" in words: which user, which keys, and what was wrong with the others. */
export function describeAuthFailure(settings: ConnectionSettings, plan: AuthPlan): string {
  const who = `${settings.user}@${settings.host}:${settings.port}`;
  const tried = plan.tried.length > 0 ? `tried ${plan.tried.join(', ')}` : 'no usable credentials';
  const unusable = plan.unusable.map((k) => `key ${k.file} ${k.problem}`);
  const hint = plan.tried.length === 0 && settings.keyFiles.length > 0 && !settings.agent && !settings.password
    ? ' (set ansible_ssh_private_key_file, ansible_password or SSH_AUTH_SOCK)'
    : '';
  return `authentication failed for ${who}: ${tried}${unusable.length > 0 ? `; ${unusable.join('; ')}` : ''}${hint}`;
}
