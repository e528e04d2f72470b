/**
 * Small helpers shared by the host-side modules (wait_for, uri, get_url,
 * user, apt, ...): their one shell command prints `key=value` lines and
 * marked blocks, which these turn back into values; and Ansible's time
 * formats, which several modules register.
 */

/** `key=value` lines -> map (the last value of a repeated key wins; `all` keeps every one). */
export function keyValues(text: string): { get(key: string): string | undefined; all(key: string): string[] } {
  const map = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const list = map.get(key) ?? [];
    list.push(line.slice(eq + 1));
    map.set(key, list);
  }
  return {
    get: (key) => map.get(key)?.at(-1),
    all: (key) => map.get(key) ?? [],
  };
}

/** The text between `<<name` and `>>name` marker lines (undefined when absent). */
export function block(text: string, name: string): string | undefined {
  const open = `<<${name}\n`;
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(`\n>>${name}`, start + open.length);
  return end < 0 ? text.slice(start + open.length) : text.slice(start + open.length, end);
}

/** Ansible's time format: 2024-01-31 12:00:00.123456 (local time). */
export function formatTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}

/** Ansible's delta format: 0:00:01.002003. */
export function formatDelta(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(6).padStart(9, '0')}`;
}

/** Output text as Ansible's *_lines fields give it. */
export function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** A Python-style regex as JavaScript reads it: named groups `(?P<n>...)` -> `(?<n>...)`. */
export function pythonRegex(source: string, flags = 'm'): RegExp {
  return new RegExp(source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'), flags);
}

/**
 * Ansible's add_path_info, which every result naming a path or dest gets: a
 * shell function `pinfo PATH` printing `ptype=` and `pstat=` lines for an
 * existing path (lstat, as Ansible), and their parser.
 */
export const PATH_INFO_FUNCTION =
  'pinfo() { if [ -L "$1" ]; then echo ptype=link; elif [ -d "$1" ]; then echo ptype=directory; elif [ -e "$1" ]; then [ "$(stat -c %h "$1")" -gt 1 ] && echo ptype=hard || echo ptype=file; else return 0; fi; stat -c "pstat=%u %g %a %s %U %G" -- "$1"; }';

/** The fields of a `pinfo` answer: state (the type), uid/gid, owner/group by name (the id when unnamed), mode, size. */
export function pathInfo(kv: { get(key: string): string | undefined }): Record<string, unknown> {
  const [uid, gid, mode, size, owner, group] = (kv.get('pstat') ?? '').split(' ');
  const type = kv.get('ptype');
  if (uid === undefined || gid === undefined || mode === undefined || size === undefined || type === undefined) return {};
  return {
    state: type, uid: Number(uid), gid: Number(gid), owner: owner === undefined || owner === 'UNKNOWN' ? uid : owner,
    group: group === undefined || group === 'UNKNOWN' ? gid : group, mode: `0${mode.padStart(3, '0')}`, size: Number(size),
  };
}
