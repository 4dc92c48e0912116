/**
 * `for` with Jinja2 semantics: loop filters (`for x in xs if cond`), tuple unpacking, `loop.*`,
 * `else`, a fresh scope per iteration, and recursive loops (`for ... recursive` with `loop(...)`).
 */
import { js, position } from './compiler-base.js';
import type { Emitter, NjFrame, NjNode } from './nunjucks-adapter.js';

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

export const loopMethods = {
  /**
   * A recursive loop is a function of its iterable and depth, so that `loop(children)` in the
   * body renders the same loop one level deeper; any other loop is emitted inline.
   */
  compileFor(this: Emitter, node: NjNode, outer: NjFrame): void {
    if (node.recursive !== true) {
      emitLoop(this, node, outer, () => this.compile(child(node, 'arr'), outer), '0', 'null');
      return;
    }
    const fn = this.tmpid();
    const items = this.tmpid();
    const depth = this.tmpid();
    this.emitLine(`var ${fn} = function (${items}, ${depth}) {`);
    const buffer = this.pushBuffer();
    emitLoop(this, node, outer, () => this.emit(items), depth, fn);
    this.emitLine(`return ${buffer};`);
    this.popBuffer();
    this.emitLine('};');
    this.emit(`${this.buffer} += ${fn}(`);
    this.compile(child(node, 'arr'), outer);
    this.emitLine(', 0);');
  },
};

/** The loop itself: `iterable` emits the expression to iterate, `depth` and `recurse` feed `loop.depth` and `loop(...)`. */
function emitLoop(emitter: Emitter, node: NjNode, outer: NjFrame, iterable: () => void, depth: string, recurse: string): void {
  const arr = emitter.tmpid();
  const len = emitter.tmpid();
  const i = emitter.tmpid();
  const loop = emitter.tmpid();
  const name = child(node, 'name');
  const targets = name.typename === 'Array' ? name.children.map((c) => String(c.value)) : [String(name.value)];
  if (targets.includes('loop')) emitter.fail("Can't assign to special loop variable in for-loop target", node.lineno, node.colno);
  // A Jinja2 loop body is its own scope: `set` inside never changes the outer variable.
  const frame = outer.push(true);
  emitter.emitLine('frame = frame.push(true);');
  emitter.emit(`${position(emitter, node)};\nvar ${arr} = jj.iterate(`);
  iterable();
  emitter.emitLine(');');
  const bind = (item: string, scope: NjFrame, runtimeSet: boolean): void => {
    const ids = targets.map(() => emitter.tmpid());
    if (targets.length === 1) emitter.emitLine(`var ${ids[0]} = ${item};`);
    else {
      const values = emitter.tmpid();
      emitter.emitLine(`var ${values} = jj.unpack(${item}, ${targets.length});`);
      ids.forEach((id, k) => emitter.emitLine(`var ${id} = ${values}[${k}];`));
    }
    targets.forEach((target, k) => {
      scope.set(target, ids[k] as string);
      if (runtimeSet) emitter.emitLine(`frame.variables[${js(target)}] = ${ids[k]};`);
    });
  };
  if (node.loopFilter) {
    // `for x in xs if cond`: filtered before the loop, so loop.length and `else` see the filtered items.
    const item = emitter.tmpid();
    const filterFrame = outer.push(true);
    emitter.emitLine(`${arr} = ${arr}.filter(function (${item}) {`);
    bind(item, filterFrame, false);
    emitter.emit('return ');
    emitter.compileCondition(child(node, 'loopFilter'), filterFrame);
    emitter.emitLine(';\n});');
  }
  emitter.emitLine(`var ${len} = ${arr}.length;`);
  // loop.depth counts recursive-loop levels only, so it is 1 in every non-recursive loop.
  emitter.emitLine(`var ${loop} = new jj.LoopContext(${arr}, ${depth}, ${recurse});`);
  emitter.emitLine(`for (var ${i} = 0; ${i} < ${len}; ${i}++) {`);
  // Each iteration is a fresh scope in Jinja2: what one iteration `set` is gone in the next.
  // The variables to forget are known only once the body is compiled, hence the placeholder.
  emitter.emitLine('frame.variables = Object.create(null);');
  const resetVariables = emitter.placeholder();
  bind(`${arr}[${i}]`, frame, true);
  // Plain names: assign directly instead of Frame.set(), which splits dotted names on every call.
  emitter.emitLine(`frame.variables.loop = ${loop}.at(${i});`);
  emitter.withScopedSyntax(() => emitter.compile(child(node, 'body'), frame));
  const assigned = Object.keys(frame.variables).filter((name) => !targets.includes(name));
  resetVariables(assigned.map((name) => `${frame.variables[name]} = undefined;\n`).join(''));
  emitter.emitLine('}');
  if (node.else_) {
    emitter.emitLine(`if (${len} === 0) {`);
    emitter.withScopedSyntax(() => emitter.compile(child(node, 'else_'), frame));
    emitter.emitLine('}');
  }
  emitter.emitLine('frame = frame.pop();');
}
