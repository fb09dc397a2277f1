/**
 * Reading many small files one after another spends most of its time waiting: each read is a trip
 * to libuv's threads (open, stat, read, close). readAhead keeps a few reads in flight while the
 * caller works on the one before.
 */

/** How a call of readAhead's `fn` ended. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * `fn` of each item, with up to `ahead` calls running at once, yielded in the items' order as each
 * settles (a failure is yielded, not thrown, so one bad file does not stop the rest).
 */
export async function* readAhead<T, R>(
  items: readonly T[],
  ahead: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<Settled<R>> {
  const pending: Promise<Settled<R>>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < ahead) {
      pending.push(
        fn(items[next++]!).then(
          (value) => ({ ok: true, value }) as const,
          (error: unknown) => ({ ok: false, error }) as const,
        ),
      );
    }
  };
  fill();
  while (pending.length > 0) {
    const settled = await pending.shift()!;
    fill();
    yield settled;
  }
}
