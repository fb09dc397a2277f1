/**
 * Tables keyed by 32-bit codes (a CJK bigram is its two code units in one number) for the ingest's
 * inner loops: open addressing in typed arrays, where a Map would box every code above 2^30 and
 * make an entry object for it. Fibonacci hashing: a code times 2^32 / phi, its high bits the slot.
 */

const PHI32 = 0x9e3779b1;

/** The smallest power of two at or above n (at least 16). */
function slotsFor(n: number): number {
  return Math.max(16, 2 ** Math.ceil(Math.log2(n)));
}

/**
 * Counts of codes in the order they are first met, for one text at a time (`start` empties it):
 * the order matters to whoever sums over them.
 */
export class CodeCounts {
  keys = new Int32Array(0);
  counts = new Int32Array(0);
  size = 0;
  /** 1 + a code's place in `keys`; 0 is empty. */
  private slots = new Int32Array(0);
  private mask = 0;
  private shift = 32;

  /** Empties the counts, with room for `most` codes. */
  start(most: number): this {
    if (this.keys.length < most) {
      this.keys = new Int32Array(most);
      this.counts = new Int32Array(most);
    }
    const slots = slotsFor(2 * most + 1);
    if (this.slots.length < slots) this.slots = new Int32Array(slots);
    else this.slots.fill(0, 0, slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    this.size = 0;
    return this;
  }

  /** Counts one code (room for it was made by `start`). */
  add(code: number): void {
    const key = code | 0;
    for (let slot = Math.imul(key, PHI32) >>> this.shift; ; slot++) {
      const at = this.slots[slot & this.mask]!;
      if (at === 0) {
        this.slots[slot & this.mask] = this.size + 1;
        this.keys[this.size] = key;
        this.counts[this.size++] = 1;
        return;
      }
      if (this.keys[at - 1] === key) return void this.counts[at - 1]!++;
    }
  }
}

/** A lasting map from codes to non-negative numbers (ids), growing as codes come. */
export class CodeIds {
  private keys = new Int32Array(1 << 12);
  /** 1 + the code's value; 0 is empty. */
  private values = new Int32Array(1 << 12);
  private size = 0;
  private shift = 32 - 12;

  /** The code's value, or -1. */
  get(code: number): number {
    const key = code | 0;
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(key, PHI32) >>> this.shift; ; slot++) {
      const value = this.values[slot & mask]!;
      if (value === 0) return -1;
      if (this.keys[slot & mask] === key) return value - 1;
    }
  }

  /** Sets a code's value (a code not set before). */
  set(code: number, value: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    this.place(code | 0, value + 1);
    this.size++;
  }

  private place(key: number, stored: number): void {
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(key, PHI32) >>> this.shift; ; slot++) {
      if (this.values[slot & mask] === 0) {
        this.keys[slot & mask] = key;
        this.values[slot & mask] = stored;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(2 * keys.length);
    this.values = new Int32Array(2 * keys.length);
    this.shift--;
    for (let i = 0; i < keys.length; i++) if (values[i] !== 0) this.place(keys[i]!, values[i]!);
  }
}
