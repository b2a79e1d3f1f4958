import { AppError } from '@homeport/errors';
import type { RuleMute, RuleMuteStore, RuleStore } from './ports';

/** A home's mutes of vendor rules, served by the internal API. */
export interface RuleMutes {
  /** Mutes a vendor's rule for the home (again: the same mute). */
  mute(homeId: string, ruleId: string): Promise<RuleMute>;
  /** Unmutes it; unmuting what is not muted is nothing. */
  unmute(homeId: string, ruleId: string): Promise<void>;
  list(homeId: string): Promise<RuleMute[]>;
  get(homeId: string, ruleId: string): Promise<RuleMute>;
}

/**
 * Creates the use cases. Muting means: the rule is not evaluated for the home's devices any more, and its
 * open alerts there end (pending ones are forgotten, firing ones resolve with notify: false). Only a vendor's
 * rule can be muted: a home deletes or disables its own. `onChanged` keeps this replica's evaluator up to date.
 */
export function createRuleMutes(deps: {
  readonly store: RuleMuteStore;
  readonly rules: RuleStore;
  readonly now: () => number;
  readonly onChanged: (mute: {
    readonly homeId: string;
    readonly ruleId: string;
    readonly muted: boolean;
  }) => void;
}): RuleMutes {
  const { store } = deps;
  return {
    async mute(homeId, ruleId) {
      const rule = await deps.rules.get(ruleId);
      if (rule === undefined) throw new AppError('not_found', 'RULE_NOT_FOUND', `no rule ${ruleId}`);
      if (rule.owner.kind !== 'vendor') {
        throw new AppError('invalid', 'RULE_NOT_MUTABLE', "only a vendor's rule can be muted by a home", {
          details: { field: 'ruleId' },
        });
      }
      const mute = await store.mute(homeId, ruleId, deps.now());
      deps.onChanged({ homeId, ruleId, muted: true });
      return mute;
    },
    async unmute(homeId, ruleId) {
      if (await store.unmute(homeId, ruleId)) deps.onChanged({ homeId, ruleId, muted: false });
    },
    list: (homeId) => store.listOfHome(homeId),
    async get(homeId, ruleId) {
      const mute = (await store.listOfHome(homeId)).find((candidate) => candidate.ruleId === ruleId);
      if (mute === undefined) {
        throw new AppError('not_found', 'RULE_MUTE_NOT_FOUND', `rule ${ruleId} is not muted in this home`);
      }
      return mute;
    },
  };
}
