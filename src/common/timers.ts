// Node's timers hold at most 2^31 - 1 milliseconds (about 24.8 days); a
// longer one fires at once, with a warning. Longer waits are capped to it.
export const MAX_TIMER_MS = 2 ** 31 - 1;
