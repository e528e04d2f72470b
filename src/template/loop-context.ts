/** The `loop` variable of a for loop, with Jinja2's attributes. */
import { pyFunc } from './engine.js';
import { pyEq, TemplateError, tuple, Undef } from './values.js';

export class LoopContext {
  index0 = 0;
  private lastChanged: unknown = Symbol('none');
  constructor(readonly items: unknown[]) {}
  get length(): number {
    return this.items.length;
  }
  attr(name: string): unknown {
    const i = this.index0;
    const n = this.items.length;
    switch (name) {
      case 'index':
        return i + 1;
      case 'index0':
        return i;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return 1;
      case 'depth0':
        return 0;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undef('previtem', 'there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : new Undef('nextitem', 'there is no next item');
      case 'cycle':
        return pyFunc('cycle', (args) => {
          if (!args.length) throw new TemplateError('no items for cycling given');
          return args[i % args.length];
        });
      case 'changed':
        return pyFunc('changed', (args) => {
          const key = tuple(args);
          if (typeof this.lastChanged === 'symbol' || !pyEq(this.lastChanged, key)) {
            this.lastChanged = key;
            return true;
          }
          return false;
        });
      default:
        return new Undef(name, `'LoopContext' object has no attribute '${name}'`);
    }
  }
}
