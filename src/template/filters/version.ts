/** Ansible's version comparison (LooseVersion, StrictVersion, semver). */
import { pyCmp, str, TemplateError, truthy } from '../values.js';

function loose(v: string): Array<number | string> {
  return v
    .split(/(\d+|[a-z]+|\.)/i)
    .filter((p) => p !== '' && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function strict(v: string): Array<number | string> {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/.exec(v);
  if (!m) throw new TemplateError(`Version comparison failed: invalid version number '${v}'`);
  const out: Array<number | string> = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  // a pre-release sorts before the release: encode as a trailing component
  out.push(m[4] ? `${m[4]}${m[5] ?? ''}` : '~');
  return out;
}

function semverCmp(a: string, b: string): number {
  const parse = (v: string): { core: number[]; pre: string[] } => {
    // ansible.utils.version's SEMVER_RE: no leading zeros (but in a pre-release word), no empty part, no 'v'.
    const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/.exec(v);
    if (!m) throw new TemplateError(`Version comparison failed: invalid semantic version '${v}'`);
    return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.core[i] ?? 0) !== (y.core[i] ?? 0)) return (x.core[i] ?? 0) < (y.core[i] ?? 0) ? -1 : 1;
  if (!x.pre.length || !y.pre.length) return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

const OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

/** Ansible's version test; `isStrict` null when not given (it may not be given with a version_type). */
export function versionCompare(value: unknown, version: unknown, operator = 'eq', isStrict: unknown = null, versionType: string | null = null): boolean {
  if (isStrict !== null && versionType !== null) throw new TemplateError("Cannot specify both 'strict' and 'version_type'");
  if (!truthy(value)) throw new TemplateError('Input version value cannot be empty');
  if (!truthy(version)) throw new TemplateError('Version parameter to compare against cannot be empty');
  const op = OPS[operator];
  if (!op) throw new TemplateError(`Invalid operator type (${operator})`);
  const a = str(value);
  const b = str(version);
  const type = truthy(isStrict) ? 'strict' : versionType || 'loose';
  let c: number;
  try {
    if (type === 'semver' || type === 'semantic') c = semverCmp(a, b);
    else if (type === 'strict') c = pyCmp(strict(a), strict(b));
    else if (type === 'loose') c = pyCmp(loose(a), loose(b));
    else throw new TemplateError(`Invalid version type (${type}). Must be one of loose, strict, semver, semantic`);
  } catch (err) {
    if (err instanceof TemplateError && err.message.startsWith('Version comparison failed')) throw err;
    throw new TemplateError(`Version comparison failed: ${(err as Error).message}`);
  }
  return op(c);
}
