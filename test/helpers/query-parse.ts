/**
 * PromQL and LogQL parsed by the upstream grammars (@prometheus-io/lezer-promql,
 * @grafana/lezer-logql, both Apache-2.0): a query whose tree has an error node is
 * broken, wherever the error is. No regex stands in for a parser.
 */
import { parser as logqlParser } from '@grafana/lezer-logql';
import type { LRParser } from '@lezer/lr';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';

export interface ParsedQuery {
  /** Offsets of the error nodes; empty when the query parses. */
  errors: number[];
  /** Metric names of the vector selectors (PromQL only). */
  metrics: string[];
  /** The string arguments of line filters (`|= "x"`, `|~ "x"`), unquoted (LogQL only). */
  lineFilters: string[];
}

function parse(parser: LRParser, query: string): ParsedQuery {
  const result: ParsedQuery = { errors: [], metrics: [], lineFilters: [] };
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) result.errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') result.metrics.push(query.slice(node.from, node.to));
      if (node.name === 'String' && node.node.parent?.name === 'LineFilter') result.lineFilters.push(JSON.parse(query.slice(node.from, node.to)) as string);
    },
  });
  return result;
}

export const parsePromql = (query: string): ParsedQuery => parse(promqlParser, query);
export const parseLogql = (query: string): ParsedQuery => parse(logqlParser, query);
