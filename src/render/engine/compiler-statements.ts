/**
 * Statement compilation with Jinja2 semantics: output printed with Python's
 * str(), `set` that never leaks out of a loop or macro, namespace attribute
 * assignment, macros, and error locations (file and line of the innermost
 * template). Loops are in compiler-loops.ts.
 */
import { js, position } from './compiler-base.js';
import { CompileFrame, findAll, type Emitter, type NjFrame, type NjNode } from './nunjucks-adapter.js';

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

export const statementMethods = {
  emitFuncBegin(this: Emitter, node: NjNode, name: string): void {
    this.buffer = 'output';
    this.resetScopeClosers();
    this.emitLine(`function ${name}(env, context, frame, runtime, cb) {`);
    this.emitLine(`var lineno = ${node.lineno};`);
    this.emitLine(`var colno = ${node.colno};`);
    this.emitLine('var jj = env.jj;');
    this.emitLine('var output = "";');
    // Rendering is continuation-passing: code after an import runs inside the imported template's
    // callback. Once this function has handed its result on, errors belong to the caller's code.
    this.emitLine('var jj_done = false;');
    this.emitLine('try {');
  },

  emitFuncEnd(this: Emitter, noReturn?: boolean): void {
    if (!noReturn) this.emitLine(`jj_done = true; cb(null, ${this.buffer});`);
    this.closeScopeLevels();
    this.emitLine('} catch (e) {');
    this.emitLine('  if (jj_done) { throw e; }');
    this.emitLine(`  cb(jj.locate(e, ${this.templateNameLiteral()}, lineno, colno));`);
    this.emitLine('}');
    this.emitLine('}');
    this.buffer = null as unknown as string;
  },

  compileRoot(this: Emitter, node: NjNode, frame: NjFrame | undefined): void {
    if (frame) this.fail("compileRoot: root node can't have frame");
    const rootFrame = Object.assign(new CompileFrame(), { isRoot: true });
    this.emitFuncBegin(node, 'root');
    this.emitLine('var parentTemplate = null;');
    for (const item of node.children) this.compile(item, rootFrame);
    this.emitLine('jj_done = true;');
    this.emitLine('if (parentTemplate) { parentTemplate.rootRenderFunc(env, context, frame, runtime, cb); } else { cb(null, output); }');
    this.emitFuncEnd(true);
    this.inBlock = true;
    const blocks = findAll(node, 'Block');
    const names = new Set<string>();
    for (const block of blocks) {
      const name = String(child(block, 'name').value);
      if (names.has(name)) this.fail(`block "${name}" defined more than once`, block.lineno, block.colno);
      names.add(name);
      this.emitFuncBegin(block, `b_${name}`);
      this.emitLine('var frame = frame.push(true);');
      this.compile(child(block, 'body'), Object.assign(new CompileFrame(), { isRoot: true }));
      this.emitFuncEnd();
    }
    this.emitLine(`return { ${[...names].map((n) => `b_${n}: b_${n}, `).join('')}root: root };`);
  },

  /** Rendering is synchronous: an error from an imported or included template is thrown, located here unless already located deeper. */
  makeCallback(this: Emitter, res?: string): string {
    const err = this.tmpid();
    return `function(${err}${res ? ', ' + res : ''}) {\nif (${err}) { throw jj.locate(${err}, ${this.templateNameLiteral()}, lineno, colno); }`;
  },

  compileOutput(this: Emitter, node: NjNode, frame: NjFrame): void {
    for (const item of node.children) {
      if (item.typename === 'TemplateData') {
        if (item.value) this.emitLine(`${this.buffer} += ${js(String(item.value))};`);
        continue;
      }
      this.emit(`${this.buffer} += jj.str((${position(this, item)}, `);
      this.compile(item, frame);
      this.emitLine('));');
    }
  },

  compileIf(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emit(`${position(this, node)};\nif (`);
    this.compileCondition(child(node, 'cond'), frame);
    this.emitLine(') {');
    this.withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    if (node.else_) {
      this.emitLine('} else {');
      this.withScopedSyntax(() => this.compile(child(node, 'else_'), frame));
    }
    this.emitLine('}');
  },

  compileJinjaWith(this: Emitter, node: NjNode, outer: NjFrame): void {
    // Values are computed in the enclosing scope, then bound in a scope of their own.
    const ids = child(node, 'values').children.map((value) => {
      const id = this.tmpid();
      this.emit(`${position(this, value)};\nvar ${id} = `);
      this.compile(value, outer);
      this.emitLine(';');
      return id;
    });
    const frame = outer.push(true);
    this.emitLine('frame = frame.push(true);');
    child(node, 'names').children.forEach((name, k) => {
      frame.set(String(name.value), ids[k] as string);
      this.emitLine(`frame.variables[${js(String(name.value))}] = ${ids[k]};`);
    });
    this.withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    this.emitLine('frame = frame.pop();');
  },

  compileSet(this: Emitter, node: NjNode, frame: NjFrame): void {
    const value = this.tmpid();
    this.emit(`${position(this, node)};\nvar ${value} = `);
    if (node.value) this.compile(child(node, 'value'), frame);
    else this.compile(child(node, 'body'), frame);
    this.emitLine(';');
    const targets = node.targets as NjNode[];
    // `set a, b = pair` unpacks, as in Python.
    const unpacked = targets.length > 1 ? this.tmpid() : undefined;
    if (unpacked) this.emitLine(`var ${unpacked} = jj.unpack(${value}, ${targets.length});`);
    targets.forEach((target, k) => {
      const item = unpacked ? `${unpacked}[${k}]` : value;
      if (target.typename === 'LookupVal') {
        this.emit('jj.setAttr(');
        this.compile(child(target, 'target'), frame);
        this.emitLine(`, ${js(String(child(target, 'val').value))}, ${item});`);
        return;
      }
      const name = String(target.value);
      // Only this scope's variable is reused: a `set` in a loop body or macro shadows, never overwrites.
      let id = Object.prototype.hasOwnProperty.call(frame.variables, name) ? frame.variables[name] : undefined;
      if (!id) {
        id = this.tmpid();
        this.emitLine(`var ${id};`);
        frame.set(name, id);
      }
      this.emitLine(`${id} = ${item};`);
      this.emitLine(`frame.set(${js(name)}, ${id}, true);`);
      this.emitLine(`if (frame.topLevel) { context.setVariable(${js(name)}, ${id});${name.startsWith('_') ? '' : ` context.addExport(${js(name)}, ${id});`} }`);
    });
  },

  /** Macros (and call blocks): missing parameters are Undefined, the result is a plain string, errors are located in the macro's file. */
  compileMacroFunction(this: Emitter, node: NjNode, frame?: NjFrame): string {
    const params: NjNode[] = [];
    let defaults: NjNode | undefined;
    const all = child(node, 'args').children;
    all.forEach((arg, k) => {
      if (k === all.length - 1 && arg.typename === 'KeywordArgs') defaults = arg;
      else if (arg.typename === 'Symbol' && arg.starred === undefined) params.push(arg);
      else this.fail('macro parameters must be names', arg.lineno, arg.colno);
    });
    if (child(node, 'args').positionalAfterKeyword === true) this.fail('non-default argument follows default argument', node.lineno, node.colno);
    if (params.some((p) => p.value === 'caller') && findAll(child(node, 'body'), 'Symbol').some((symbol) => symbol.value === 'caller')) {
      this.fail('When defining macros or call blocks the special "caller" argument must be omitted or be given a default.', node.lineno, node.colno);
    }
    const funcId = `macro_${this.tmpid()}`;
    const keepFrame = frame !== undefined;
    const scope = keepFrame ? frame.push(true) : new CompileFrame();
    const names = params.map((p) => String(p.value));
    const defaultNames = (defaults?.children ?? []).map((pair) => String(child(pair, 'key').value));
    const saved = this.tmpid();
    // A nested macro or call block runs in the scope where it is defined, not where it is called.
    const definedIn = this.tmpid();
    if (keepFrame) this.emitLine(`var ${definedIn} = frame;`);
    // Like Jinja2, a macro collects extra arguments only if its body refers to varargs/kwargs.
    const mentioned = (this as Emitter & { mentions?: Set<string> }).mentions;
    const used = mentioned === undefined || mentioned.size > 0 ? new Set(findAll(child(node, 'body'), 'Symbol').map((s) => String(s.value))) : mentioned;
    const macroName = node.typename === 'Caller' ? 'caller' : String(child(node, 'name').value);
    const signature = { name: macroName, params: names, defaults: defaultNames, varargs: used.has('varargs'), kwargs: used.has('kwargs') };
    this.emitLine(`var ${funcId} = jj.makeMacro(${JSON.stringify(signature)}, function (${[...names.map((n) => `l_${n}`), 'kwargs'].join(', ')}) {`);
    this.emitLine(`var ${saved} = frame;`);
    this.emitLine(`frame = ${keepFrame ? `${definedIn}.push(true)` : 'new runtime.Frame()'};`);
    this.emitLine('try {');
    // A macro's `caller` is its own: the call block's, or undefined (never a `caller` of the template).
    this.emitLine(
      `frame.variables.caller = Object.prototype.hasOwnProperty.call(kwargs, "caller") ? kwargs.caller : new jj.Undefined("'caller' is undefined");`,
    );
    if (signature.varargs) this.emitLine('frame.variables.varargs = kwargs.varargs;');
    if (signature.kwargs) this.emitLine('frame.variables.kwargs = kwargs.kwargs;');
    for (const n of names) {
      this.emitLine(`if (l_${n} === undefined) { l_${n} = new jj.Undefined(${js(`parameter '${n}' was not provided`)}); }`);
      this.emitLine(`frame.variables[${js(n)}] = l_${n};`);
      scope.set(n, `l_${n}`);
    }
    for (const pair of defaults?.children ?? []) {
      const n = String(child(pair, 'key').value);
      const id = this.tmpid();
      this.emit(`var ${id} = Object.prototype.hasOwnProperty.call(kwargs, ${js(n)}) ? kwargs[${js(n)}] : `);
      this.compile(child(pair, 'value'), scope);
      this.emitLine(`;\nframe.variables[${js(n)}] = ${id};`);
      scope.set(n, id);
    }
    const buffer = this.pushBuffer();
    this.withScopedSyntax(() => this.compile(child(node, 'body'), scope));
    this.emitLine(`return ${buffer};`);
    this.emitLine(`} catch (e) { throw jj.locate(e, ${this.templateNameLiteral()}, lineno, colno); }`);
    this.emitLine(`finally { frame = ${saved}; }`);
    this.emitLine('});');
    this.popBuffer();
    return funcId;
  },

  /** A macro defined inside a block (for, with, macro) closes over that scope, as in Jinja2; a top-level one sees only globals. */
  compileMacro(this: Emitter, node: NjNode, frame: NjFrame): void {
    const topLevel = (frame as NjFrame & { isRoot?: boolean }).isRoot === true;
    const funcId = this.compileMacroFunction(node, topLevel ? undefined : frame);
    const name = String(child(node, 'name').value);
    frame.set(name, funcId);
    if (!topLevel) {
      this.emitLine(`frame.variables[${js(name)}] = ${funcId};`);
      return;
    }
    if (!name.startsWith('_')) this.emitLine(`context.addExport(${js(name)});`);
    this.emitLine(`context.setVariable(${js(name)}, ${funcId});`);
  },

  /** `{% set x %}...{% endset %}` and `{% filter %}` bodies are scopes of their own in Jinja2. */
  compileCapture(this: Emitter, node: NjNode, outer: NjFrame): void {
    const buffer = this.buffer;
    this.buffer = 'output';
    const frame = outer.push(true);
    this.emitLine('(function() {');
    this.emitLine('var output = "";');
    this.emitLine('frame = frame.push(true);');
    this.emitLine('try {');
    this.withScopedSyntax(() => this.compile(child(node, 'body'), frame));
    this.emitLine('} finally { frame = frame.pop(); }');
    this.emitLine('return output;');
    this.emitLine('})()');
    this.buffer = buffer;
  },
};
