/**
 * Statement compilation with Jinja2 semantics: output printed with Python's
 * str(), `set` that never leaks out of a loop or macro, namespace attribute
 * assignment, macros, and error locations (file and line of the innermost
 * template). Loops are in compiler-loops.ts.
 */
import { CompileFrame, js, position, type Emitter } from './compiler-base.js';
import { nodes, type NjFrame, type NjNode } from './nunjucks-internals.js';

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

interface ScopedEmitter extends Emitter {
  codebuf: string[];
  _scopeClosers: string;
  _closeScopeLevels(): void;
}

export const statementMethods = {
  _emitFuncBegin(this: ScopedEmitter, node: NjNode, name: string): void {
    this.buffer = 'output';
    this._scopeClosers = '';
    this._emitLine(`function ${name}(env, context, frame, runtime, cb) {`);
    this._emitLine(`var lineno = ${node.lineno};`);
    this._emitLine(`var colno = ${node.colno};`);
    this._emitLine('var jj = env.jj;');
    this._emitLine('var output = "";');
    // Rendering is continuation-passing: code after an import runs inside the imported template's
    // callback. Once this function has handed its result on, errors belong to the caller's code.
    this._emitLine('var jj_done = false;');
    this._emitLine('try {');
  },

  _emitFuncEnd(this: ScopedEmitter, noReturn?: boolean): void {
    if (!noReturn) this._emitLine(`jj_done = true; cb(null, ${this.buffer});`);
    this._closeScopeLevels();
    this._emitLine('} catch (e) {');
    this._emitLine('  if (jj_done) { throw e; }');
    this._emitLine(`  cb(jj.locate(e, ${this._templateName()}, lineno, colno));`);
    this._emitLine('}');
    this._emitLine('}');
    this.buffer = null as unknown as string;
  },

  compileRoot(this: ScopedEmitter, node: NjNode, frame: NjFrame | undefined): void {
    if (frame) this.fail("compileRoot: root node can't have frame");
    const rootFrame = Object.assign(new CompileFrame(), { isRoot: true });
    (this as unknown as { _emitFuncBegin(n: NjNode, name: string): void })._emitFuncBegin(node, 'root');
    this._emitLine('var parentTemplate = null;');
    for (const item of node.children) this.compile(item, rootFrame);
    this._emitLine('jj_done = true;');
    this._emitLine('if (parentTemplate) { parentTemplate.rootRenderFunc(env, context, frame, runtime, cb); } else { cb(null, output); }');
    (this as unknown as { _emitFuncEnd(noReturn: boolean): void })._emitFuncEnd(true);
    (this as unknown as { inBlock: boolean }).inBlock = true;
    const blocks = (node as unknown as { findAll(type: unknown): NjNode[] }).findAll(nodes.Block);
    const names = new Set<string>();
    for (const block of blocks) {
      const name = String(child(block, 'name').value);
      if (names.has(name)) this.fail(`block "${name}" defined more than once`, block.lineno, block.colno);
      names.add(name);
      (this as unknown as { _emitFuncBegin(n: NjNode, name: string): void })._emitFuncBegin(block, `b_${name}`);
      this._emitLine('var frame = frame.push(true);');
      this.compile(child(block, 'body'), Object.assign(new CompileFrame(), { isRoot: true }));
      (this as unknown as { _emitFuncEnd(noReturn?: boolean): void })._emitFuncEnd();
    }
    this._emitLine(`return { ${[...names].map((n) => `b_${n}: b_${n}, `).join('')}root: root };`);
  },

  /** Rendering is synchronous: an error from an imported or included template is thrown, located here unless already located deeper. */
  _makeCallback(this: Emitter, res?: string): string {
    const err = this._tmpid();
    return `function(${err}${res ? ', ' + res : ''}) {\nif (${err}) { throw jj.locate(${err}, ${this._templateName()}, lineno, colno); }`;
  },

  compileOutput(this: Emitter, node: NjNode, frame: NjFrame): void {
    for (const item of node.children) {
      if (item.typename === 'TemplateData') {
        if (item.value) this._emitLine(`${this.buffer} += ${js(String(item.value))};`);
        continue;
      }
      this._emit(`${this.buffer} += jj.str((${position(this, item)}, `);
      this.compile(item, frame);
      this._emitLine('));');
    }
  },

  compileIf(this: Emitter, node: NjNode, frame: NjFrame): void {
    this._emit(`${position(this, node)};\nif (`);
    this.compileCondition(child(node, 'cond'), frame);
    this._emitLine(') {');
    this._withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    if (node.else_) {
      this._emitLine('} else {');
      this._withScopedSyntax(() => this.compile(child(node, 'else_'), frame));
    }
    this._emitLine('}');
  },

  compileJinjaWith(this: Emitter, node: NjNode, outer: NjFrame): void {
    // Values are computed in the enclosing scope, then bound in a scope of their own.
    const ids = child(node, 'values').children.map((value) => {
      const id = this._tmpid();
      this._emit(`${position(this, value)};\nvar ${id} = `);
      this.compile(value, outer);
      this._emitLine(';');
      return id;
    });
    const frame = outer.push(true);
    this._emitLine('frame = frame.push(true);');
    child(node, 'names').children.forEach((name, k) => {
      frame.set(String(name.value), ids[k] as string);
      this._emitLine(`frame.variables[${js(String(name.value))}] = ${ids[k]};`);
    });
    this._withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    this._emitLine('frame = frame.pop();');
  },

  compileSet(this: Emitter, node: NjNode, frame: NjFrame): void {
    const value = this._tmpid();
    this._emit(`${position(this, node)};\nvar ${value} = `);
    if (node.value) this.compile(child(node, 'value'), frame);
    else this.compile(child(node, 'body'), frame);
    this._emitLine(';');
    const targets = node.targets as NjNode[];
    // `set a, b = pair` unpacks, as in Python.
    const unpacked = targets.length > 1 ? this._tmpid() : undefined;
    if (unpacked) this._emitLine(`var ${unpacked} = jj.unpack(${value}, ${targets.length});`);
    targets.forEach((target, k) => {
      const item = unpacked ? `${unpacked}[${k}]` : value;
      if (target.typename === 'LookupVal') {
        this._emit('jj.setAttr(');
        this.compile(child(target, 'target'), frame);
        this._emitLine(`, ${js(String(child(target, 'val').value))}, ${item});`);
        return;
      }
      const name = String(target.value);
      // Only this scope's variable is reused: a `set` in a loop body or macro shadows, never overwrites.
      let id = Object.prototype.hasOwnProperty.call(frame.variables, name) ? frame.variables[name] : undefined;
      if (!id) {
        id = this._tmpid();
        this._emitLine(`var ${id};`);
        frame.set(name, id);
      }
      this._emitLine(`${id} = ${item};`);
      this._emitLine(`frame.set(${js(name)}, ${id}, true);`);
      this._emitLine(`if (frame.topLevel) { context.setVariable(${js(name)}, ${id});${name.startsWith('_') ? '' : ` context.addExport(${js(name)}, ${id});`} }`);
    });
  },

  /** Macros (and call blocks): missing parameters are Undefined, the result is a plain string, errors are located in the macro's file. */
  _compileMacro(this: Emitter, node: NjNode, frame?: NjFrame): string {
    const params: NjNode[] = [];
    let defaults: NjNode | undefined;
    const all = child(node, 'args').children;
    all.forEach((arg, k) => {
      if (k === all.length - 1 && arg.typename === 'KeywordArgs') defaults = arg;
      else if (arg.typename === 'Symbol' && arg.starred === undefined) params.push(arg);
      else this.fail('macro parameters must be names', arg.lineno, arg.colno);
    });
    if (child(node, 'args').positionalAfterKeyword === true) this.fail('non-default argument follows default argument', node.lineno, node.colno);
    const body = child(node, 'body') as unknown as { findAll(type: unknown): NjNode[] };
    if (params.some((p) => p.value === 'caller') && body.findAll(nodes.Symbol).some((symbol) => symbol.value === 'caller')) {
      this.fail('When defining macros or call blocks the special "caller" argument must be omitted or be given a default.', node.lineno, node.colno);
    }
    const funcId = `macro_${this._tmpid()}`;
    const keepFrame = frame !== undefined;
    const scope = keepFrame ? frame.push(true) : new CompileFrame();
    const names = params.map((p) => String(p.value));
    const defaultNames = (defaults?.children ?? []).map((pair) => String(child(pair, 'key').value));
    const saved = this._tmpid();
    // A nested macro or call block runs in the scope where it is defined, not where it is called.
    const definedIn = this._tmpid();
    if (keepFrame) this._emitLine(`var ${definedIn} = frame;`);
    // Like Jinja2, a macro collects extra arguments only if its body refers to varargs/kwargs.
    const mentioned = (this as Emitter & { mentions?: Set<string> }).mentions;
    const used =
      mentioned === undefined || mentioned.size > 0
        ? new Set((child(node, 'body') as unknown as { findAll(type: unknown): NjNode[] }).findAll(nodes.Symbol).map((s) => String(s.value)))
        : mentioned;
    const macroName = node.typename === 'Caller' ? 'caller' : String(child(node, 'name').value);
    const signature = { name: macroName, params: names, defaults: defaultNames, varargs: used.has('varargs'), kwargs: used.has('kwargs') };
    this._emitLine(`var ${funcId} = jj.makeMacro(${JSON.stringify(signature)}, function (${[...names.map((n) => `l_${n}`), 'kwargs'].join(', ')}) {`);
    this._emitLine(`var ${saved} = frame;`);
    this._emitLine(`frame = ${keepFrame ? `${definedIn}.push(true)` : 'new runtime.Frame()'};`);
    this._emitLine('try {');
    // A macro's `caller` is its own: the call block's, or undefined (never a `caller` of the template).
    this._emitLine(`frame.variables.caller = Object.prototype.hasOwnProperty.call(kwargs, "caller") ? kwargs.caller : new jj.Undefined("'caller' is undefined");`);
    if (signature.varargs) this._emitLine('frame.variables.varargs = kwargs.varargs;');
    if (signature.kwargs) this._emitLine('frame.variables.kwargs = kwargs.kwargs;');
    for (const n of names) {
      this._emitLine(`if (l_${n} === undefined) { l_${n} = new jj.Undefined(${js(`parameter '${n}' was not provided`)}); }`);
      this._emitLine(`frame.variables[${js(n)}] = l_${n};`);
      scope.set(n, `l_${n}`);
    }
    for (const pair of defaults?.children ?? []) {
      const n = String(child(pair, 'key').value);
      const id = this._tmpid();
      this._emit(`var ${id} = Object.prototype.hasOwnProperty.call(kwargs, ${js(n)}) ? kwargs[${js(n)}] : `);
      this.compile(child(pair, 'value'), scope);
      this._emitLine(`;\nframe.variables[${js(n)}] = ${id};`);
      scope.set(n, id);
    }
    const buffer = this._pushBuffer();
    this._withScopedSyntax(() => this.compile(child(node, 'body'), scope));
    this._emitLine(`return ${buffer};`);
    this._emitLine(`} catch (e) { throw jj.locate(e, ${this._templateName()}, lineno, colno); }`);
    this._emitLine(`finally { frame = ${saved}; }`);
    this._emitLine('});');
    this._popBuffer();
    return funcId;
  },

  /** A macro defined inside a block (for, with, macro) closes over that scope, as in Jinja2; a top-level one sees only globals. */
  compileMacro(this: Emitter, node: NjNode, frame: NjFrame): void {
    const topLevel = (frame as NjFrame & { isRoot?: boolean }).isRoot === true;
    const funcId = this._compileMacro(node, topLevel ? undefined : frame);
    const name = String(child(node, 'name').value);
    frame.set(name, funcId);
    if (!topLevel) {
      this._emitLine(`frame.variables[${js(name)}] = ${funcId};`);
      return;
    }
    if (!name.startsWith('_')) this._emitLine(`context.addExport(${js(name)});`);
    this._emitLine(`context.setVariable(${js(name)}, ${funcId});`);
  },

  /** `{% set x %}...{% endset %}` and `{% filter %}` bodies are scopes of their own in Jinja2. */
  compileCapture(this: Emitter, node: NjNode, outer: NjFrame): void {
    const buffer = this.buffer;
    this.buffer = 'output';
    const frame = outer.push(true);
    this._emitLine('(function() {');
    this._emitLine('var output = "";');
    this._emitLine('frame = frame.push(true);');
    this._emitLine('try {');
    this._withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    this._emitLine('} finally { frame = frame.pop(); }');
    this._emitLine('return output;');
    this._emitLine('})()');
    this.buffer = buffer;
  },
};

