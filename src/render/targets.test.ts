import { describe, expect, it } from 'vitest';
import { UsageError } from '../lib/errors.js';
import { resolveTargets, selectTargets, TargetError } from './targets.js';

const envs = ['testing', 'production'];
const projects = ['a', 'b'];

describe('selectTargets', () => {
  it('selects everything without targets, in environment order', () => {
    expect(selectTargets([], envs, projects)).toEqual([
      { environment: 'testing', project: 'a' },
      { environment: 'testing', project: 'b' },
      { environment: 'production', project: 'a' },
      { environment: 'production', project: 'b' },
    ]);
  });

  it('selects an environment, a project, or one pair', () => {
    expect(selectTargets(['production'], envs, projects).map((s) => s.project)).toEqual(['a', 'b']);
    expect(selectTargets(['b'], envs, projects).map((s) => s.environment)).toEqual(['testing', 'production']);
    expect(selectTargets(['testing/a'], envs, projects)).toEqual([{ environment: 'testing', project: 'a' }]);
    expect(selectTargets(['*/a'], envs, projects)).toHaveLength(2);
  });

  it('rejects unknown names as usage errors', () => {
    expect(() => selectTargets(['nope'], envs, projects)).toThrow(UsageError);
    expect(() => selectTargets(['testing/nope'], envs, projects)).toThrow(/unknown project "nope"/);
  });

  it('rejects paths and ".." as bad input', () => {
    expect(() => selectTargets(['../etc'], envs, projects)).toThrow(TargetError);
    expect(() => selectTargets(['testing/a/b'], envs, projects)).toThrow(TargetError);
  });

  it('resolves whole environments and projects missing from projects/ named with an environment', () => {
    expect(resolveTargets([], envs, projects).wholeEnvironments).toEqual(envs);
    expect(resolveTargets(['production'], envs, projects).wholeEnvironments).toEqual(['production']);
    expect(resolveTargets(['testing/*'], envs, projects).wholeEnvironments).toEqual(['testing']);
    expect(resolveTargets(['a', 'testing/b'], envs, projects).wholeEnvironments).toEqual([]);
    const named = resolveTargets(['testing/old'], envs, projects);
    expect(named.selections).toEqual([]);
    expect(named.absent).toEqual([{ target: 'testing/old', environment: 'testing', project: 'old' }]);
    expect(resolveTargets(['*/old'], envs, projects).absent.map((a) => a.environment)).toEqual(envs);
    expect(() => resolveTargets(['old'], envs, projects)).toThrow(UsageError);
  });
});
