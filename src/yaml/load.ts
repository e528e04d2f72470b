/**
 * The YAML adapter: YAML as Ansible (PyYAML's SafeLoader) reads it, with
 * source positions for every node. The only module that imports `yaml`.
 *
 * YAML 1.1 scalars resolve with PyYAML's own rules (scalars.ts); `<<` merges
 * (the 1.1 schema's merge key).
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
import { keyId, makeDict } from '../template/pydict.js';
import { isSecretsFile, runSecrets } from '../vars/secrets.js';
import { isVaultText } from '../vault/envelope.js';
import { vaultKeyring, VaultError } from '../vault/keyring.js';
import { pyYamlTags } from './scalars.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlDocument {
  readonly file: string;
  readonly value: unknown;
  /** Where the node at `path` starts; the nearest existing ancestor when the path is absent. */
  locate(path: YamlPath): SourceLocation;
  /** Duplicate keys and similar: Ansible warns and goes on, so do we. */
  readonly warnings: readonly string[];
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
  customTags: (tags: Tags) => [...pyYamlTags(tags), ...ansibleCustomTags],
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
        throw new InputError(`vault: this value is ${err.message}`, startOf(node, file, counter), { cause: err });
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

/** Where a node starts; the file's start for no node (an empty document). */
function startOf(node: YamlNode | undefined, file: string, counter: LineCounter): SourceLocation {
  return node?.range ? toLocation(file, counter, node.range[0]) : { file, line: 1, col: 1 };
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

/**
 * The value of a parsed document. The `yaml` package finds some errors only
 * here, as it builds the value: an alias bomb, an alias with no anchor
 * before it, a merge (<<) of something not a mapping. Each is an error in
 * the file, as in Ansible.
 */
function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS, mapAsMap: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = /alias count/.test(message) ? `aliases expand to more than ${MAX_ALIAS_EXPANSIONS} values: refused (a resource exhaustion attack?)` : message;
    throw new InputError(`YAML error: ${reason}`, { file }, { cause: err });
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
    locate: (path) => startOf(first && nodeAt(first, path), file, counter),
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
      const reason = err.message.split('\n')[0] ?? 'invalid YAML';
      throw new InputError(`YAML syntax error: ${reason}`, toLocation(file, counter, err.pos[0]));
    }
  }
  const second = docs[1];
  if (second) throw new InputError('expected one YAML document, found several', toLocation(file, counter, second.range[0]));
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
