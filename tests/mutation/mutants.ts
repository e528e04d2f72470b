/**
 * Mutants of a compiled JavaScript file: one small change each, of the
 * kind a one-line bug is (a comparison off by one, a condition inverted, a
 * constant changed), found with TypeScript's scanner so that nothing inside
 * a string, a comment, a regular expression or an import is touched.
 * String literals are left alone: most are messages, and a message a test
 * does not read is not a bug the suite should catch.
 */
import ts from 'typescript';

export interface Mutant {
  /** Offset and length of the replaced text in the JavaScript file. */
  start: number;
  length: number;
  original: string;
  replacement: string;
  /** 1-based line and 0-based column in the JavaScript file. */
  line: number;
  column: number;
  /**
   * The offset whose coverage says a test reaches the mutant: its own, or for
   * `&&`, `||` and `??` the left operand's last token (V8 counts the right
   * operand apart, and a right side never evaluated does not make the
   * operator unreached).
   */
  anchor: number;
}

const SWAPS: ReadonlyMap<ts.SyntaxKind, readonly string[]> = new Map([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, ['!==']],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, ['===']],
  [ts.SyntaxKind.EqualsEqualsToken, ['!=']],
  [ts.SyntaxKind.ExclamationEqualsToken, ['==']],
  [ts.SyntaxKind.LessThanToken, ['<=']],
  [ts.SyntaxKind.LessThanEqualsToken, ['<']],
  [ts.SyntaxKind.GreaterThanToken, ['>=']],
  [ts.SyntaxKind.GreaterThanEqualsToken, ['>']],
  [ts.SyntaxKind.AmpersandAmpersandToken, ['||']],
  [ts.SyntaxKind.BarBarToken, ['&&']],
  [ts.SyntaxKind.QuestionQuestionToken, ['&&']],
  [ts.SyntaxKind.PlusToken, ['-']],
  [ts.SyntaxKind.MinusToken, ['+']],
  [ts.SyntaxKind.TrueKeyword, ['false']],
  [ts.SyntaxKind.FalseKeyword, ['true']],
  [ts.SyntaxKind.PlusPlusToken, ['--']],
  [ts.SyntaxKind.MinusMinusToken, ['++']],
]);

const LOGICAL: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/** Lines that are module plumbing, not logic. */
const SKIPPED_LINE = /^\s*(import\b|export\s*\{|export\s+\*|\/\/# sourceMappingURL)/;

/** Every mutant of `text`, in file order. */
export function findMutants(text: string): Mutant[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  // Only for its line table: TypeScript's own offset-to-line mapping.
  const lineTable = ts.createSourceFile('mutated.js', text, ts.ScriptTarget.Latest);
  const lines = text.split('\n');
  const mutants: Mutant[] = [];
  let previous = ts.SyntaxKind.Unknown;
  let previousStart = 0;
  let templateDepth = 0;
  const add = (start: number, original: string, replacement: string, anchor = start) => {
    const { line, character } = lineTable.getLineAndCharacterOfPosition(start);
    const at = { line: line + 1, column: character };
    if (SKIPPED_LINE.test(lines[line] ?? '')) return;
    mutants.push({ start, length: original.length, original, replacement, ...at, anchor });
  };
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // A `/` after a value is division; elsewhere it starts a regular expression.
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsValue(previous)) kind = scanner.reScanSlashToken();
    // The scanner gives `>` alone (generics); `>=`, `>>` and `>>>` are asked for again.
    if (kind === ts.SyntaxKind.GreaterThanToken) kind = scanner.reScanGreaterToken();
    // `}` may continue a template literal.
    if (kind === ts.SyntaxKind.CloseBraceToken && templateDepth > 0) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) templateDepth--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templateDepth++;
    const start = scanner.getTokenPos();
    const token = scanner.getTokenText();
    const swaps = SWAPS.get(kind);
    if (swaps) for (const replacement of swaps) add(start, token, replacement, LOGICAL.has(kind) ? previousStart : start);
    else if (kind === ts.SyntaxKind.NumericLiteral) add(start, token, token === '0' ? '1' : token === '1' ? '0' : String(Number(token) + 1));
    else if (kind === ts.SyntaxKind.ExclamationToken) add(start, token, '');
    if (kind !== ts.SyntaxKind.WhitespaceTrivia && kind !== ts.SyntaxKind.NewLineTrivia && kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) {
      previous = kind;
      previousStart = start;
    }
  }
  return mutants;

  function endsValue(k: ts.SyntaxKind): boolean {
    return (
      k === ts.SyntaxKind.Identifier ||
      k === ts.SyntaxKind.NumericLiteral ||
      k === ts.SyntaxKind.StringLiteral ||
      k === ts.SyntaxKind.CloseParenToken ||
      k === ts.SyntaxKind.CloseBracketToken ||
      k === ts.SyntaxKind.CloseBraceToken ||
      k === ts.SyntaxKind.ThisKeyword ||
      k === ts.SyntaxKind.TemplateTail ||
      k === ts.SyntaxKind.NoSubstitutionTemplateLiteral
    );
  }
}

/** `text` with `mutant` applied. */
export function applyMutant(text: string, mutant: Mutant): string {
  return text.slice(0, mutant.start) + mutant.replacement + text.slice(mutant.start + mutant.length);
}
