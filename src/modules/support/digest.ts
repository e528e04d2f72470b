/**
 * sha1 and md5 of what a module sends (copy and template compare by sha1,
 * and register md5sum as Ansible does). A source read once for the run is
 * the same Buffer for every host: its sums are computed once, not per host.
 */
import { createHash } from 'node:crypto';

const sums = { sha1: new WeakMap<Buffer, string>(), md5: new WeakMap<Buffer, string>() };

function digest(algorithm: 'sha1' | 'md5', content: Buffer): string {
  let sum = sums[algorithm].get(content);
  if (sum === undefined) {
    sum = createHash(algorithm).update(content).digest('hex');
    sums[algorithm].set(content, sum);
  }
  return sum;
}

export const sha1 = (content: Buffer): string => digest('sha1', content);
export const md5 = (content: Buffer): string => digest('md5', content);
