/**
 * Inventory sources as Ansible accepts them: a file (INI or YAML), a
 * directory (every file in it, in name order, recursively), or an inline
 * host list `a,b:2222,` (any source with a comma that is not an existing
 * path). Vars directories are looked for beside each source given.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseYaml, type YamlDocument } from '../yaml/load.js';
import { parseAddress } from './address.js';
import { parseIniInventory } from './ini.js';
import type { InventoryData } from './model.js';
import { parseYamlInventory } from './yaml-inventory.js';

const YAML_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);
// Ansible's default INVENTORY_IGNORE_EXTS (REJECT_EXTS plus .orig .ini .cfg .retry).
const IGNORED_SUFFIXES = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const IGNORED_NAMES = new Set(['host_vars', 'group_vars', 'vars_plugins']);

export interface ParsedSource {
  /** The source as given, resolved when it is a path. */
  readonly source: string;
  /** Where group_vars/ and host_vars/ are looked for; none for a host list. */
  readonly varsBaseDir: string | undefined;
}

async function kindOf(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

export function ignoredInDirectory(name: string): boolean {
  return name.startsWith('.') || IGNORED_NAMES.has(name) || IGNORED_SUFFIXES.some((s) => name.endsWith(s));
}

function parseHostList(list: string, data: InventoryData): void {
  for (const item of list.split(',')) {
    const text = item.trim();
    if (text === '') continue;
    const address = parseAddress(text, false);
    data.addHost(address?.host ?? text, 'ungrouped', address?.port);
  }
}

function tryYaml(text: string, file: string, data: InventoryData): InputError | undefined {
  let doc: YamlDocument;
  try {
    doc = parseYaml(text, file);
    const v = doc.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      return new InputError('a YAML inventory must be a mapping of groups', doc.locate([]));
    }
    parseYamlInventory(doc, data);
    data.warnings.push(...doc.warnings);
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

function tryIni(text: string, file: string, data: InventoryData): InputError | undefined {
  try {
    parseIniInventory(text, file, data);
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

/**
 * Like Ansible, a .yml/.yaml/.json file or one without extension is tried
 * as YAML first and then as INI; anything else is INI. The error reported
 * is the one from the format the name suggests. A failed attempt can leave
 * partial data behind, so each attempt runs on a scratch copy first.
 */
async function parseFile(file: string, data: InventoryData): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read inventory file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file }, { cause });
  }
  const ext = extname(file);
  data.currentSource = file;
  try {
    if (ext !== '' && !YAML_EXTENSIONS.has(ext)) {
      const err = tryIni(text, file, data);
      if (err) throw err;
      return;
    }
    const yamlErr = tryOnCopy(data, (d) => tryYaml(text, file, d));
    if (!yamlErr) return;
    const iniErr = tryOnCopy(data, (d) => tryIni(text, file, d));
    if (!iniErr) return;
    throw ext === '' ? iniErr : yamlErr;
  } finally {
    data.currentSource = undefined;
  }
}

function tryOnCopy(data: InventoryData, attempt: (d: InventoryData) => InputError | undefined): InputError | undefined {
  const scratch = data.clone();
  const err = attempt(scratch);
  if (!err) data.adopt(scratch);
  return err;
}

async function parseDirectory(dir: string, data: InventoryData): Promise<void> {
  for (const name of (await readdir(dir)).sort()) {
    if (ignoredInDirectory(name)) continue;
    const full = join(dir, name);
    if ((await kindOf(full)) === 'dir') await parseDirectory(full, data);
    else await parseFile(full, data);
  }
}

export async function parseSource(source: string, data: InventoryData, cwd: string): Promise<ParsedSource> {
  const path = resolve(cwd, source);
  const kind = await kindOf(path);
  if (kind === undefined && source.includes(',')) {
    parseHostList(source, data);
    return { source, varsBaseDir: undefined };
  }
  if (kind === undefined) throw new InputError('inventory source not found', { file: path });
  if (kind === 'dir') {
    await parseDirectory(path, data);
    return { source: path, varsBaseDir: path };
  }
  await parseFile(path, data);
  return { source: path, varsBaseDir: dirname(path) };
}
