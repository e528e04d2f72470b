/**
 * Where tasks read variables, walked in run order with what each place can
 * see: the run's and the play's names, then block vars, task vars, include
 * parameters and loop variables down the path that reaches it. A name no
 * source defines and nothing guards in the task's context (its own values,
 * its conditions, the conditions of the blocks and includes around it) is
 * reported at the place it is read, template files included.
 */
import { readFileSync } from 'node:fs';
import { InputError, type SourceLocation } from '../../errors.js';
import { findModule } from '../../modules/registry.js';
import type { Block, Node, Play, PlaybookLoader, Role, Source, Task } from '../../playbook/index.js';
import { closest, didYouMean } from '../../playbook/suggest.js';
import { hasMarkup, templateNames, type SyntaxKind, type TemplateNames } from '../../template/index.js';
import { staticTaskFile } from '../files.js';
import { locateUse } from './locate.js';
import { TEMPLATE_FILE_NAMES } from './names.js';
import type { StaticRender } from './static-render.js';

const CONDITIONS = new Set(['when', 'changed_when', 'failed_when', 'until']);
/** Keywords that are not templated as variables (names, tags) or are read elsewhere (vars). */
const NOT_READ = new Set(['name', 'tags', 'register', 'listen', 'vars', 'module_defaults', 'collections', 'loop_control']);
const LOOP_CONTROL_READ = new Set(['label', 'pause', 'extended', 'extended_allitems']);

/** One string a task templates, with where its value is written. */
interface Text {
  text: string;
  kind: SyntaxKind;
  at: () => SourceLocation;
  /** A template file: its lines are the file's own. */
  file?: string;
  /** Read only when what comes before allows (a condition after the first of a list). */
  conditional?: boolean;
}

interface Ctx {
  /** Names of block vars, task vars, include parameters and loop variables on the way here. */
  env: ReadonlySet<string>;
  /** Conditions of the blocks and includes around: what they guard is guarded here too. */
  guards: readonly Text[];
  /** Conditions of the blocks around, evaluated again for each task. */
  inherited: readonly Text[];
}

export interface Known {
  /** Defined for the play being walked (run-wide names included). */
  play(name: string): boolean;
  /** Candidates for "did you mean". */
  names(): Iterable<string>;
}

const NO_NAMES: TemplateNames = { uses: [], guarded: new Set() };
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function strings(value: unknown, at: (p: ReadonlyArray<string | number>) => SourceLocation, path: Array<string | number>, kind: SyntaxKind, out: Text[]): void {
  if (typeof value === 'string') {
    if (hasMarkup(value) || kind === 'condition') out.push({ text: value, kind, at: () => at(path) });
  } else if (Array.isArray(value)) value.forEach((v, i) => strings(v, at, [...path, i], kind, out));
  else if (isMap(value)) for (const [k, v] of Object.entries(value)) strings(v, at, [...path, k], kind, out);
}

function conditionTexts(value: unknown, at: (p: ReadonlyArray<string | number>) => SourceLocation, key: string, out: Text[]): void {
  const list = Array.isArray(value) ? value : [value];
  // Ansible stops at the first condition of a list that is false: the others may never be read.
  list.forEach((v, i) => {
    if (typeof v === 'string') out.push({ text: v, kind: 'condition', at: () => at([key, i]), ...(i > 0 && { conditional: true }) });
  });
}

export class UseWalker {
  private readonly sources = new Map<string, Source>();
  private readonly stack = new Set<Node>();
  readonly handlersToWalk: Node[][] = [];
  private readonly rolesWithHandlers = new Set<Role>();

  constructor(
    private readonly loader: PlaybookLoader,
    private readonly play: Play,
    private readonly known: Known,
    private readonly render: StaticRender,
    /** Parsed texts, shared by the walkers of a run (roles are walked once per play that reaches them). */
    private readonly parsed: Map<string, TemplateNames>,
  ) {
    for (const { src } of loader.sources) this.sources.set(src.file, src);
  }

  private names(t: Text): TemplateNames {
    const key = `${t.kind}\0${t.text}`;
    let n = this.parsed.get(key);
    if (!n) this.parsed.set(key, (n = templateNames(t.text, t.kind) ?? NO_NAMES));
    return n;
  }

  async list(nodes: readonly Node[], ctx: Ctx): Promise<void> {
    for (const n of nodes) {
      if (n.kind === 'block') await this.block(n, ctx);
      else await this.task(n, ctx);
    }
  }

  private async block(b: Block, ctx: Ctx): Promise<void> {
    const env = new Set([...ctx.env, ...Object.keys(b.keywords.vars ?? {})]);
    const own: Text[] = [];
    // A block has no keyword locator: a name is found from the block's start.
    conditionTexts(b.keywords.when, () => b.location, 'when', own);
    // A block's conditions are evaluated for each of its tasks, with the task's own vars.
    await this.list([...b.block, ...b.rescue, ...b.always], { ...ctx, env, guards: [...ctx.guards, ...own], inherited: [...ctx.inherited, ...own] });
  }

  /** The strings a task templates: arguments, keywords, loop terms. */
  private async texts(task: Task): Promise<{ texts: Text[]; vars: Map<string, Text[]> }> {
    const texts: Text[] = [];
    const module = await findModule(task.action);
    const exprArgs = module?.expressionArgs ?? {};
    for (const [k, v] of Object.entries(task.args)) {
      const how = exprArgs[k];
      // debug's var prints "VARIABLE IS NOT DEFINED!" rather than failing.
      if (how === 'value') continue;
      if (how === 'conditions') conditionTexts(v, (p) => task.locateArg(p), k, texts);
      else strings(v, (p) => task.locateArg(p), [k], 'value', texts);
    }
    const kwAt = (p: ReadonlyArray<string | number>): SourceLocation => task.locateKeyword?.(p) ?? task.location;
    for (const [k, v] of Object.entries(task.keywords)) {
      if (CONDITIONS.has(k)) conditionTexts(v, kwAt, k, texts);
      else if (k === 'loop_control' && isMap(v)) for (const [lk, lv] of Object.entries(v)) LOOP_CONTROL_READ.has(lk) && strings(lv, kwAt, [k, lk], 'value', texts);
      else if (!NOT_READ.has(k)) strings(v, kwAt, [k], 'value', texts);
    }
    if (task.loop) strings(task.loop.kind === 'loop' ? task.loop.items : task.loop.terms, kwAt, [task.loop.kind === 'loop' ? 'loop' : `with_${task.loop.lookup}`], 'value', texts);
    const vars = new Map<string, Text[]>();
    for (const [k, v] of Object.entries(task.keywords.vars ?? {})) {
      const own: Text[] = [];
      strings(v, kwAt, ['vars', k], 'value', own);
      vars.set(k, own);
    }
    return { texts, vars };
  }

  private loopNames(task: Task): string[] | undefined {
    if (!task.loop) return [];
    const lc = task.keywords.loop_control ?? {};
    const loopVar = lc.loop_var ?? 'item';
    if (hasMarkup(loopVar) || (lc.index_var !== undefined && hasMarkup(lc.index_var))) return undefined;
    return [loopVar, ...(lc.index_var === undefined ? [] : [lc.index_var])];
  }

  private async task(task: Task, ctx: Ctx): Promise<void> {
    if (this.stack.has(task)) return;
    const loopNames = this.loopNames(task);
    // A templated loop_var: what the task reads under it cannot be told apart.
    if (loopNames === undefined) return;
    const env = new Set([...ctx.env, ...Object.keys(task.keywords.vars ?? {}), ...loopNames]);
    const { texts, vars } = await this.texts(task);
    const what = task.name === undefined ? `a ${task.written} task` : `task "${task.name}"`;
    const guards = [...ctx.guards, ...texts, ...[...vars.values()].flat()];
    const inner: Ctx = { ...ctx, env };
    this.report([...ctx.inherited, ...texts], inner, guards, what, vars);
    if (task.action === 'template') {
      const file = staticTaskFile(task, this.play, task.args['src'], 'templates');
      if (file !== undefined) {
        const text: Text = { text: readFileSync(file, 'utf8'), kind: 'file', at: () => ({ file }), file };
        this.report([text], { ...inner, env: new Set([...env, ...TEMPLATE_FILE_NAMES]) }, [...guards, text], `the template of ${what}`, vars);
      }
    }
    await this.follow(task, { env, guards: [...ctx.guards, ...texts.filter((t) => t.kind === 'condition')], inherited: [] });
  }

  /** What an include reaches, with the include's vars and loop variables. */
  private async follow(task: Task, ctx: Ctx): Promise<void> {
    const inc = task.include;
    if (!inc) return;
    this.stack.add(task);
    try {
      if (inc.kind === 'tasks') {
        const inner = this.loader.staticInclude(task) ?? (await this.resolved(task));
        // A templated name that cannot be rendered now: which file runs, if any, is unknown.
        if (inner) await this.list(inner, ctx);
      } else {
        const role = this.loader.staticRole(task);
        if (role) await this.role(role, ctx);
      }
    } finally {
      this.stack.delete(task);
    }
  }

  /** The tasks of an include_tasks whose templated name renders now (extra vars, inventory, play and task vars). */
  private async resolved(task: Task): Promise<readonly Node[] | undefined> {
    if (task.include?.kind !== 'tasks') return undefined;
    const file = this.render(task.include.file, task.keywords.vars);
    if (file === undefined) return undefined;
    return this.loader.includeTasks(task, file, this.play.baseDir).catch(() => undefined);
  }

  /** An included role: its dependencies first, then its tasks; its handlers join the play's. */
  private async role(role: Role, ctx: Ctx): Promise<void> {
    for (const dep of role.dependencies) await this.role(dep.role, ctx);
    await this.list(role.tasks, ctx);
    if (!this.rolesWithHandlers.has(role)) this.handlersToWalk.push([...role.handlers]);
    this.rolesWithHandlers.add(role);
  }

  /** Throws at the first name of `texts` nothing defines or guards; the task vars they read are checked in turn. */
  private report(texts: readonly Text[], ctx: Ctx, guardTexts: readonly Text[] | undefined, what: string, vars?: ReadonlyMap<string, Text[]>): void {
    const guarded = new Set<string>();
    for (const t of guardTexts ?? [...ctx.guards, ...texts]) for (const g of this.names(t).guarded) guarded.add(g);
    const pending = [...texts];
    const seenVars = new Set<string>();
    for (let t = pending.shift(); t; t = pending.shift()) {
      for (const use of this.names(t).uses) {
        // A guarded task var is not read when undefined: its value is not checked either.
        if (guarded.has(use.name)) continue;
        const conditional = t.conditional === true || use.conditional === true;
        const own = vars?.get(use.name);
        if (own) {
          // A task var is read lazily: its value is checked where the task reads it.
          if (!seenVars.has(use.name)) pending.push(...own.map((v) => (conditional ? { ...v, conditional } : v)));
          seenVars.add(use.name);
          continue;
        }
        // A name read only on some paths may never be read (`a or b`, `x if c else y`): not provable, not reported.
        if (conditional || ctx.env.has(use.name) || this.known.play(use.name)) continue;
        const at = t.file !== undefined ? { file: t.file, line: use.line, col: use.col } : locateUse(this.sources.get(t.at().file), t.at(), t.text, use);
        const hint = didYouMean(closest(use.name, [...ctx.env, ...this.known.names()]));
        throw new InputError(`'${use.name}' is undefined: no inventory, vars, vars_files, role default, register, set_fact, fact, magic or extra variable defines it (in ${what})${hint}`, at);
      }
    }
  }
}
