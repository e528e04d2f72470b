/**
 * The testbed's images, all built here: no registry is reachable, so the
 * root of every image is a Debian bookworm tree made by debootstrap from the
 * mirror this machine's own apt sources name.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { docker, dockerRaw, inspect, lastLine, runProgram } from './docker-cli.js';

export const BASE_IMAGE = 'kolla-run/bookworm-base:latest';
const CONTEXT_HASH_LABEL = 'org.kolla-run.context-hash';

export type Log = (line: string) => void;

/** The Debian mirror named by this machine's apt sources (deb822 or one-line style). */
export async function debianMirror(): Promise<string> {
  const candidates: string[] = [];
  const sourcesDir = '/etc/apt/sources.list.d';
  const files = await readdir(sourcesDir).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('.sources') || f.endsWith('.list'))) {
    candidates.push(await readFile(join(sourcesDir, file), 'utf8').catch(() => ''));
  }
  candidates.unshift(await readFile('/etc/apt/sources.list', 'utf8').catch(() => ''));
  for (const text of candidates) {
    const mirror = mirrorIn(text);
    if (mirror) return mirror;
  }
  throw new EnvironmentError('no Debian bookworm mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d');
}

/** Finds a mirror serving the bookworm suite in one apt sources text. */
export function mirrorIn(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const oneLine = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/.exec(line);
    if (oneLine?.[1]) return oneLine[1];
  }
  for (const stanza of text.split(/\n\s*\n/)) {
    const uris = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
    const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
    const enabled = !/^Enabled:\s*no/im.test(stanza);
    if (uris && enabled && suites.includes('bookworm')) return uris;
  }
  return undefined;
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await inspect('image', ref)) !== undefined;
}

/** Builds the debootstrap base image once; later calls find it and return at once. */
export async function ensureBaseImage(log: Log): Promise<void> {
  if (await imageExists(BASE_IMAGE)) return;
  const mirror = await debianMirror();
  const root = await mkdtemp(join(process.env.KOLLA_RUN_TMP ?? tmpdir(), 'kolla-run-rootfs-'));
  const started = Date.now();
  log(`building ${BASE_IMAGE} with debootstrap from ${mirror} (about a minute, once)`);
  try {
    const boot = await runProgram('debootstrap', [
      '--variant=minbase',
      '--include=openssh-server,python3,iproute2,procps,ca-certificates',
      'bookworm',
      root,
      mirror,
    ]);
    if (boot.code !== 0) {
      throw new EnvironmentError(`debootstrap failed: ${lastLine(boot.stdout + boot.stderr)}`);
    }
    // The image must not carry the builder's host keys or apt caches.
    await rm(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    const tar = await runTarImport(root);
    if (tar.code !== 0) throw new EnvironmentError(`docker import failed: ${lastLine(tar.stderr)}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  log(`built ${BASE_IMAGE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function runTarImport(root: string): Promise<{ code: number; stderr: string }> {
  // tar streams straight into `docker import`, no intermediate archive on disk.
  return runProgram('sh', ['-c', 'tar -C "$1" -c . | docker import - "$2"', 'sh', root, BASE_IMAGE]);
}

async function hashContext(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    hash.update(name).update('\0').update(await readFile(join(dir, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds `tag` from a context directory unless an image built from the same
 * context (same file bytes, same base) already exists: a second `up` skips
 * even the docker build call.
 */
export async function ensureContextImage(tag: string, contextDir: string, log: Log): Promise<void> {
  const base = await inspect('image', BASE_IMAGE);
  const contextHash = `${await hashContext(contextDir)}-${String(base?.Id ?? '').slice(7, 19)}`;
  const existing = await inspect('image', tag);
  const labels = (existing?.Config as { Labels?: Record<string, string> } | undefined)?.Labels ?? {};
  if (labels[CONTEXT_HASH_LABEL] === contextHash) return;
  const started = Date.now();
  log(`building ${tag}`);
  await docker(['build', '--quiet', '--label', `${CONTEXT_HASH_LABEL}=${contextHash}`, '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, '-t', tag, contextDir]);
  log(`built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function removeDanglingImages(): Promise<void> {
  await dockerRaw(['image', 'prune', '-f', '--filter', `label=${CONTEXT_HASH_LABEL}`]);
}
