/** At most one event per key in a time window, remembered in bounded memory: for replies not worth repeating. */

/** How a OncePerWindow counts. */
interface OncePerWindowOptions {
  /** Length of the window, in milliseconds. */
  windowMs: number;
  /** Most keys remembered; beyond it the oldest are forgotten (and may pass again early). */
  maxKeys: number;
  /** The clock, in milliseconds (injected so tests can move it). */
  now: () => number;
}

/** Lets the first event per key through, then none for that key until `windowMs` has passed. */
export class OncePerWindow {
  /** Key -> when it last passed; insertion order is the order they passed, oldest first. */
  private readonly passed = new Map<string, number>();

  constructor(private readonly options: OncePerWindowOptions) {}

  /** True, and remembered, when `key` has not passed within the window; false otherwise. */
  take(key: string): boolean {
    const { windowMs, maxKeys, now: clock } = this.options;
    const now = clock();
    this.forgetExpired(now);
    const at = this.passed.get(key);
    // A clock set back does not silence a key for longer than a window.
    if (at !== undefined && at <= now && now - at < windowMs) return false;
    this.passed.delete(key); // re-inserted last, so the map stays ordered by time
    this.passed.set(key, now);
    for (const oldest of this.passed.keys()) {
      if (this.passed.size <= maxKeys) break;
      this.passed.delete(oldest);
    }
    return true;
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.passed.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, at] of this.passed) {
      if (now - at < this.options.windowMs) break;
      this.passed.delete(key);
    }
  }
}
