/**
 * Jinja2 syntax checks without rendering: a playbook value, a bare
 * condition (`when:` and friends) or a template file, read with the parse
 * options Ansible uses for each, so a mistake is found before any host is
 * touched and named at its line.
 */
import { literalEval } from './literal.js';
import { parseTemplate } from './parser.js';
import { TemplateSyntaxError, type ParseOptions } from './tokenizer.js';

export type SyntaxKind = 'value' | 'condition' | 'file';

/** Where a syntax error is in the checked text: line 1-based, col 1-based when known. */
export interface SyntaxProblem {
  message: string;
  line: number;
  col?: number;
}

export const FILE_PARSE: ParseOptions = { trimBlocks: true, lstripBlocks: false, rawStringsInVariables: false };
export const VALUE_PARSE: ParseOptions = { ...FILE_PARSE, rawStringsInVariables: true };
const OVERRIDE = '#jinja2:';

export function hasMarkup(s: string): boolean {
  return /\{\{|\{%|\{#/.test(s);
}

/**
 * A template file's `#jinja2: trim_blocks: False, ...` first line: the
 * options it sets and the text after it; `error` for a header Ansible refuses.
 */
export function readOverride(data: string, base: ParseOptions): { body: string; options: ParseOptions; headerLines: number; error?: undefined } | { error: string } {
  if (!data.startsWith(OVERRIDE)) return { body: data, options: base, headerLines: 0 };
  const eol = data.indexOf('\n');
  // Ansible's data[len(JINJA2_OVERRIDE):eol] and data[eol + 1:]: without a newline the header
  // loses its last character and the body is the whole text.
  const line = data.slice(OVERRIDE.length, eol < 0 ? -1 : eol);
  const body = eol < 0 ? data : data.slice(eol + 1);
  const options = { ...base };
  for (const pair of line.split(',')) {
    const idx = pair.indexOf(':');
    if (idx < 0) return { error: `failed to parse jinja2 override '${pair.trim()}'; use key: value` };
    const key = pair.slice(0, idx).trim();
    // Plain ast.literal_eval there: `true` is no boolean to Ansible.
    const lit = literalEval(pair.slice(idx + 1).trim(), { jsonNames: false });
    if (!lit.ok || typeof lit.value !== 'boolean') return { error: `unsupported jinja2 override value in '${pair.trim()}'` };
    if (key === 'trim_blocks') options.trimBlocks = lit.value;
    else if (key === 'lstrip_blocks') options.lstripBlocks = lit.value;
    else return { error: `unsupported jinja2 override '${key}'` };
  }
  return { body, options, headerLines: 1 };
}

function parseProblem(src: string, options: ParseOptions, lineOffset = 0, colOffset = 0): SyntaxProblem | undefined {
  try {
    parseTemplate(src, options);
    return undefined;
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    const line = err.lineno;
    const col = err.colno === undefined ? undefined : Math.max(1, err.colno + 1 - (line === 1 ? colOffset : 0));
    return { message: err.message, line: line + lineOffset, ...(col !== undefined && { col }) };
  }
}

/** The first syntax error of `text` read as `kind`, or undefined when it parses. */
export function templateSyntaxError(text: string, kind: SyntaxKind): SyntaxProblem | undefined {
  if (kind === 'file') {
    const o = readOverride(text.replace(/\r\n?/g, '\n'), FILE_PARSE);
    if (o.error !== undefined) return { message: o.error, line: 1 };
    return parseProblem(o.body, o.options, o.headerLines);
  }
  if (kind === 'value' || hasMarkup(text)) return hasMarkup(text) ? parseProblem(text, VALUE_PARSE) : undefined;
  // A bare condition is what Ansible wraps in {% if %}: its errors are the expression's.
  const prefix = '{% if ';
  const p = parseProblem(`${prefix}${text} %}True{% else %}False{% endif %}`, VALUE_PARSE, 0, prefix.length);
  return p && { ...p, message: p.message.replace(/ in if statement$/, '').replace(/'%\}'/g, 'end of the condition') };
}
