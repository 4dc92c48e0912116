/**
 * `for` with Jinja2 semantics: loop filters (`for x in xs if cond`), tuple unpacking, `loop.*`,
 * `else`, a fresh scope per iteration, and recursive loops (`for ... recursive` with `loop(...)`).
 */
import { js, position, type Emitter } from './compiler-base.js';
import type { NjFrame, NjNode } from './nunjucks-internals.js';

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

interface LoopEmitter extends Emitter {
  codebuf: string[];
}

export const loopMethods = {
  /**
   * A recursive loop is a function of its iterable and depth, so that `loop(children)` in the
   * body renders the same loop one level deeper; any other loop is emitted inline.
   */
  compileFor(this: LoopEmitter, node: NjNode, outer: NjFrame): void {
    if (node.recursive !== true) {
      emitLoop(this, node, outer, () => this.compile(child(node, 'arr'), outer), '0', 'null');
      return;
    }
    const fn = this._tmpid();
    const items = this._tmpid();
    const depth = this._tmpid();
    this._emitLine(`var ${fn} = function (${items}, ${depth}) {`);
    const buffer = this._pushBuffer();
    emitLoop(this, node, outer, () => this._emit(items), depth, fn);
    this._emitLine(`return ${buffer};`);
    this._popBuffer();
    this._emitLine('};');
    this._emit(`${this.buffer} += ${fn}(`);
    this.compile(child(node, 'arr'), outer);
    this._emitLine(', 0);');
  },

};

/** The loop itself: `iterable` emits the expression to iterate, `depth` and `recurse` feed `loop.depth` and `loop(...)`. */
function emitLoop(emitter: LoopEmitter, node: NjNode, outer: NjFrame, iterable: () => void, depth: string, recurse: string): void {
  const arr = emitter._tmpid();
  const len = emitter._tmpid();
  const i = emitter._tmpid();
  const loop = emitter._tmpid();
  const name = child(node, 'name');
  const targets = name.typename === 'Array' ? name.children.map((c) => String(c.value)) : [String(name.value)];
  if (targets.includes('loop')) emitter.fail("Can't assign to special loop variable in for-loop target", node.lineno, node.colno);
  // A Jinja2 loop body is its own scope: `set` inside never changes the outer variable.
  const frame = outer.push(true);
  emitter._emitLine('frame = frame.push(true);');
  emitter._emit(`${position(emitter, node)};\nvar ${arr} = jj.iterate(`);
  iterable();
  emitter._emitLine(');');
  const bind = (item: string, scope: NjFrame, runtimeSet: boolean): void => {
    const ids = targets.map(() => emitter._tmpid());
    if (targets.length === 1) emitter._emitLine(`var ${ids[0]} = ${item};`);
    else {
      const values = emitter._tmpid();
      emitter._emitLine(`var ${values} = jj.unpack(${item}, ${targets.length});`);
      ids.forEach((id, k) => emitter._emitLine(`var ${id} = ${values}[${k}];`));
    }
    targets.forEach((target, k) => {
      scope.set(target, ids[k] as string);
      if (runtimeSet) emitter._emitLine(`frame.variables[${js(target)}] = ${ids[k]};`);
    });
  };
  if (node.loopFilter) {
    // `for x in xs if cond`: filtered before the loop, so loop.length and `else` see the filtered items.
    const item = emitter._tmpid();
    const filterFrame = outer.push(true);
    emitter._emitLine(`${arr} = ${arr}.filter(function (${item}) {`);
    bind(item, filterFrame, false);
    emitter._emit('return ');
    emitter.compileCondition(child(node, 'loopFilter'), filterFrame);
    emitter._emitLine(';\n});');
  }
  emitter._emitLine(`var ${len} = ${arr}.length;`);
  // loop.depth counts recursive-loop levels only, so it is 1 in every non-recursive loop.
  emitter._emitLine(`var ${loop} = new jj.LoopContext(${arr}, ${depth}, ${recurse});`);
  emitter._emitLine(`for (var ${i} = 0; ${i} < ${len}; ${i}++) {`);
  // Each iteration is a fresh scope in Jinja2: what one iteration `set` is gone in the next.
  // The variables to forget are known only once the body is compiled, hence the placeholder.
  emitter._emitLine('frame.variables = Object.create(null);');
  const resetAt = emitter.codebuf.length;
  emitter._emit('');
  bind(`${arr}[${i}]`, frame, true);
  // Plain names: assign directly instead of Frame.set(), which splits dotted names on every call.
  emitter._emitLine(`frame.variables.loop = ${loop}.at(${i});`);
  emitter._withScopedSyntax(() => emitter.compile(child(node, 'body'), frame));
  const assigned = Object.keys(frame.variables).filter((name) => !targets.includes(name));
  emitter.codebuf[resetAt] = assigned.map((name) => `${frame.variables[name]} = undefined;\n`).join('');
  emitter._emitLine('}');
  if (node.else_) {
    emitter._emitLine(`if (${len} === 0) {`);
    emitter._withScopedSyntax(() => emitter.compile(child(node, 'else_'), frame));
    emitter._emitLine('}');
  }
  emitter._emitLine('frame = frame.pop();');
}
