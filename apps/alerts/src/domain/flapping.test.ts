import { noteTransition, type FlapState } from './flapping';

const policy = { maxTransitions: 4, windowSeconds: 60 };

/** Notes transitions at the given seconds; answers the last state and at which of them flapping started. */
function noteAll(seconds: number[]): { state: FlapState; startedAt: number[] } {
  let state: FlapState = { flapping: false, transitionsMs: [] };
  const startedAt: number[] = [];
  for (const second of seconds) {
    const noted = noteTransition(state, second * 1000, policy);
    state = noted.state;
    if (noted.started) startedAt.push(second);
  }
  return { state, startedAt };
}

describe('flap detection', () => {
  it('the transition that makes more than the limit within the window starts flapping, once', () => {
    const { state, startedAt } = noteAll([0, 5, 10, 15, 20, 25, 30, 35]);
    expect(startedAt).toEqual([20]);
    expect(state.flapping).toBe(true);
    expect(state.transitionsMs).toHaveLength(policy.maxTransitions + 1);
  });

  it('transitions spread wider than the window never flap', () => {
    expect(noteAll([0, 20, 40, 60, 80, 100, 120]).startedAt).toEqual([]);
  });
});
