/**
 * Python's random.Random (MT19937, seeding of int and str, randrange,
 * shuffle) so that `random(seed=...)` and `shuffle(seed=...)` give the
 * numbers Ansible gives.
 */
import { createHash } from 'node:crypto';
import { str, TemplateError, toNum } from '../values.js';

export class PyRandom {
  private mt = new Uint32Array(624);
  private mti = 625;

  constructor(seed: unknown) {
    let n: bigint;
    if (typeof seed === 'string') {
      const b = Buffer.from(seed, 'utf8');
      const all = Buffer.concat([b, createHash('sha512').update(b).digest()]);
      n = BigInt(`0x${all.toString('hex')}`);
    } else if (typeof seed === 'number' && Number.isInteger(seed)) n = BigInt(Math.abs(seed));
    else if (typeof seed === 'boolean') n = seed ? 1n : 0n;
    else n = BigInt(`0x${createHash('sha512').update(str(seed)).digest('hex')}`);
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (!key.length) key.push(0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.mti = 624;
  }

  private initByArray(key: number[]): void {
    this.initGenrand(19650218);
    const mt = this.mt;
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = ((mt[i] ?? 0) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] ?? 0) + j;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623] ?? 0;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = ((mt[i] ?? 0) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= 624) {
        mt[0] = mt[623] ?? 0;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private genrand(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let kk = 0; kk < 624; kk++) {
        const y = ((mt[kk] ?? 0) & 0x80000000) | ((mt[(kk + 1) % 624] ?? 0) & 0x7fffffff);
        mt[kk] = (mt[(kk + 397) % 624] ?? 0) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  getrandbits(k: number): number {
    if (k > 32) throw new TemplateError('ranges above 2**32 are not supported');
    return this.genrand() >>> (32 - k);
  }

  randbelow(n: number): number {
    if (n <= 0) throw new TemplateError('empty range for randrange');
    const k = Math.floor(Math.log2(n)) + 1;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  randrange(start: number, stop: number, step: number): number {
    const width = toNum(stop) - toNum(start);
    if (step === 1) return start + this.randbelow(width);
    const n = Math.floor((width + step - 1) / step);
    return start + step * this.randbelow(n);
  }

  shuffle(items: unknown[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
  }
}
