/**
 * The YAML adapter: YAML as Ansible (PyYAML's SafeLoader) reads it, with
 * source positions for every node. The only module that imports `yaml`.
 *
 * YAML 1.1 scalars resolve with PyYAML's own rules (pyScalars below): yes/no/on/off
 * are booleans, 0755 is octal, 1:20 is 80, 1_000 is an int, timestamps are dates;
 * `<<` merges.
 */
import { readFile } from 'node:fs/promises';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  stringify,
  visit,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { InputError, type SourceLocation } from '../errors.js';
import { parseTimestamp } from '../template/pydate.js';
import { keyId, makeDict } from '../template/pydict.js';
import { PyFloat } from '../template/pyfloat.js';
import { isSecretsFile, runSecrets } from '../vars/secrets.js';
import { isVaultText } from '../vault/envelope.js';
import { vaultKeyring, VaultError } from '../vault/keyring.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlDocument {
  readonly file: string;
  readonly value: unknown;
  /** Where the node at `path` starts; the nearest existing ancestor when the path is absent. */
  locate(path: YamlPath): SourceLocation;
  /** Duplicate keys and similar: Ansible warns and goes on, so do we. */
  readonly warnings: readonly string[];
}

/**
 * PyYAML's implicit resolvers (YAML 1.1 as Ansible reads it), in its order of precedence:
 * the `yaml` package's 1.1 schema differs on 0789 and 1e3 (strings here), 1.0 (a float that
 * prints "1.0"), y/n (strings), -.nan (a string), and timestamps (dates here).
 */
const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/** Base 60 (1:20 is 80): PyYAML's sexagesimal numbers. */
const sexagesimal = (text: string, parse: (s: string) => number) => text.split(':').reduce((acc, part) => acc * 60 + parse(part), 0);

/** PyYAML's construct_yaml_int. */
function pyInt(source: string): number {
  let text = source.replace(/_/g, '');
  const sign = text.startsWith('-') ? -1 : 1;
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  if (text === '0') return 0;
  if (text.startsWith('0b')) return sign * parseInt(text.slice(2), 2);
  if (text.startsWith('0x')) return sign * parseInt(text.slice(2), 16);
  if (text.startsWith('0')) return sign * parseInt(text, 8);
  if (text.includes(':')) return sign * sexagesimal(text, (p) => parseInt(p, 10));
  return sign * parseInt(text, 10);
}

/** PyYAML's construct_yaml_float: an integral value keeps printing as a float (1.0). */
function pyFloat(source: string): number | PyFloat {
  let text = source.replace(/_/g, '').toLowerCase();
  const sign = text.startsWith('-') ? -1 : 1;
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  if (text === '.inf') return sign * Infinity;
  if (text === '.nan') return NaN;
  const n = sign * (text.includes(':') ? sexagesimal(text, Number) : Number(text));
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

const pyScalars: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: PY_NULL, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: PY_BOOL, resolve: (s: string) => /^(?:yes|true|on)$/i.test(s) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: PY_INT, resolve: pyInt },
  { tag: 'tag:yaml.org,2002:float', default: true, test: PY_FLOAT, resolve: pyFloat },
  // A date Python cannot make (2001-02-30) is an error in Ansible; here it stays text.
  { tag: 'tag:yaml.org,2002:timestamp', default: true, test: PY_TIMESTAMP, resolve: (s: string) => parseTimestamp(s) ?? s },
];

const REPLACED = new Set(pyScalars.map((t) => t.tag));

function ansibleTags(tags: Tags): Tags {
  const kept = tags.filter((t) => !REPLACED.has(typeof t === 'object' && 'tag' in t ? t.tag : ''));
  return [...pyScalars, ...kept];
}

/** A `!vault` value as parsed: opened once its position is known (errors name it). */
class Sealed {
  constructor(readonly envelope: string) {}
}

/**
 * `!unsafe`: Ansible never templates the value. Here each opening mark
 * becomes an expression that prints it, so every reader that renders gets
 * exactly the text, however often it is read.
 */
export function unsafeText(text: string): string {
  return text.replace(/\{[{%#]/g, (mark) => `{{ '${mark}' }}`);
}

const ansibleCustomTags: Tags = [
  { tag: '!vault', resolve: (text: string) => new Sealed(text) } as ScalarTag,
  { tag: '!unsafe', resolve: (text: string) => unsafeText(text) } as ScalarTag,
];

const PARSE_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: false,
  merge: true,
  customTags: (tags: Tags) => [...ansibleTags(tags), ...ansibleCustomTags],
  prettyErrors: false,
};

/** Opens every `!vault` value in place (in memory only); each one is a secret of the run. */
function openVaultValues(doc: Document, file: string, counter: LineCounter): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!(node.value instanceof Sealed)) return;
      try {
        const text = vaultKeyring().decrypt(node.value.envelope).toString('utf8');
        runSecrets.add(text);
        node.value = text;
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        throw new InputError(`vault: this value is ${err.message}`, toLocation(file, counter, node.range?.[0] ?? 0), { cause: err });
      }
    },
  });
}

/** A whole vault-encrypted file (ansible-vault encrypt): its plaintext. */
function openVaultFile(text: string, file: string): string {
  try {
    return vaultKeyring().decrypt(text).toString('utf8');
  } catch (err) {
    if (!(err instanceof VaultError)) throw err;
    throw new InputError(`vault: the file is ${err.message}`, { file }, { cause: err });
  }
}

function toLocation(file: string, counter: LineCounter, offset: number): SourceLocation {
  const { line, col } = counter.linePos(offset);
  return { file, line, col };
}

function collectDuplicateKeys(node: unknown, file: string, counter: LineCounter, out: string[]): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      // 1 and '1' are two keys (as PyYAML reads them); 1 and 1.0 one. A merge key (<<) is no key of its own.
      const key = isScalar(pair.key) && typeof pair.key.value !== 'symbol' ? keyId(pair.key.value) : undefined;
      if (key !== undefined) {
        if (seen.has(key) && isNode(pair.key) && pair.key.range) {
          const loc = toLocation(file, counter, pair.key.range[0]);
          out.push(`${loc.file}:${loc.line}:${loc.col}: duplicate key "${isScalar(pair.key) ? String(pair.key.value) : key}"; the last one is used`);
        }
        seen.add(key);
      }
      collectDuplicateKeys(pair.value, file, counter, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectDuplicateKeys(item, file, counter, out);
  }
}

function nodeAt(doc: Document, path: YamlPath): YamlNode | undefined {
  let current: unknown = doc.contents;
  let found: YamlNode | undefined = isNode(current) ? current : undefined;
  for (const step of path) {
    if (isMap(current)) {
      // The last pair with this key wins, as in the parsed value.
      const pair = [...current.items].reverse().find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      current = pair.value;
      if (isNode(pair.value)) found = pair.value;
      else if (isNode(pair.key)) found = pair.key;
    } else if (isSeq(current) && typeof step === 'number') {
      current = current.items[step];
      if (!isNode(current)) break;
      found = current;
    } else {
      break;
    }
  }
  return found;
}

/** Loaded data with every mapping a dict (1 and "1" two keys, insertion order kept: template/pydict.ts). */
function pyValues(value: unknown): unknown {
  if (value instanceof Map) return makeDict([...value].map(([k, v]) => [k, pyValues(v)] as const));
  if (Array.isArray(value)) return value.map(pyValues);
  return value;
}

/** Aliases past this many expansions are refused: a few lines can otherwise expand to billions of values. */
const MAX_ALIAS_EXPANSIONS = 10_000;

function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS, mapAsMap: true });
  } catch (err) {
    if (err instanceof ReferenceError && /alias count/.test(err.message)) {
      throw new InputError(`YAML aliases expand to more than ${MAX_ALIAS_EXPANSIONS} values: refused (a resource exhaustion attack?)`, { file }, { cause: err });
    }
    throw err;
  }
}

function wrap(docs: Document[], file: string, counter: LineCounter): YamlDocument {
  const first = docs[0];
  const warnings: string[] = [];
  if (first) collectDuplicateKeys(first.contents, file, counter, warnings);
  // Maps as Maps first: their keys keep their types and order, which pyValues turns into Python dicts.
  const value = first ? pyValues(toData(first, file)) : null;
  if (isSecretsFile(file)) runSecrets.add(value);
  return {
    file,
    value: value === undefined ? null : value,
    warnings,
    locate(path) {
      if (!first) return { file, line: 1, col: 1 };
      const node = nodeAt(first, path);
      return node?.range ? toLocation(file, counter, node.range[0]) : { file, line: 1, col: 1 };
    },
  };
}

/** Parses one YAML document (a second one in the stream is an error, as in Ansible). */
export function parseYaml(encrypted: string, file: string): YamlDocument {
  const text = isVaultText(encrypted) ? openVaultFile(encrypted, file) : encrypted;
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: counter });
  if (!Array.isArray(docs)) return wrap([], file, counter);
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const reason = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      throw new InputError(`YAML syntax error: ${reason}`, toLocation(file, counter, err.pos[0]));
    }
  }
  if (docs.length > 1) {
    const second = docs[1];
    const offset = second?.range[0] ?? 0;
    throw new InputError('expected one YAML document, found several', toLocation(file, counter, offset));
  }
  for (const doc of docs) openVaultValues(doc, file, counter);
  return wrap(docs, file, counter);
}

export async function loadYamlFile(file: string): Promise<YamlDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'unknown error'})`;
    throw new InputError(reason, { file }, { cause });
  }
  return parseYaml(text, file);
}

/** YAML text for a value (merge_yaml's output, generated files): block style, keys in insertion order. */
export function stringifyYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0 });
}
