import type { AlertFlappingPolicy } from '@homeport/contracts';

/** Where a rule stands on a device for flap detection. */
export interface FlapState {
  readonly flapping: boolean;
  /** The times of its recent fired and resolved transitions (epoch ms), oldest first. */
  readonly transitionsMs: readonly number[];
}

/**
 * Notes a fired or resolved transition at `atMs`: the transitions kept are those within the window (at most
 * the limit plus one). `started` when this one made them more than the limit: the rule starts flapping.
 */
export function noteTransition(
  state: FlapState,
  atMs: number,
  policy: AlertFlappingPolicy,
): { readonly state: FlapState; readonly started: boolean } {
  const windowStartMs = atMs - policy.windowSeconds * 1000;
  const transitionsMs = [...state.transitionsMs.filter((ms) => ms > windowStartMs), atMs].slice(
    -(policy.maxTransitions + 1),
  );
  const started = !state.flapping && transitionsMs.length > policy.maxTransitions;
  return { state: { flapping: state.flapping || started, transitionsMs }, started };
}
