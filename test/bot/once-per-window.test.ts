import { describe, expect, it } from "vitest";
import { OncePerWindow } from "../../src/bot/once-per-window.ts";

describe("OncePerWindow", () => {
  const make = (maxKeys = 100) => {
    const clock = { now: 0 };
    const once = new OncePerWindow({ windowMs: 60_000, maxKeys, now: () => clock.now });
    return { clock, once };
  };

  it("lets a key through once per window, each key on its own", () => {
    const { clock, once } = make();
    expect(once.take("a")).toBe(true);
    expect(once.take("a")).toBe(false);
    expect(once.take("b")).toBe(true);
    clock.now = 59_999;
    expect(once.take("a")).toBe(false);
    clock.now = 60_000;
    expect(once.take("a")).toBe(true);
    expect(once.take("a")).toBe(false);
  });

  it("forgets keys whose window has passed, and never holds more than maxKeys", () => {
    const { clock, once } = make(3);
    for (const k of ["a", "b", "c", "d", "e"]) expect(once.take(k)).toBe(true);
    expect(once.size).toBe(3);
    expect(once.take("a")).toBe(true); // forgotten early, as the oldest
    expect(once.take("e")).toBe(false);
    clock.now = 60_000;
    expect(once.take("x")).toBe(true);
    expect(once.size).toBe(1);
  });

  it("a clock set back does not silence a key for longer than a window", () => {
    const { clock, once } = make();
    clock.now = 1_000_000;
    expect(once.take("a")).toBe(true);
    clock.now = 0;
    expect(once.take("a")).toBe(true);
  });
});
