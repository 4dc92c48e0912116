/**
 * include, import, from-import, extends, block and super, compiled as plain
 * synchronous calls. Nunjucks compiles them in continuation-passing style,
 * nesting the rest of the template in callbacks, so a variable `set` after an
 * include inside an `if` was invisible after the `if`; rendering here is
 * synchronous, so each becomes one statement.
 */
import { js, position } from './compiler-base.js';
import type { Emitter, NjFrame, NjNode } from './nunjucks-adapter.js';

function child(node: NjNode, field: string): NjNode {
  return node[field] as NjNode;
}

function isTopLevel(frame: NjFrame): boolean {
  return (frame as NjFrame & { isRoot?: boolean }).isRoot === true;
}

/** `var id = env.getTemplate(<name>, ...)`, synchronous (nunjucks returns the template when given no callback). */
function getTemplate(emitter: Emitter, node: NjNode, frame: NjFrame, eager: boolean, ignoreMissing: boolean): string {
  const id = emitter.tmpid();
  emitter.emit(`${position(emitter, node)};\nvar ${id} = env.getTemplate(`);
  emitter.compile(child(node, 'template'), frame);
  emitter.emitLine(`, ${eager}, ${emitter.templateNameLiteral()}, ${ignoreMissing});`);
  return id;
}

/** The exported names of an imported template (its top-level macros and sets), as an object in `id`. */
function getExported(emitter: Emitter, node: NjNode, id: string): void {
  const withContext = node.withContext ? 'context.getVariables(), frame, ' : '';
  emitter.emitLine(
    `${id}.getExported(${withContext}function (err, exported) { if (err) { throw jj.locate(err, ${emitter.templateNameLiteral()}, lineno, colno); } ${id} = exported; });`,
  );
}

function bindName(emitter: Emitter, frame: NjFrame, name: string, id: string): void {
  frame.set(name, id);
  if (isTopLevel(frame)) emitter.emitLine(`context.setVariable(${js(name)}, ${id});`);
  else emitter.emitLine(`frame.variables[${js(name)}] = ${id};`);
}

/** Jinja2's `self`: the template's blocks, each rendered (most derived definition first) with no local scope. */
export function emitTemplateReference(emitter: Emitter): void {
  const render =
    'function (name) { var out = ""; context.getBlock(name)(env, context, new runtime.Frame(), runtime, function (err, res) { if (err) { throw err; } out = res; }); return out; }';
  emitter.emit(`jj.templateReference(Object.keys(context.blocks), ${render})`);
}

export const templateMethods = {
  /** An include sees the context and the enclosing scope, or (`without context`) only the globals; a list names candidates. */
  compileInclude(this: Emitter, node: NjNode, frame: NjFrame): void {
    const id = this.tmpid();
    const load = `function (name) { return env.getTemplate(name, false, ${this.templateNameLiteral()}, false); }`;
    this.emit(`${position(this, node)};\nvar ${id} = jj.selectTemplate(${load}, `);
    this.compile(child(node, 'template'), frame);
    this.emitLine(`, ${node.ignoreMissing === true});`);
    const scope = node.withContext === false ? '{}' : 'context.getVariables(), frame';
    this.emitLine(`if (${id} !== null) { ${this.buffer} += ${id}.render(${scope}); }`);
  },

  compileImport(this: Emitter, node: NjNode, frame: NjFrame): void {
    const id = getTemplate(this, node, frame, false, false);
    getExported(this, node, id);
    bindName(this, frame, String(child(node, 'target').value), id);
  },

  compileFromImport(this: Emitter, node: NjNode, frame: NjFrame): void {
    const imported = getTemplate(this, node, frame, false, false);
    getExported(this, node, imported);
    for (const entry of child(node, 'names').children) {
      const name = String(entry.typename === 'Pair' ? child(entry, 'key').value : entry.value);
      const alias = String(entry.typename === 'Pair' ? child(entry, 'value').value : entry.value);
      const id = this.tmpid();
      // Jinja2 fails only when a name that was not exported is used.
      const message = `the template does not export the requested name '${name}'`;
      this.emitLine(
        `var ${id} = Object.prototype.hasOwnProperty.call(${imported}, ${js(name)}) ? ${imported}[${js(name)}] : new jj.Undefined(${js(message)});`,
      );
      bindName(this, frame, alias, id);
    }
  },

  compileExtends(this: Emitter, node: NjNode, frame: NjFrame): void {
    this.emitLine(`${position(this, node)};\nif (parentTemplate) { throw new jj.TemplateRuntimeError("extended multiple times"); }`);
    const id = getTemplate(this, node, frame, true, false);
    const k = this.tmpid();
    this.emitLine(`parentTemplate = ${id};`);
    this.emitLine(`for (var ${k} in parentTemplate.blocks) { context.addBlock(${k}, parentTemplate.blocks[${k}]); }`);
  },

  /**
   * Render the block named here (the most derived definition). Only a `scoped` block sees the
   * enclosing loop and `with` variables; a `required` one must have been overridden.
   */
  compileBlock(this: Emitter & { inBlock: boolean }, node: NjNode): void {
    const id = this.tmpid();
    const rawName = String(child(node, 'name').value);
    const name = js(rawName);
    this.emitLine(`${position(this, node)};\nvar ${id} = "";`);
    // Outside a block, a child template's top-level block runs only through its parent.
    if (!this.inBlock) this.emitLine('if (!parentTemplate) {');
    if (node.required === true) {
      this.emitLine(`if (context.blocks[${name}].length <= 1) { throw new jj.TemplateRuntimeError(${js(`Required block '${rawName}' not found`)}); }`);
    }
    const scope = node.scoped === true ? 'frame' : 'new runtime.Frame()';
    this.emitLine(
      `context.getBlock(${name})(env, context, ${scope}, runtime, function (err, res) { if (err) { throw jj.locate(err, ${this.templateNameLiteral()}, lineno, colno); } ${id} = res; });`,
    );
    if (!this.inBlock) this.emitLine('}');
    this.emitLine(`${this.buffer} += ${id};`);
  },

  compileSuper(this: Emitter, node: NjNode, frame: NjFrame): void {
    const name = String(child(node, 'blockName').value);
    const id = String(child(node, 'symbol').value);
    this.emitLine(`var ${id} = "";`);
    this.emitLine(
      `context.getSuper(env, ${js(name)}, b_${name}, frame, runtime, function (err, res) { if (err) { throw jj.locate(err, ${this.templateNameLiteral()}, lineno, colno); } ${id} = res; });`,
    );
    frame.set(id, id);
  },
};
