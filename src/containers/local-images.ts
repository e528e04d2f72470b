/**
 * Images on the controller's own engine, for hosts that have no registry to
 * pull from: the image's id (to tell whether a host already has it) and a
 * `docker save` stream to load on the host through its engine API.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface ControllerImage {
  id: string;
  /** The image saved whole to a temporary archive (removed once read), and its size. */
  archive(): Promise<{ stream: Readable; size: number }>;
}

/** `docker save` to a file first: the engine then gets a complete archive with its length, never a cut stream. */
async function saveArchive(ref: string): Promise<{ stream: Readable; size: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'kolla-run-image-'));
  const file = join(dir, 'image.tar');
  const saved = await new Promise<boolean>((resolve) => {
    const child = spawn('docker', ['save', '-o', file, ref], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  if (!saved) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`docker save ${ref} failed`);
  }
  const { size } = await stat(file);
  const stream = createReadStream(file);
  stream.on('close', () => void rm(dir, { recursive: true, force: true }));
  return { stream, size };
}

export function controllerImage(ref: string): Promise<ControllerImage | undefined> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      resolve({
        id: out.trim(),
        archive: () => saveArchive(ref),
      });
    });
  });
}
