/**
 * The herder's matchers: which failures are known and transient, and what to do about
 * them. Loaded from YAML (`HERDER_MATCHERS`), validated against a schema whose type is
 * inferred from the same definition; every problem is reported with its path.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { parseDuration } from '../../lib/duration.js';
import { ProblemsError, type Problem } from '../../lib/errors.js';

const pattern = Type.String({ minLength: 1, description: 'A plain substring, or a regular expression written between slashes (`/TLS handshake timeout/`).' });

export const MatcherSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-_]*$', description: 'Short name, used as the metric label `matcher`.' }),
    description: Type.String({ description: 'What the failure is, for humans and reports.' }),
    messages: Type.Optional(Type.Array(pattern, { minItems: 1, description: 'Any of these in the tail of the job log matches.' })),
    failure_reason: Type.Optional(Type.String({ description: "GitLab's `failure_reason` of the job, e.g. runner_system_failure." })),
    job_name: Type.Optional(Type.Union([pattern], { description: 'Restricts the matcher to jobs of this name (substring or /regex/).' })),
    builtin: Type.Optional(Type.Literal('no_trace', { description: '`no_trace`: the job has no log at all.' })),
    action: Type.Union([Type.Literal('retry'), Type.Literal('report')], { description: '`retry` the job, or only `report` the problem.' }),
    retry_limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Retries of the same job in its pipeline before giving up. Default 3.' })),
    retry_delays: Type.Optional(
      Type.Array(Type.Union([Type.String(), Type.Number()]), {
        minItems: 1,
        description: 'Delay before the 1st, 2nd... retry (the last one repeats), e.g. [1m, 5m]. Default [5m].',
      }),
    ),
  },
  { additionalProperties: false, description: 'One known failure.' },
);
export type MatcherSpec = Static<typeof MatcherSchema>;
export const MatchersSchema = Type.Array(MatcherSchema, { description: "The herder's matchers, tried in order: the first that matches decides." });

/** A matcher ready to use: patterns compiled, delays in milliseconds, defaults filled in. */
export interface Matcher {
  name: string;
  description: string;
  messages: Array<string | RegExp>;
  failureReason?: string;
  jobName?: string | RegExp;
  noTrace: boolean;
  action: 'retry' | 'report';
  retryLimit: number;
  retryDelaysMs: number[];
}

const validate = new Ajv({ allErrors: true, strict: false }).compile<MatcherSpec[]>(MatchersSchema);

function compilePattern(text: string, where: string, problems: Problem[], file: string): string | RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (regex === null) return text;
  try {
    return new RegExp(regex[1] as string, regex[2]);
  } catch (error) {
    problems.push({ file, path: where, message: `invalid regular expression: ${(error as Error).message}` });
    return text;
  }
}

/** Parses and validates matchers YAML; throws ProblemsError listing every problem with its path. */
export function parseMatchers(text: string, file = 'matchers.yml'): Matcher[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ProblemsError([{ file, message: `not valid YAML: ${(error as Error).message}` }]);
  }
  if (!validate(data)) {
    throw new ProblemsError(
      (validate.errors ?? []).map((error) => ({
        file,
        path:
          error.instancePath
            .replace(/^\//, '')
            .replace(/\/(\d+)/g, '[$1]')
            .replace(/^(\d+)/, '[$1]')
            .replace(/\//g, '.') || '(top)',
        message: error.message ?? 'invalid',
      })),
    );
  }
  const problems: Problem[] = [];
  const matchers = data.map((spec, index): Matcher => {
    const at = (field: string): string => `[${index}].${field}`;
    if (spec.messages === undefined && spec.failure_reason === undefined && spec.builtin === undefined) {
      problems.push({ file, path: `[${index}]`, message: `matcher ${spec.name} needs messages, failure_reason or builtin, or it would match every failure` });
    }
    const delays = (spec.retry_delays ?? ['5m']).map((delay, i) => {
      try {
        return parseDuration(delay, `${file}: ${at(`retry_delays[${i}]`)}`);
      } catch (error) {
        problems.push({ file, path: at(`retry_delays[${i}]`), message: (error as Error).message.replace(/^.*?: .*?: /, '') });
        return 0;
      }
    });
    return {
      name: spec.name,
      description: spec.description,
      messages: (spec.messages ?? []).map((message, i) => compilePattern(message, at(`messages[${i}]`), problems, file)),
      ...(spec.failure_reason === undefined ? {} : { failureReason: spec.failure_reason }),
      ...(spec.job_name === undefined ? {} : { jobName: compilePattern(spec.job_name, at('job_name'), problems, file) }),
      noTrace: spec.builtin === 'no_trace',
      action: spec.action,
      retryLimit: spec.retry_limit ?? 3,
      retryDelaysMs: delays,
    };
  });
  const names = new Set<string>();
  data.forEach((spec, index) => {
    if (names.has(spec.name)) problems.push({ file, path: `[${index}].name`, message: `duplicate matcher name ${spec.name}` });
    names.add(spec.name);
  });
  if (problems.length > 0) throw new ProblemsError(problems);
  return matchers;
}

/** Reads the matchers file named by `HERDER_MATCHERS`. */
export function loadMatchers(file: string): Matcher[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProblemsError([{ file, message: `cannot read the matchers file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]);
  }
  return parseMatchers(text, file);
}
