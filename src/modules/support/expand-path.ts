/**
 * What Ansible's modules do to some arguments on the host before using them:
 * os.path.expandvars, then os.path.expanduser. The command module's argv
 * (run_command's expand_user_and_vars) and every parameter of type `path`
 * (command's chdir, creates and removes) go through it. Written here as one
 * shell word for the host's shell to expand, so the host's own environment
 * decides, with Python's rules:
 * - `$name` and `${name}` become the variable's value when it is set (even
 *   empty) and stay as written when it is not (`"${name-\$name}"`);
 * - a leading `~` or `~user` becomes that home folder (the shell's tilde
 *   expansion; an unknown user stays as written, as in Python);
 * - `glob` leaves `*`, `?` and simple `[...]` unquoted for the shell to
 *   match (creates and removes are globbed); everything else is quoted, so
 *   nothing else of the text reaches the shell.
 * Differs from Python only where a variable makes the tilde (a value that
 * starts with `~` at the start of the text, or `~$USER`: Python expands that
 * home too) and for the shell's own unexported variables (PPID, IFS,
 * OPTIND), which Python does not see.
 */
import { Command, quote, splitArgs } from '../../connection/index.js';

// Python's expandvars: `$` then word characters, or `${...}` up to the first `}`.
const VARIABLE = /\$(\w+|\{[^}]*\})/gu;
const HAS_VARIABLE = new RegExp(VARIABLE.source, 'u');
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TILDE = /^~([A-Za-z0-9._][A-Za-z0-9._-]*)?(?=\/|$)/;
const GLOB = /\*|\?|\[[A-Za-z0-9._!^-]+\]/g;

/** Text inside double quotes, as it is. */
function dq(text: string): string {
  return text === '' ? '' : `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** A part of the text with no variable in it: quoted, or with its glob characters left to the shell. */
function literal(text: string, glob: boolean): string {
  if (!glob) return dq(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(GLOB)) {
    out += dq(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + dq(text.slice(last));
}

/** Whether the text needs the host's expansion at all (otherwise it is quoted as it is). */
export function needsExpansion(text: string, glob = false): boolean {
  return HAS_VARIABLE.test(text) || TILDE.test(text) || (glob && /[*?[]/.test(text));
}

/** The text as one shell word that the host's shell expands as Python's expanduser(expandvars(text)) would. */
export function expandedWord(text: string, options: { glob?: boolean } = {}): string {
  const glob = options.glob === true;
  if (!needsExpansion(text, glob)) return quote(text);
  const tilde = TILDE.exec(text);
  // The tilde prefix stays unquoted (a quoted one is not expanded), its slash too.
  const head = tilde ? `~${tilde[1] ?? ''}` : '';
  let rest = text.slice(head.length);
  let word = head;
  if (head !== '' && rest.startsWith('/')) {
    word += '/';
    rest = rest.slice(1);
  }
  let last = 0;
  for (const m of rest.matchAll(VARIABLE)) {
    const name = m[1]?.startsWith('{') ? m[1].slice(1, -1) : m[1] ?? '';
    word += literal(rest.slice(last, m.index), glob);
    // An environment variable the shell cannot name is never set: Python leaves it as written.
    word += SHELL_NAME.test(name) ? `"\${${name}-${m[0].replace(/[$}]/g, (c) => `\\${c}`)}}"` : dq(m[0]);
    last = m.index + m[0].length;
  }
  word += literal(rest.slice(last), glob);
  return word === '' ? "''" : word;
}

/** What a creates/removes check learns: whether the path exists (glob: anything matches) and the path as the host expanded it. */
export interface PathCheck {
  exists: boolean;
  expanded: string;
}

/** Shell printing the path as the host expands it, exiting 0 when it exists (with glob: when anything matches). */
export function pathCheckScript(path: string, options: { glob?: boolean } = {}): string {
  return `printf '%s' ${expandedWord(path)}; for p in ${expandedWord(path, options)}; do [ -e "$p" ] && exit 0; done; exit 1`;
}

export function pathCheckResult(rc: number, stdout: string): PathCheck {
  return { exists: rc === 0, expanded: stdout };
}

/**
 * A validate command (copy, template, lineinfile...) as Ansible's run_command runs `validate % tmp`:
 * no shell, the text split into words (shlex), each word's $VARS and ~ expanded; %s is the file to
 * check, one word whatever its name. Nothing of the text is read by the host's shell as code.
 */
export function validateCommand(validate: string, file: string): Command {
  return Command.raw(splitArgs(validate).map((word) => word.split('%s').map((part) => expandedWord(part)).join(quote(file))).join(' '));
}
