/**
 * The Nunjucks parser taught the Jinja2 syntax it lacks: `for x in y if cond`,
 * `{% set ns.attr = value %}`, `x is divisibleby 3` / `x is none`, Python
 * slices `s[1:-1]`, and the difference between `a.b` (attribute first) and
 * `a['b']` (item first).
 */
import { tokenize } from './jinja-lexer.js';
import { lexer, nodes, nunjucks, type NjNode, type NjNodeClass, type NjToken } from './nunjucks-internals.js';

/** `target[start:stop:step]`; registered in the node table so the transformer can rebuild it. */
export const SliceNode: NjNodeClass = nodes.Node!.extend('JinjaSlice', { fields: ['target', 'start', 'stop', 'step'] });
nodes.JinjaSlice = SliceNode;

/** `{% with %}` block: `names`/`values` NodeLists and a `body`. */
export const WithNode: NjNodeClass = nodes.Node!.extend('JinjaWith', { fields: ['names', 'values', 'body'] });
nodes.JinjaWith = WithNode;

/** The parser methods used here (the nunjucks Parser is untyped). */
interface ParserBase {
  peekToken(): NjToken;
  nextToken(): NjToken;
  skip(type: string): boolean;
  skipSymbol(name: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  breakOnBlocks: string[] | null;
  parseExpression(): NjNode;
  parseOr(): NjNode;
  parsePrimary(noPostfix?: boolean): NjNode;
  parseCompare(): NjNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode;
  parseUntilBlocks(...names: string[]): NjNode;
  advanceAfterBlockEnd(name?: string): NjToken;
}

const BaseParser = nunjucks.parser.Parser as unknown as new (tokens: unknown) => ParserBase;

const TEST_ARG_TOKENS = new Set([lexer.TOKEN_SYMBOL, lexer.TOKEN_STRING, lexer.TOKEN_INT, lexer.TOKEN_FLOAT, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN]);

function node(type: string, lineno: number, colno: number, ...rest: unknown[]): NjNode {
  const Ctor = nodes[type];
  if (!Ctor) throw new Error(`nunjucks node type ${type} missing`);
  return new Ctor(lineno, colno, ...rest);
}

export class JinjaParser extends BaseParser {
  /** Adds Jinja2's `with` to the statements Nunjucks knows. */
  parseStatementTag(): NjNode | null {
    const tok = this.peekToken();
    if (tok && tok.type === lexer.TOKEN_SYMBOL && tok.value === 'with' && !this.breakOnBlocks?.includes('with')) return this.parseWith();
    return (BaseParser.prototype as unknown as { parseStatement(this: ParserBase): NjNode | null }).parseStatement.call(this);
  }

  /** A syntax error at the end of the template is reported at the block left open, as the thing to fix. */
  parseStatement(): NjNode | null {
    const tok = this.peekToken();
    try {
      return this.parseStatementTag();
    } catch (error) {
      const e = error as { lineno?: number; colno?: number; message: string };
      if (e.lineno === undefined && tok) {
        e.lineno = tok.lineno + 1;
        e.colno = tok.colno + 1;
        e.message += ` (the block opened here is not closed)`;
      }
      throw error;
    }
  }

  /** `(`, `[` and `{` literals; unlike Nunjucks, a trailing comma is allowed and `(x,)` is a one-item tuple. */
  parseAggregate(): NjNode | null {
    const tok = this.nextToken();
    const type = tok.type === lexer.TOKEN_LEFT_PAREN ? 'Group' : tok.type === lexer.TOKEN_LEFT_BRACKET ? 'Array' : tok.type === lexer.TOKEN_LEFT_CURLY ? 'Dict' : undefined;
    if (type === undefined) return null;
    const aggregate = node(type, tok.lineno, tok.colno);
    const closers = [lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY];
    for (;;) {
      if (closers.includes(this.peekToken().type)) {
        this.nextToken();
        break;
      }
      if (aggregate.children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('expected comma or closing bracket', tok.lineno, tok.colno);
        if (type === 'Group') aggregate.isTuple = true;
        if (closers.includes(this.peekToken().type)) continue;
      }
      if (type === 'Dict') {
        const key = this.parsePrimary();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail('expected colon after dict key', tok.lineno, tok.colno);
        aggregate.children.push(node('Pair', key.lineno, key.colno, key, this.parseExpression()));
      } else {
        aggregate.children.push(this.parseExpression());
      }
    }
    return aggregate;
  }

  /** `a if c else b if d else e`: the else branch may itself be a conditional expression. */
  parseInlineIf(): NjNode {
    const body = this.parseOr();
    if (!this.skipSymbol('if')) return body;
    const inline = node('InlineIf', body.lineno, body.colno);
    inline.body = body;
    inline.cond = this.parseOr();
    inline.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
    return inline;
  }

  /** Call arguments `(a, b=1)`; unlike Nunjucks, a trailing comma is allowed. */
  override parseSignature(tolerant?: boolean, noParens?: boolean): NjNode {
    let tok = this.peekToken();
    if (!noParens && tok.type !== lexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null as unknown as NjNode;
      this.fail('expected arguments', tok.lineno, tok.colno);
    }
    if (tok.type === lexer.TOKEN_LEFT_PAREN) tok = this.nextToken();
    const args = node('NodeList', tok.lineno, tok.colno);
    const kwargs = node('KeywordArgs', tok.lineno, tok.colno);
    const ends = (): boolean => {
      const next = this.peekToken();
      return noParens ? next.type === lexer.TOKEN_BLOCK_END : next.type === lexer.TOKEN_RIGHT_PAREN;
    };
    let first = true;
    while (!ends()) {
      if (!first) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('expected comma between arguments', this.peekToken().lineno, this.peekToken().colno);
        if (ends()) break;
      }
      first = false;
      const arg = this.parseExpression();
      if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) kwargs.children.push(node('Pair', arg.lineno, arg.colno, arg, this.parseExpression()));
      else args.children.push(arg);
    }
    if (!noParens) this.nextToken();
    if (kwargs.children.length) args.children.push(kwargs);
    return args;
  }

  /** Jinja2: `{% for a, b in items if cond %}` (no inline-if on the iterable, an optional loop filter). */
  parseFor(): NjNode {
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const loop = node('For', forTok.lineno, forTok.colno);
    let name = this.parsePrimary();
    if (name.typename !== 'Symbol') this.fail('for: variable name expected', name.lineno, name.colno);
    if (this.peekToken().type === lexer.TOKEN_COMMA) {
      const names = node('Array', name.lineno, name.colno);
      names.children.push(name);
      while (this.skip(lexer.TOKEN_COMMA)) names.children.push(this.parsePrimary());
      name = names;
    }
    loop.name = name;
    if (!this.skipSymbol('in')) this.fail('for: expected "in"', forTok.lineno, forTok.colno);
    loop.arr = this.parseOr();
    if (this.skipSymbol('if')) loop.loopFilter = this.parseExpression();
    if (this.skipSymbol('recursive')) this.fail('recursive loops are not supported', forTok.lineno, forTok.colno);
    this.advanceAfterBlockEnd(forTok.value);
    loop.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      loop.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return loop;
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
      if (!this.skip(lexer.TOKEN_COMMA)) break;
    }
    if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
      set.value = this.parseExpressionList();
      this.advanceAfterBlockEnd(tag.value);
    } else if (this.skip(lexer.TOKEN_BLOCK_END)) {
      set.body = node('Capture', tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
      set.value = null;
      this.advanceAfterBlockEnd();
    } else {
      this.fail('set: expected = or end of tag', tag.lineno, tag.colno);
    }
    return set;
  }

  /** `a, b` without parentheses is a tuple (the right-hand side of `set a, b = 1, 2`). */
  private parseExpressionList(): NjNode {
    const first = this.parseExpression();
    if (this.peekToken().type !== lexer.TOKEN_COMMA) return first;
    const group = node('Group', first.lineno, first.colno);
    group.isTuple = true;
    group.children.push(first);
    while (this.skip(lexer.TOKEN_COMMA)) {
      if (this.peekToken().type === lexer.TOKEN_BLOCK_END) break;
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
    while (this.peekToken().type !== lexer.TOKEN_BLOCK_END) {
      if (names.length > 0 && !this.skip(lexer.TOKEN_COMMA)) this.fail('with: expected comma', tag.lineno, tag.colno);
      const name = this.parsePrimary(true);
      if (name.typename !== 'Symbol') this.fail('with: expected a name', name.lineno, name.colno);
      if (!this.skipValue(lexer.TOKEN_OPERATOR, '=')) this.fail('with: expected =', name.lineno, name.colno);
      names.push(name);
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd(tag.value);
    Object.assign(withNode, { names: node('NodeList', tag.lineno, tag.colno, names), values: node('NodeList', tag.lineno, tag.colno, values) });
    withNode.body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return withNode;
  }

  /** Jinja2 tests: `x is none`, `x is divisibleby 3`, `x is in [1, 2]`, `x is not sameas false`. */
  parseIs(): NjNode {
    let left = this.parseCompare();
    if (!this.skipSymbol('is')) return left;
    const negate = this.skipSymbol('not');
    const tok = this.nextToken();
    const isName = tok && (tok.type === lexer.TOKEN_SYMBOL || tok.type === lexer.TOKEN_NONE || tok.type === lexer.TOKEN_BOOLEAN);
    if (!isName) this.fail(`expected a test name after "is", got ${tok ? tok.value : 'end of template'}`, tok?.lineno, tok?.colno);
    let args: NjNode[] = [];
    const next = this.peekToken();
    if (next && next.type === lexer.TOKEN_LEFT_PAREN) {
      args = this.parseSignature().children;
    } else if (next && TEST_ARG_TOKENS.has(next.type) && !['else', 'or', 'and'].includes(next.value)) {
      args = [this.parsePrimary()];
    }
    const test = node('Is', left.lineno, left.colno, left, node('Symbol', tok.lineno, tok.colno, tok.value));
    test.testArgs = args;
    left = negate ? node('Not', left.lineno, left.colno, test) : test;
    return left;
  }

  /** Calls, `a.b` (flagged `isAttr`), `a[b]` and `a[b:c:d]`. */
  parsePostfix(target: NjNode): NjNode {
    let current = target;
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN) {
        current = node('FunCall', tok.lineno, tok.colno, current, this.parseSignature());
      } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        current = this.parseSubscript(current, tok);
      } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        if (!val || (val.type !== lexer.TOKEN_SYMBOL && val.type !== lexer.TOKEN_INT)) {
          this.fail(`expected name as lookup value, got ${val ? val.value : 'end of template'}`, val?.lineno, val?.colno);
        }
        const key = node('Literal', val.lineno, val.colno, val.type === lexer.TOKEN_INT ? Number(val.value) : val.value);
        current = node('LookupVal', tok.lineno, tok.colno, current, key);
        current.isAttr = val.type === lexer.TOKEN_SYMBOL;
      } else {
        break;
      }
    }
    return current;
  }

  private parseSubscript(target: NjNode, open: NjToken): NjNode {
    const endsPart = (): boolean => {
      const t = this.peekToken().type;
      return t === lexer.TOKEN_COLON || t === lexer.TOKEN_RIGHT_BRACKET;
    };
    const start = endsPart() ? null : this.parseExpression();
    if (!this.skip(lexer.TOKEN_COLON)) {
      if (!this.skip(lexer.TOKEN_RIGHT_BRACKET)) this.fail('expected ] after subscript', open.lineno, open.colno);
      if (start === null) this.fail('empty subscript', open.lineno, open.colno);
      return node('LookupVal', open.lineno, open.colno, target, start);
    }
    const stop = endsPart() ? null : this.parseExpression();
    let step: NjNode | null = null;
    if (this.skip(lexer.TOKEN_COLON) && this.peekToken().type !== lexer.TOKEN_RIGHT_BRACKET) step = this.parseExpression();
    if (!this.skip(lexer.TOKEN_RIGHT_BRACKET)) this.fail('expected ] after slice', open.lineno, open.colno);
    const slice = new SliceNode(open.lineno, open.colno);
    Object.assign(slice, { target, start, stop, step });
    return slice;
  }
}

/** Parse `src` (already whitespace-normalised) into a nunjucks AST. */
export function parseTemplate(src: string): NjNode {
  const tokens = tokenize(src);
  const parser = new JinjaParser(tokens) as unknown as { extensions: unknown[]; parseAsRoot(): NjNode };
  parser.extensions = [];
  return parser.parseAsRoot();
}
