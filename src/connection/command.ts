/**
 * Shell commands as values: built from argv with POSIX single-quote quoting,
 * with secret parts that the printable form masks. A `Command` is what every
 * layer above the connection passes around; only the connection ever asks
 * for the real text (`toShell()`), everything that logs uses `toDisplay()`
 * (which `toString()` and JSON also give, so a secret cannot leak by accident).
 */

export const MASK = '********';

/** A value that must never be printed. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The real value: for the connection only. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${MASK})`;
  }
}

export function secret(value: string): Secret {
  return new Secret(value);
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}

/** One piece of a command: literal shell text, or a secret already quoted for the shell. */
interface Part {
  readonly text: string;
  readonly display: string;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX single-quote quoting: safe words stay bare, everything else goes in '...'. */
export function quote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export type Word = string | Secret | Command;

export class Command {
  readonly #parts: readonly Part[];
  readonly #secrets: readonly string[];

  private constructor(parts: readonly Part[], secrets: readonly string[]) {
    this.#parts = parts;
    this.#secrets = secrets;
  }

  /** Shell text taken as it is (the caller vouches for it). */
  static raw(text: string): Command {
    return new Command([{ text, display: text }], []);
  }

  /** argv -> one shell command line, every word quoted. */
  static argv(argv: readonly Word[]): Command {
    const parts: Part[] = [];
    const secrets: string[] = [];
    argv.forEach((word, i) => {
      if (i > 0) parts.push({ text: ' ', display: ' ' });
      Command.#pushWord(parts, secrets, word, true);
    });
    return new Command(parts, secrets);
  }

  /** Joins commands and raw text without quoting (a Command keeps its masking). */
  static join(pieces: readonly (string | Command)[], separator = ' '): Command {
    const parts: Part[] = [];
    const secrets: string[] = [];
    pieces.forEach((piece, i) => {
      if (i > 0 && separator !== '') parts.push({ text: separator, display: separator });
      Command.#pushWord(parts, secrets, piece, false);
    });
    return new Command(parts, secrets);
  }

  static #pushWord(parts: Part[], secrets: string[], word: Word, quoteStrings: boolean): void {
    if (word instanceof Command) {
      parts.push(...word.#parts);
      secrets.push(...word.#secrets);
    } else if (word instanceof Secret) {
      const value = word.reveal();
      parts.push({ text: quote(value), display: MASK });
      if (value !== '') secrets.push(value);
    } else {
      const text = quoteStrings ? quote(word) : word;
      parts.push({ text, display: text });
    }
  }

  /** The real command text, secrets included: hand it only to a shell. */
  toShell(): string {
    return this.#parts.map((p) => p.text).join('');
  }

  /** The printable form: every secret replaced by ********. */
  toDisplay(): string {
    return this.#parts.map((p) => p.display).join('');
  }

  /** The secret values this command carries (to scrub them from output that echoes them). */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** This command as one quoted word (for `sh -c <word>`), keeping its secrets masked. */
  quoted(): Command {
    const text = quote(this.toShell());
    const display = quote(this.toDisplay());
    return new Command([{ text, display }], this.#secrets);
  }

  toString(): string {
    return this.toDisplay();
  }
  toJSON(): string {
    return this.toDisplay();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Command(${this.toDisplay()})`;
  }
}

/** argv -> Command with every word quoted. */
export function shellQuote(argv: readonly Word[]): Command {
  return Command.argv(argv);
}

/**
 * Template tag: literal parts are shell text, interpolated values are quoted
 * words (a Secret is quoted and masked, a Command is inserted as it is, an
 * array becomes several quoted words).
 *   sh`mkdir -p ${dir} && echo ${secret(pw)} | passwd --stdin ${user}`
 */
export function sh(strings: TemplateStringsArray, ...values: (Word | readonly Word[] | number)[]): Command {
  const pieces: Command[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') pieces.push(Command.raw(literal));
    if (i < values.length) {
      const value = values[i] as Word | readonly Word[] | number;
      if (typeof value === 'number') pieces.push(Command.raw(String(value)));
      else if (Array.isArray(value)) pieces.push(Command.argv(value as readonly Word[]));
      else pieces.push(value instanceof Command ? value : Command.argv([value as string | Secret]));
    }
  });
  return Command.join(pieces, '');
}

export function toCommand(command: string | Command): Command {
  return typeof command === 'string' ? Command.raw(command) : command;
}

/** Replaces every occurrence of each secret in `text` by ********. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length > 0) out = out.split(s).join(MASK);
  }
  return out;
}
