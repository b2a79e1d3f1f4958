/** Per-provider circuit breaker: one provider's outage must not slow the others down. */
export interface CircuitBreaker {
  /**
   * True when a message may be tried on the provider now: its circuit is closed, or it has cooled down and
   * this is the one trial let through (half-open) until that trial's outcome is recorded.
   */
  allows(provider: string): boolean;
  /** How long until the provider's circuit lets a trial through (0 when closed). */
  remainingOpenMs(provider: string): number;
  /** Feeds an attempt's result: a provider failure (transient) or an answer (delivered or refused). */
  record(provider: string, providerFailed: boolean): void;
}

interface ProviderState {
  failures: number;
  openUntil: number | undefined;
  trialInFlight: boolean;
}

/**
 * In-process breaker: after `failureThreshold` provider failures in a row the circuit opens for `cooldownMs`
 * (rows of that provider are then put back without trying), then lets one trial through: an answer closes
 * it, a failure opens it again. Each replica keeps its own; a provider's outage opens them all soon enough.
 */
export function createCircuitBreaker(options: {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly now?: () => number;
  readonly onOpen?: (provider: string) => void;
}): CircuitBreaker {
  const now = options.now ?? Date.now;
  const states = new Map<string, ProviderState>();
  const stateOf = (provider: string): ProviderState => {
    let state = states.get(provider);
    if (state === undefined) {
      state = { failures: 0, openUntil: undefined, trialInFlight: false };
      states.set(provider, state);
    }
    return state;
  };
  return {
    allows(provider) {
      const state = stateOf(provider);
      if (state.openUntil === undefined) return true;
      if (now() < state.openUntil || state.trialInFlight) return false;
      state.trialInFlight = true;
      return true;
    },
    remainingOpenMs(provider) {
      const openUntil = stateOf(provider).openUntil;
      return openUntil === undefined ? 0 : Math.max(0, openUntil - now());
    },
    record(provider, providerFailed) {
      const state = stateOf(provider);
      state.trialInFlight = false;
      if (!providerFailed) {
        state.failures = 0;
        state.openUntil = undefined;
        return;
      }
      state.failures += 1;
      const wasClosed = state.openUntil === undefined;
      if (!wasClosed || state.failures >= options.failureThreshold) {
        state.openUntil = now() + options.cooldownMs;
        if (wasClosed) options.onOpen?.(provider);
      }
    },
  };
}
