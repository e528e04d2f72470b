/**
 * Python's random.Random (MT19937, seeding of int and str, randrange,
 * shuffle) so that `random(seed=...)` and `shuffle(seed=...)` give the
 * numbers Ansible gives.
 */
import { createHash } from 'node:crypto';
import { PyFloat, TemplateError, toNum } from '../values.js';

export class PyRandom {
  private mt = new Uint32Array(624);
  private mti = 625;

  constructor(seed: unknown) {
    let n = seedInt(seed);
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

  /** k random bits (k >= 1): 32-bit words from the least significant, the last one's top bits, as CPython fills them. */
  getrandbits(k: number): number {
    let r = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) r |= BigInt(k < 32 ? this.genrand() >>> (32 - k) : this.genrand()) << shift;
    return Number(r);
  }

  /** Python's _randbelow_with_getrandbits, for n >= 1. */
  randbelow(n: number): number {
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** Python 3.11's randrange(start, stop, step), its error messages included. */
  randrange(start: number, stop: number, step: number): number {
    // Python 3.11 takes an integral float with a warning and refuses any other.
    if (!Number.isInteger(toNum(start))) throw new TemplateError('non-integer arg 1 for randrange()');
    if (!Number.isInteger(toNum(step))) throw new TemplateError('non-integer step for randrange()');
    const width = toNum(stop) - toNum(start);
    if (step === 1) {
      if (width > 0) return start + this.randbelow(width);
      throw new TemplateError(`empty range for randrange() (${start}, ${stop}, ${width})`);
    }
    let n: number;
    if (step > 0) n = Math.floor((width + step - 1) / step);
    else if (step < 0) n = Math.floor((width + step + 1) / step);
    else throw new TemplateError('zero step for randrange()');
    if (n <= 0) throw new TemplateError('empty range for randrange()');
    return start + step * this.randbelow(n);
  }

  /** random.choice's index into a sequence of `length` items. */
  choiceIndex(length: number): number {
    if (length === 0) throw new TemplateError('Cannot choose from an empty sequence');
    return this.randbelow(length);
  }

  shuffle(items: unknown[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
  }
}

/** The integer Python's random.seed(a) (version 2) feeds to init_by_array. */
function seedInt(seed: unknown): bigint {
  if (typeof seed === 'string') {
    const b = Buffer.from(seed, 'utf8');
    return BigInt(`0x${Buffer.concat([b, createHash('sha512').update(b).digest()]).toString('hex')}`);
  }
  // An int (bool is one) seeds with its absolute value; a float with its hash, as an unsigned 64-bit number.
  if (typeof seed === 'boolean') return seed ? 1n : 0n;
  if (typeof seed === 'number' && Number.isInteger(seed)) return BigInt(Math.abs(seed));
  if (typeof seed === 'number' || seed instanceof PyFloat) return BigInt.asUintN(64, floatHash(toNum(seed)));
  throw new TemplateError('The only supported seed types are: None,\nint, float, str, bytes, and bytearray.');
}

const HASH_MODULUS = (1n << 61n) - 1n;

/** CPython's hash() of a float: the value, an exact binary fraction, modulo 2**61 - 1. */
function floatHash(v: number): bigint {
  if (Number.isNaN(v)) throw new TemplateError('a nan seed is not reproducible (Python hashes it by identity)');
  if (!Number.isFinite(v)) return v > 0 ? 314159n : -314159n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  // |v| = mantissa * 2**exponent; 2**61 is 1 modulo 2**61 - 1, so the exponent counts modulo 61.
  const [mantissa, exponent] = biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
  const h = ((mantissa % HASH_MODULUS) << BigInt(((exponent % 61) + 61) % 61)) % HASH_MODULUS;
  const signed = v < 0 ? -h : h;
  return signed === -1n ? -2n : signed;
}
