/**
 * The Nunjucks parser taught the Jinja2 statements it lacks or parses
 * differently: `for x in y if cond`, `{% set ns.attr = value %}` and
 * `{% set a, b = pair %}`, `{% with %}`, and end-of-template errors reported
 * at the block left open. Expression syntax is in jinja-parser-expressions.ts.
 */
import { tokenize } from './jinja-lexer.js';
import { JinjaExpressionParser, node } from './jinja-parser-expressions.js';
import { defineNode, parseRoot, placeUnlocatedError, tokens, type NjNode, type NjNodeClass } from './nunjucks-adapter.js';

/** `{% with %}` block: `names`/`values` NodeLists and a `body`. */
export const WithNode: NjNodeClass = defineNode('JinjaWith', ['names', 'values', 'body']);

export class JinjaParser extends JinjaExpressionParser {
  /** Adds Jinja2's `with` to the statements Nunjucks knows. */
  parseStatementTag(): NjNode | null {
    const tok = this.peekToken();
    if (tok && tok.type === tokens.TOKEN_SYMBOL && tok.value === 'with' && !this.breakOnBlocks?.includes('with')) return this.parseWith();
    return super.parseStatement();
  }

  /** A syntax error at the end of the template is reported at the block left open, as the thing to fix. */
  override parseStatement(): NjNode | null {
    const tok = this.peekToken();
    try {
      return this.parseStatementTag();
    } catch (error) {
      if (tok) placeUnlocatedError(error, tok, 'the block opened here is not closed');
      throw error;
    }
  }

  /** Jinja2: `{% for a, b in items if cond recursive %}` (no inline-if on the iterable, an optional loop filter). */
  parseFor(): NjNode {
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const loop = node('For', forTok.lineno, forTok.colno);
    let name = this.parsePrimary();
    if (name.typename !== 'Symbol') this.fail('for: variable name expected', name.lineno, name.colno);
    if (this.peekToken().type === tokens.TOKEN_COMMA) {
      const names = node('Array', name.lineno, name.colno);
      names.children.push(name);
      while (this.skip(tokens.TOKEN_COMMA)) names.children.push(this.parsePrimary());
      name = names;
    }
    loop.name = name;
    if (!this.skipSymbol('in')) this.fail('for: expected "in"', forTok.lineno, forTok.colno);
    loop.arr = this.parseOr();
    if (this.skipSymbol('if')) loop.loopFilter = this.parseExpression();
    loop.recursive = this.skipSymbol('recursive');
    this.advanceAfterBlockEnd(forTok.value);
    loop.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      loop.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return loop;
  }

  /** Jinja2: `{% block name [scoped] [required] %}`; a required block holds only whitespace. */
  parseBlock(): NjNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('block')) this.fail('expected block', tag.lineno, tag.colno);
    const block = node('Block', tag.lineno, tag.colno);
    const name = this.parsePrimary(true);
    if (name.typename !== 'Symbol') this.fail('block: a block name expected', tag.lineno, tag.colno);
    Object.assign(block, { name, scoped: this.skipSymbol('scoped'), required: this.skipSymbol('required') });
    this.advanceAfterBlockEnd(tag.value);
    block.body = this.parseUntilBlocks('endblock');
    if (block.required === true && !onlyWhitespace(block.body as NjNode)) {
      this.fail('Required blocks can only contain comments or whitespace', tag.lineno, tag.colno);
    }
    this.skipSymbol('endblock');
    this.skipSymbol(String(name.value));
    this.advanceAfterBlockEnd('endblock');
    return block;
  }

  /** Jinja2: set targets may be `ns.attr` (namespace assignment) besides plain names. */
  parseSet(): NjNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('set')) this.fail('expected set', tag.lineno, tag.colno);
    const set = node('Set', tag.lineno, tag.colno, []);
    const targets = set.targets as NjNode[];
    for (;;) {
      const target = this.parsePrimary();
      const isName = target.typename === 'Symbol';
      const isNsAttr = target.typename === 'LookupVal' && target.isAttr === true && (target.target as NjNode).typename === 'Symbol';
      if (!isName && !isNsAttr) this.fail(`can't assign to ${target.typename}`, target.lineno, target.colno);
      targets.push(target);
      if (!this.skip(tokens.TOKEN_COMMA)) break;
    }
    if (this.skipValue(tokens.TOKEN_OPERATOR, '=')) {
      set.value = this.parseExpressionList();
      this.advanceAfterBlockEnd(tag.value);
    } else if (this.peekToken().type === tokens.TOKEN_BLOCK_END || this.peekToken().type === tokens.TOKEN_PIPE) {
      // `{% set x | trim %}...{% endset %}`: the captured body goes through the filters.
      const filters = this.skip(tokens.TOKEN_PIPE) ? this.parseFilterChain() : [];
      this.advanceAfterBlockEnd(tag.value);
      set.body = applyFilters(node('Capture', tag.lineno, tag.colno, this.parseUntilBlocks('endset')), filters);
      set.value = null;
      this.advanceAfterBlockEnd();
    } else {
      this.fail('set: expected = or end of tag', tag.lineno, tag.colno);
    }
    return set;
  }

  /** `{% filter upper | replace('a', 'b') %}...{% endfilter %}`: a chain of filters on the body. */
  parseFilterStatement(): NjNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('filter')) this.fail('expected filter', tag.lineno, tag.colno);
    const filters = this.parseFilterChain();
    this.advanceAfterBlockEnd(tag.value);
    const body = node('Capture', tag.lineno, tag.colno, this.parseUntilBlocks('endfilter'));
    this.advanceAfterBlockEnd();
    return node('Output', tag.lineno, tag.colno, [applyFilters(body, filters)]);
  }

  /** `name(args) | name(args)...`: the filters of a filter block or set block, in order. */
  private parseFilterChain(): FilterCall[] {
    const filters: FilterCall[] = [];
    do {
      const name = this.parseFilterName();
      filters.push({ name, args: this.parseFilterArgs(name) });
    } while (this.skip(tokens.TOKEN_PIPE));
    return filters;
  }

  /** Jinja2: `{% include name [ignore missing] [with context | without context] %}`; `name` may be a list. */
  parseInclude(): NjNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('include')) this.fail('expected include', tag.lineno, tag.colno);
    const include = node('Include', tag.lineno, tag.colno);
    include.template = this.parseExpression();
    if (this.skipSymbol('ignore')) {
      if (!this.skipSymbol('missing')) this.fail('include: expected "missing" after "ignore"', tag.lineno, tag.colno);
      include.ignoreMissing = true;
    }
    include.withContext = true;
    if (this.skipSymbol('with')) {
      if (!this.skipSymbol('context')) this.fail('include: expected "context" after "with"', tag.lineno, tag.colno);
    } else if (this.skipSymbol('without')) {
      if (!this.skipSymbol('context')) this.fail('include: expected "context" after "without"', tag.lineno, tag.colno);
      include.withContext = false;
    }
    this.advanceAfterBlockEnd(tag.value);
    return include;
  }

  /** `a, b` without parentheses is a tuple (the right-hand side of `set a, b = 1, 2`). */
  private parseExpressionList(): NjNode {
    const first = this.parseExpression();
    if (this.peekToken().type !== tokens.TOKEN_COMMA) return first;
    const group = node('Group', first.lineno, first.colno);
    group.isTuple = true;
    group.children.push(first);
    while (this.skip(tokens.TOKEN_COMMA)) {
      if (this.peekToken().type === tokens.TOKEN_BLOCK_END) break;
      group.children.push(this.parseExpression());
    }
    return group;
  }

  /** `{% with a = 1, b = x %}...{% endwith %}`: names visible only inside the block. */
  parseWith(): NjNode {
    const tag = this.nextToken();
    const withNode = new WithNode(tag.lineno, tag.colno);
    const names: NjNode[] = [];
    const values: NjNode[] = [];
    while (this.peekToken().type !== tokens.TOKEN_BLOCK_END) {
      if (names.length > 0 && !this.skip(tokens.TOKEN_COMMA)) this.fail('with: expected comma', tag.lineno, tag.colno);
      const name = this.parsePrimary(true);
      if (name.typename !== 'Symbol') this.fail('with: expected a name', name.lineno, name.colno);
      if (!this.skipValue(tokens.TOKEN_OPERATOR, '=')) this.fail('with: expected =', name.lineno, name.colno);
      names.push(name);
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd(tag.value);
    Object.assign(withNode, { names: node('NodeList', tag.lineno, tag.colno, names), values: node('NodeList', tag.lineno, tag.colno, values) });
    withNode.body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return withNode;
  }
}

/** One filter of a chain: its name and its arguments after the filtered value. */
interface FilterCall {
  name: NjNode;
  args: NjNode[];
}

/** `value | f1(a) | f2(b)` as nested Filter nodes. */
function applyFilters(value: NjNode, filters: FilterCall[]): NjNode {
  return filters.reduce(
    (inner, { name, args }) => node('Filter', name.lineno, name.colno, name, node('NodeList', name.lineno, name.colno, [inner, ...args])),
    value,
  );
}

/** True when a block body is only template text made of whitespace (comments leave nothing). */
function onlyWhitespace(body: NjNode): boolean {
  return body.children.every(
    (output) => output.typename === 'Output' && output.children.every((data) => data.typename === 'TemplateData' && /^\s*$/.test(String(data.value))),
  );
}

/** Parse `src` (already whitespace-normalised) into a nunjucks AST. */
export function parseTemplate(src: string): NjNode {
  return parseRoot(JinjaParser, tokenize(src));
}
