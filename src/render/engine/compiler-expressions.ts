/**
 * Expression compilation with Python semantics: every operator, lookup,
 * call and truth test goes through `env.jj` (runtime-helpers.ts) instead of
 * raw JavaScript, and names resolve to StrictUndefined when missing.
 */
import { js, position } from './compiler-base.js';
import { emitTemplateReference } from './compiler-templates.js';
import { BaseCompiler, type Emitter, type NjFrame, type NjNode } from './nunjucks-adapter.js';

const PY_LITERALS: Record<string, string> = { True: 'true', False: 'false', None: 'null', true: 'true', false: 'false', none: 'null' };
const COMPARE: Record<string, string> = { '<': 'jj.lt', '>': 'jj.gt', '<=': 'jj.le', '>=': 'jj.ge' };

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

export const expressionMethods = {
  /** Python numbers: an integral float literal (`1.0`, `1e3`) stays a float, a big int literal exact. */
  compileLiteral(this: Emitter, node: NjNode, frame: NjFrame): void {
    if (typeof node.value === 'bigint') this.emit(`${node.value}n`);
    else if (node.isFloat === true && typeof node.value === 'number' && Number.isInteger(node.value)) this.emit(`new jj.PyFloat(${node.value})`);
    else (BaseCompiler.prototype as unknown as { compileLiteral(this: Emitter, node: NjNode, frame: NjFrame): void }).compileLiteral.call(this, node, frame);
  },

  compileExpressionNode(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.compile(node, frame);
  },

  compileSymbol(this: Emitter, node: NjNode, frame: NjFrame): void {
    const name = String(node.value);
    const id = frame.lookup(name);
    const literal = PY_LITERALS[name];
    if (!id && literal !== undefined) {
      this.emit(literal);
    } else if (!id && name === 'self') {
      // Jinja2's `self`: the template's blocks, callable (`self.title()`), whatever the context holds.
      emitTemplateReference(this);
    } else if (id) {
      // A compile-time variable may be unassigned at run time (a `set` in an untaken branch).
      this.emit(`(${id} !== undefined ? ${id} : jj.lookup(context, frame, ${js(name)}))`);
    } else {
      this.emit(`jj.lookup(context, frame, ${js(name)})`);
    }
  },

  compileLookupVal(this: Emitter, node: NjNode, frame: NjFrame): void {
    const key = child(node, 'val');
    if (node.isAttr === true) {
      this.emit('jj.getattr(');
      this.compile(child(node, 'target'), frame);
      this.emit(`, ${js(String(key.value))})`);
      return;
    }
    this.emit('jj.getitem(');
    this.compile(child(node, 'target'), frame);
    this.emit(', ');
    this.compile(key, frame);
    this.emit(')');
  },

  compileJinjaSlice(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit('jj.slice(');
    this.compile(child(node, 'target'), frame);
    for (const part of ['start', 'stop', 'step']) {
      this.emit(', ');
      if (node[part]) this.compile(child(node, part), frame);
      else this.emit('null');
    }
    this.emit(')');
  },

  compileFunCall(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit(`(${position(this, node)}, jj.call(`);
    this.compile(child(node, 'name'), frame);
    this.emit(`, ${js(this.nodeName(child(node, 'name')))}, context, `);
    const args = child(node, 'args');
    if (args.positionalAfterKeyword === true)
      this.fail('invalid syntax for function call expression: a positional argument follows a keyword argument', node.lineno, node.colno);
    if (!args.children.some((arg) => arg.starred !== undefined)) {
      this.compileAggregateOf(args, frame, '[', '])');
      this.emit(')');
      return;
    }
    // f(a, *items, k=v, **mapping): jj.callArgs spreads the starred values.
    const compileOrNull = (arg: NjNode | undefined): void => (arg ? this.compile(arg, frame) : this.emit('undefined'));
    this.emit('jj.callArgs([');
    args.children
      .filter((arg) => arg.starred === undefined && arg.typename !== 'KeywordArgs')
      .forEach((arg, i) => {
        if (i > 0) this.emit(', ');
        this.compile(arg, frame);
      });
    this.emit('], ');
    compileOrNull(args.children.find((arg) => arg.starred === '*'));
    this.emit(', ');
    compileOrNull(args.children.find((arg) => arg.typename === 'KeywordArgs'));
    this.emit(', ');
    compileOrNull(args.children.find((arg) => arg.starred === '**'));
    this.emit(')))');
  },

  compileKeywordArgs(this: Emitter, node: NjNode, frame: NjFrame): void {
    // Keyword names are names, not expressions: `indent(2, first=True)`.
    this.emit('runtime.makeKeywordArgs({');
    node.children.forEach((pair, i) => {
      if (i > 0) this.emit(', ');
      this.emit(`${js(String(child(pair, 'key').value))}: `);
      this.compile(child(pair, 'value'), frame);
    });
    this.emit('})');
  },

  compilePair(this: Emitter, node: NjNode, frame: NjFrame): void {
    // Jinja2 dict literals: a bare name as key is a variable, not a string.
    const key = child(node, 'key');
    if (key.typename === 'Literal' && typeof key.value === 'string') {
      this.emit(js(key.value));
    } else {
      this.emit('[jj.str(');
      this.compile(key, frame);
      this.emit(')]');
    }
    this.emit(': ');
    this.compile(child(node, 'value'), frame);
  },

  compileGroup(this: Emitter, node: NjNode, frame: NjFrame): void {
    // `(a, b)` is a tuple in Jinja2; `(a)` just groups.
    if (node.children.length === 1 && node.isTuple !== true) this.compileAggregateOf(node, frame, '(', ')');
    else this.compileAggregateOf(node, frame, 'jj.tuple([', '])');
  },

  compileIs(this: Emitter, node: NjNode, frame: NjFrame): void {
    const name = String(child(node, 'right').value);
    this.emit(`(env.getTest(${js(name)}).call(context, `);
    this.compile(child(node, 'left'), frame);
    for (const arg of (node.testArgs as NjNode[] | undefined) ?? []) {
      this.emit(', ');
      this.compile(arg, frame);
    }
    this.emit(') === true)');
  },

  compileIn(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit('jj.contains(');
    this.compile(child(node, 'left'), frame);
    this.emit(', ');
    this.compile(child(node, 'right'), frame);
    this.emit(')');
  },

  /** A boolean-context expression (if, elif, inline if, not, loop filter): Python truthiness. */
  compileCondition(this: Emitter, node: NjNode, frame: NjFrame): void {
    if (node.typename === 'And' || node.typename === 'Or') {
      this.emit('(');
      this.compileCondition(child(node, 'left'), frame);
      this.emit(node.typename === 'And' ? ' && ' : ' || ');
      this.compileCondition(child(node, 'right'), frame);
      this.emit(')');
    } else if (node.typename === 'Not') {
      this.emit('!');
      this.compileCondition(child(node, 'target'), frame);
    } else if (node.typename === 'Is' || node.typename === 'In' || node.typename === 'Compare') {
      this.compile(node, frame);
    } else {
      this.emit('jj.truthy(');
      this.compile(node, frame);
      this.emit(')');
    }
  },

  compileNot(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.compileCondition(node, frame);
  },

  /** `a or b` / `a and b` return an operand, as in Python. */
  compileOr(this: Emitter, node: NjNode, frame: NjFrame): void {
    const v = this.tmpid();
    this.emit(`((${v}) => jj.truthy(${v}) ? ${v} : `);
    this.compile(child(node, 'right'), frame);
    this.emit(')(');
    this.compile(child(node, 'left'), frame);
    this.emit(')');
  },

  compileAnd(this: Emitter, node: NjNode, frame: NjFrame): void {
    const v = this.tmpid();
    this.emit(`((${v}) => !jj.truthy(${v}) ? ${v} : `);
    this.compile(child(node, 'right'), frame);
    this.emit(')(');
    this.compile(child(node, 'left'), frame);
    this.emit(')');
  },

  compileInlineIf(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit('(');
    this.compileCondition(child(node, 'cond'), frame);
    this.emit(' ? ');
    this.compile(child(node, 'body'), frame);
    this.emit(' : ');
    // Jinja2 uses the lenient Undefined (printing as '') for a missing else, even under StrictUndefined.
    if (node.else_) this.compile(child(node, 'else_'), frame);
    else this.emit(`new jj.EmptyUndefined(${js(`the inline if-expression on line ${node.lineno + 1} evaluated to false and no else section was defined.`)})`);
    this.emit(')');
  },

  compileCompare(this: Emitter, node: NjNode, frame: NjFrame): void {
    const ops = node.ops as NjNode[];
    const operands = [child(node, 'expr'), ...ops.map((op) => child(op, 'expr'))];
    if (ops.length === 1) {
      // The common case, without the closure a chain needs.
      const type = String(ops[0]?.type);
      const fn =
        type === '==' || type === '===' ? 'jj.eq' : type === '!=' || type === '!==' ? '!jj.eq' : (COMPARE[type] ?? this.fail(`unknown comparison ${type}`));
      this.emit(`${fn}(`);
      this.compile(operands[0] as NjNode, frame);
      this.emit(', ');
      this.compile(operands[1] as NjNode, frame);
      this.emit(')');
      return;
    }
    const ids = operands.map(() => this.tmpid());
    // Chained comparisons (a < b < c) evaluate each operand once, as Python does.
    this.emit(`((${ids.join(', ')}) => `);
    ops.forEach((op, i) => {
      if (i > 0) this.emit(' && ');
      const [a, b] = [ids[i], ids[i + 1]];
      const type = String(op.type);
      if (type === '==' || type === '===') this.emit(`jj.eq(${a}, ${b})`);
      else if (type === '!=' || type === '!==') this.emit(`!jj.eq(${a}, ${b})`);
      else this.emit(`${COMPARE[type] ?? this.fail(`unknown comparison ${type}`)}(${a}, ${b})`);
    });
    this.emit(')(');
    operands.forEach((operand, i) => {
      if (i > 0) this.emit(', ');
      this.compile(operand, frame);
    });
    this.emit(')');
  },

  compileConcat(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit('(jj.str(');
    this.compile(child(node, 'left'), frame);
    this.emit(') + jj.str(');
    this.compile(child(node, 'right'), frame);
    this.emit('))');
  },
};

function binary(helper: string): (this: Emitter, node: NjNode, frame: NjFrame) => void {
  return function compileBinary(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit(`${helper}(`);
    this.compile(child(node, 'left'), frame);
    this.emit(', ');
    this.compile(child(node, 'right'), frame);
    this.emit(')');
  };
}

/** Arithmetic with Python rules (str/list `+` and `*`, `%` formatting, floor modulo, ZeroDivisionError). */
export const operatorMethods = {
  compileAdd: binary('jj.add'),
  compileMul: binary('jj.mul'),
  compileMod: binary('jj.mod'),
  compileDiv: binary('jj.div'),
  compileFloorDiv: binary('jj.floordiv'),
  compileSub: binary('jj.sub'),
  compilePow: binary('jj.pow'),
  compileNeg(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit('jj.neg(');
    this.compile(child(node, 'target'), frame);
    this.emit(')');
  },
};
