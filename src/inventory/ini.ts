/**
 * Ansible's INI inventory format. Host lines are split like a shell line and
 * typed like Python literals; `[g:vars]` values are typed the same way but
 * without shell quote removal (so `x="5"` is the string "5" there, while on a
 * host line it is the int 5). Mistakes are InputErrors at the offending line.
 */
import { InputError } from '../errors.js';
import { expandHostRange, parseAddress, HostRangeError } from './address.js';
import { iniValue } from './literal.js';
import { InventoryData, StructureError } from './model.js';
import { shlexSplit, ShlexError } from './shlex.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

type State = 'hosts' | 'children' | 'vars';

/** A group named before it is defined: by a [parent:children] line, or by its own [g:vars] section. */
interface Pending {
  line: number;
  col: number;
  parent: string;
  by: 'children' | 'vars';
}

export function parseIniInventory(text: string, file: string, data: InventoryData): void {
  const lines = text.split(/\r\n|\n|\r/);
  let group = 'ungrouped';
  let state: State = 'hosts';
  const pending = new Map<string, Pending>();

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    const fail = (reason: string, atCol = col): never => {
      throw new InputError(reason, { file, line: lineNo, col: atCol });
    };
    const guard = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        if (err instanceof StructureError || err instanceof HostRangeError) fail(err.message);
        throw err;
      }
    };
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;

    const section = SECTION.exec(line);
    if (section) {
      const name = section[1] as string;
      const kind = section[2] ?? 'hosts';
      if (kind === 'vars') {
        // As Ansible: [g:vars] may come before [g]; the group must be defined by the end of the file.
        if (!data.groups.has(name)) pending.set(name, { line: lineNo, col, parent: name, by: 'vars' });
        data.addGroup(name);
        state = 'vars';
      } else if (kind === 'children' || kind === 'hosts') {
        data.addGroup(name);
        pending.delete(name);
        state = kind;
      } else {
        fail(`section [${name}:${kind}] has unknown type "${kind}" (expected [${name}], [${name}:children] or [${name}:vars])`);
      }
      group = name;
      return;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      fail(`invalid section header ${line}: no spaces or other characters are allowed in a section name`);
    }

    if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail(`expected key=value in [${group}:vars], got "${line}"`);
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      guard(() => data.setGroupVar(group, key, iniValue(value)));
    } else if (state === 'children') {
      const m = GROUP_NAME.exec(line);
      if (!m) fail(`expected a group name in [${group}:children], got "${line}"`);
      const child = (m as RegExpExecArray)[1] as string;
      if (!data.groups.has(child)) pending.set(child, { line: lineNo, col, parent: group, by: 'children' });
      guard(() => data.addChild(group, child));
    } else {
      parseHostLine(line, raw, lineNo, col, file, group, data);
    }
  });

  for (const [name, where] of pending) {
    const reason =
      where.by === 'vars'
        ? `section [${name}:vars] is for group "${name}", which is not defined`
        : `group "${name}" is listed in [${where.parent}:children] but never defined`;
    throw new InputError(reason, {
      file,
      line: where.line,
      col: where.col,
    });
  }
}

function parseHostLine(line: string, raw: string, lineNo: number, col: number, file: string, group: string, data: InventoryData): void {
  const loc = (c: number): { file: string; line: number; col: number } => ({ file, line: lineNo, col: c });
  let tokens: string[];
  try {
    tokens = shlexSplit(line);
  } catch (err) {
    if (err instanceof ShlexError) {
      const reason = err.message === 'No closing quotation' ? 'unterminated quote' : 'backslash at the end of the line';
      throw new InputError(`cannot parse host line: ${reason}`, loc(col));
    }
    throw err;
  }
  const [pattern, ...assignments] = tokens;
  if (pattern === undefined) return;
  const address = parseAddress(pattern, true);
  if (!address && pattern.endsWith(':')) {
    throw new InputError(`invalid host "${pattern}": a trailing ":" must be followed by a port`, loc(col));
  }
  let names: string[];
  try {
    names = expandHostRange(address?.host ?? pattern);
  } catch (err) {
    if (err instanceof HostRangeError) throw new InputError(err.message, loc(col));
    throw err;
  }
  const vars: Array<[string, unknown]> = [];
  for (const token of assignments) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      // The token's column; the line's own when quote removal changed the token's text.
      throw new InputError(`expected key=value after the host name, got "${token}"`, loc(raw.indexOf(token) + 1 || col));
    }
    vars.push([token.slice(0, eq), iniValue(token.slice(eq + 1))]);
  }
  for (const name of names) {
    data.addHost(name, group, address?.port);
    for (const [k, v] of vars) data.setHostVar(name, k, v);
  }
}
