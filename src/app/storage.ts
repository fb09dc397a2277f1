/**
 * State the bot keeps between messages (answers behind buttons, chat contexts), behind grammY's
 * storage adapter shape: read, write and delete by key. Every adapter here is synchronous, because
 * the state lives in memory and is written to disk behind the caller's back (see sqlite-state.ts):
 * callers never wait on the disk, and the adapters still fit `session({ storage })`.
 */
import type { StorageAdapter } from "grammy";

/** A StorageAdapter whose calls complete at once. */
export interface SyncStorageAdapter<T> extends StorageAdapter<T> {
  read: (key: string) => T | undefined;
  write: (key: string, value: T) => void;
  delete: (key: string) => void;
  has: (key: string) => boolean;
}

/** How much one namespace keeps: the last `maxEntries` written, each for `maxAgeMs` after its write. */
export interface StateLimits {
  maxEntries: number;
  maxAgeMs: number;
}

/** Named, bounded key-value namespaces, and when their changes reach the disk. */
export interface StateStore {
  /** The adapter of one namespace; values must survive JSON. */
  adapter<T>(namespace: string, limits: StateLimits): SyncStorageAdapter<T>;
  /** Writes the changes made so far (resolves at once when there are none or nothing is persisted). */
  flush(): Promise<void>;
  /** Flushes, then frees the store; it must not be used afterwards. */
  close(): Promise<void>;
}

/** A namespace in a Map: insertion order is write order, so the oldest write is evicted first. */
class MemoryStorage<T> implements SyncStorageAdapter<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly limits: StateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  read = (key: string): T | undefined => {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt < this.now()) this.entries.delete(key);
    else return entry?.value;
    return undefined;
  };

  write = (key: string, value: T): void => {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.limits.maxAgeMs });
    while (this.entries.size > this.limits.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  };

  delete = (key: string): void => {
    this.entries.delete(key);
  };

  has = (key: string): boolean => this.read(key) !== undefined;
}

/** State in memory only: lost on restart (the command-line tools, tests, and the bot's fallback). */
export function memoryState(now: () => number = Date.now): StateStore {
  const namespaces = new Map<string, MemoryStorage<unknown>>();
  return {
    adapter: <T>(namespace: string, limits: StateLimits) => {
      if (!namespaces.has(namespace)) namespaces.set(namespace, new MemoryStorage<unknown>(limits, now));
      return namespaces.get(namespace) as MemoryStorage<T>;
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
