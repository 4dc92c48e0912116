/**
 * The expression half of the Jinja2 parser: tuples and trailing commas,
 * chained conditional expressions, call arguments, tests (`x is divisibleby 3`),
 * `a.b` (attribute first) vs `a['b']` (item first), and Python slices.
 */
import { BaseParser, createNode, defineNode, tokens, type NjNode, type NjNodeClass, type NjToken } from './nunjucks-adapter.js';
import { pyInt } from './py-number.js';

/** `target[start:stop:step]`, compiled by compileJinjaSlice. */
export const SliceNode: NjNodeClass = defineNode('JinjaSlice', ['target', 'start', 'stop', 'step']);

const TEST_ARG_TOKENS = new Set([
  tokens.TOKEN_SYMBOL,
  tokens.TOKEN_STRING,
  tokens.TOKEN_INT,
  tokens.TOKEN_FLOAT,
  tokens.TOKEN_LEFT_BRACKET,
  tokens.TOKEN_LEFT_CURLY,
  tokens.TOKEN_NONE,
  tokens.TOKEN_BOOLEAN,
]);

/** A new node of one of Nunjucks' built-in types. */
export const node = createNode;

/** Nunjucks' parser with Jinja2's expression syntax. */
export class JinjaExpressionParser extends BaseParser {
  /** Adjacent string literals are one string (`"foo" "bar"`); float literals are marked, big ints exact. */
  override parsePrimary(noPostfix?: boolean): NjNode {
    const tok = this.peekToken();
    if (tok?.type === tokens.TOKEN_INT || tok?.type === tokens.TOKEN_FLOAT) {
      this.nextToken();
      const isFloat = tok.type === tokens.TOKEN_FLOAT;
      const literal = node('Literal', tok.lineno, tok.colno, isFloat ? parseFloat(tok.value) : pyInt(BigInt(tok.value)));
      literal.isFloat = isFloat;
      return noPostfix ? literal : this.parsePostfix(literal);
    }
    if (tok?.type !== tokens.TOKEN_STRING) return super.parsePrimary(noPostfix);
    this.nextToken();
    let value = tok.value;
    while (this.peekToken()?.type === tokens.TOKEN_STRING) value += this.nextToken().value;
    const literal = node('Literal', tok.lineno, tok.colno, value);
    return noPostfix ? literal : this.parsePostfix(literal);
  }

  /** `(`, `[` and `{` literals; unlike Nunjucks, a trailing comma is allowed and `(x,)` is a one-item tuple. */
  parseAggregate(): NjNode | null {
    const tok = this.nextToken();
    const type =
      tok.type === tokens.TOKEN_LEFT_PAREN
        ? 'Group'
        : tok.type === tokens.TOKEN_LEFT_BRACKET
          ? 'Array'
          : tok.type === tokens.TOKEN_LEFT_CURLY
            ? 'Dict'
            : undefined;
    if (type === undefined) return null;
    const aggregate = node(type, tok.lineno, tok.colno);
    const closers = [tokens.TOKEN_RIGHT_PAREN, tokens.TOKEN_RIGHT_BRACKET, tokens.TOKEN_RIGHT_CURLY];
    for (;;) {
      if (closers.includes(this.peekToken().type)) {
        this.nextToken();
        break;
      }
      if (aggregate.children.length > 0) {
        if (!this.skip(tokens.TOKEN_COMMA)) this.fail('expected comma or closing bracket', tok.lineno, tok.colno);
        if (type === 'Group') aggregate.isTuple = true;
        if (closers.includes(this.peekToken().type)) continue;
      }
      if (type === 'Dict') {
        const key = this.parsePrimary();
        if (!this.skip(tokens.TOKEN_COLON)) this.fail('expected colon after dict key', tok.lineno, tok.colno);
        aggregate.children.push(node('Pair', key.lineno, key.colno, key, this.parseExpression()));
      } else {
        aggregate.children.push(this.parseExpression());
      }
    }
    return aggregate;
  }

  /** A filter's own arguments only: a call right after them applies to the filter's result (`x | attr('f')()`). */
  parseFilterArgs(name: NjNode): NjNode[] {
    const args = this.peekToken().type === tokens.TOKEN_LEFT_PAREN ? this.parseSignature().children : [];
    const starred = args.find((arg) => arg.starred !== undefined);
    if (starred) this.fail(`${String(starred.starred)} arguments of a filter (${String(name.value)}) are not supported`, starred.lineno, starred.colno);
    return args;
  }

  /** `value | f(a) | g` and, as in Jinja2, calls of a filter's result. */
  parseFilter(target: NjNode): NjNode {
    let current = target;
    for (;;) {
      const tok = this.peekToken();
      if (this.skip(tokens.TOKEN_PIPE)) {
        const name = this.parseFilterName();
        current = node('Filter', name.lineno, name.colno, name, node('NodeList', name.lineno, name.colno, [current, ...this.parseFilterArgs(name)]));
      } else if (current !== target && tok?.type === tokens.TOKEN_LEFT_PAREN) {
        current = node('FunCall', tok.lineno, tok.colno, current, this.parseSignature());
      } else {
        return current;
      }
    }
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
    if (!noParens && tok.type !== tokens.TOKEN_LEFT_PAREN) {
      if (tolerant) return null as unknown as NjNode;
      this.fail('expected arguments', tok.lineno, tok.colno);
    }
    if (tok.type === tokens.TOKEN_LEFT_PAREN) tok = this.nextToken();
    const args = node('NodeList', tok.lineno, tok.colno);
    const kwargs = node('KeywordArgs', tok.lineno, tok.colno);
    const ends = (): boolean => {
      const next = this.peekToken();
      return noParens ? next.type === tokens.TOKEN_BLOCK_END : next.type === tokens.TOKEN_RIGHT_PAREN;
    };
    let first = true;
    // Python's order: positional, `*items`, keywords, `**mapping`, each spread at most once.
    const seen = { star: false, doubleStar: false, keyword: false };
    const invalid = (): never => this.fail('invalid syntax for function call expression', tok.lineno, tok.colno);
    while (!ends()) {
      if (!first) {
        if (!this.skip(tokens.TOKEN_COMMA)) this.fail('expected comma between arguments', this.peekToken().lineno, this.peekToken().colno);
        if (ends()) break;
      }
      first = false;
      // `*items` and `**mapping` spread into the call (marked on the expression; see compileFunCall).
      const starred = this.skipValue(tokens.TOKEN_OPERATOR, '**') ? '**' : this.skipValue(tokens.TOKEN_OPERATOR, '*') ? '*' : undefined;
      const arg = this.parseExpression();
      if (starred !== undefined) {
        if (seen.doubleStar || (starred === '*' && seen.star)) invalid();
        seen[starred === '*' ? 'star' : 'doubleStar'] = true;
        arg.starred = starred;
        args.children.push(arg);
      } else if (this.skipValue(tokens.TOKEN_OPERATOR, '=')) {
        if (seen.doubleStar) invalid();
        seen.keyword = true;
        kwargs.children.push(node('Pair', arg.lineno, arg.colno, arg, this.parseExpression()));
      } else {
        if (seen.star || seen.doubleStar) invalid();
        // A call rejects it; a macro signature says a parameter without default follows one with (see compileMacroFunction).
        if (seen.keyword) args.positionalAfterKeyword = true;
        args.children.push(arg);
      }
    }
    if (!noParens) this.nextToken();
    if (kwargs.children.length) args.children.push(kwargs);
    return args;
  }

  /** Jinja2 tests: `x is none`, `x is divisibleby 3`, `x is in [1, 2]`, `x is not sameas false`. */
  parseIs(): NjNode {
    let left = this.parseCompare();
    if (!this.skipSymbol('is')) return left;
    const negate = this.skipSymbol('not');
    const tok = this.nextToken();
    const isName = tok && (tok.type === tokens.TOKEN_SYMBOL || tok.type === tokens.TOKEN_NONE || tok.type === tokens.TOKEN_BOOLEAN);
    if (!isName) this.fail(`expected a test name after "is", got ${tok ? tok.value : 'end of template'}`, tok?.lineno, tok?.colno);
    let args: NjNode[] = [];
    const next = this.peekToken();
    if (next && next.type === tokens.TOKEN_LEFT_PAREN) {
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
      if (tok.type === tokens.TOKEN_LEFT_PAREN) {
        current = node('FunCall', tok.lineno, tok.colno, current, this.parseSignature());
      } else if (tok.type === tokens.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        current = this.parseSubscript(current, tok);
      } else if (tok.type === tokens.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        // `.0.0`: Nunjucks reads `0.0` as a float; Jinja2 reads two item lookups.
        const indexes = val?.type === tokens.TOKEN_FLOAT && /^\d+\.\d+$/.test(val.value) ? val.value.split('.') : undefined;
        if (!val || (val.type !== tokens.TOKEN_SYMBOL && val.type !== tokens.TOKEN_INT && !indexes)) {
          this.fail(`expected name as lookup value, got ${val ? val.value : 'end of template'}`, val?.lineno, val?.colno);
        }
        for (const index of indexes ?? [val.type === tokens.TOKEN_INT ? Number(val.value) : val.value]) {
          current = node(
            'LookupVal',
            tok.lineno,
            tok.colno,
            current,
            node('Literal', val.lineno, val.colno, typeof index === 'string' && indexes ? Number(index) : index),
          );
          current.isAttr = val.type === tokens.TOKEN_SYMBOL;
        }
      } else {
        break;
      }
    }
    return current;
  }

  private parseSubscript(target: NjNode, open: NjToken): NjNode {
    const endsPart = (): boolean => {
      const t = this.peekToken().type;
      return t === tokens.TOKEN_COLON || t === tokens.TOKEN_RIGHT_BRACKET;
    };
    const start = endsPart() ? null : this.parseExpression();
    if (!this.skip(tokens.TOKEN_COLON)) {
      if (!this.skip(tokens.TOKEN_RIGHT_BRACKET)) this.fail('expected ] after subscript', open.lineno, open.colno);
      if (start === null) this.fail('empty subscript', open.lineno, open.colno);
      return node('LookupVal', open.lineno, open.colno, target, start);
    }
    const stop = endsPart() ? null : this.parseExpression();
    let step: NjNode | null = null;
    if (this.skip(tokens.TOKEN_COLON) && this.peekToken().type !== tokens.TOKEN_RIGHT_BRACKET) step = this.parseExpression();
    if (!this.skip(tokens.TOKEN_RIGHT_BRACKET)) this.fail('expected ] after slice', open.lineno, open.colno);
    const slice = new SliceNode(open.lineno, open.colno);
    Object.assign(slice, { target, start, stop, step });
    return slice;
  }
}
