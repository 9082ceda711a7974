/** The result of `kpl diff`: the two versions, what changed in the policy, what it does to people. */
import type { Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import { diffPolicies, type PolicyChange } from './policy-diff.ts';
import { impactOf, type Impact } from './impact.ts';

export interface VersionInfo {
  readonly label: string;
  readonly name: string;
  readonly version?: string;
  readonly hash: string;
}

export interface DiffReport {
  readonly old: VersionInfo;
  readonly new: VersionInfo;
  readonly changes: PolicyChange[];
  /** Present when data was given. */
  readonly impact?: Impact;
  /** The data files the impact was computed on (`table=file`). */
  readonly data: string[];
}

const info = (label: string, p: Plan): VersionInfo => ({ label, name: p.policy.name, ...(p.policy.version ? { version: p.policy.version } : {}), hash: p.hash });

export function buildReport(
  oldV: { label: string; plan: Plan },
  newV: { label: string; plan: Plan },
  data?: { old: LoadedData; new: LoadedData; files: string[] },
): DiffReport {
  return {
    old: info(oldV.label, oldV.plan),
    new: info(newV.label, newV.plan),
    changes: diffPolicies(oldV.plan, newV.plan),
    ...(data ? { impact: impactOf(oldV.plan, data.old, newV.plan, data.new) } : {}),
    data: data?.files ?? [],
  };
}
