import { describe, expect, it } from "vitest";
import { bodyIdleTimeoutMs } from "./body-idle";

describe("bodyIdleTimeoutMs", () => {
  it("defaults to 60 s, takes seconds, 0 turns it off, refuses junk", () => {
    expect(bodyIdleTimeoutMs({})).toBe(60_000);
    expect(bodyIdleTimeoutMs({ HAVEN_BODY_IDLE_TIMEOUT: "5" })).toBe(5_000);
    expect(bodyIdleTimeoutMs({ HAVEN_BODY_IDLE_TIMEOUT: "0.5" })).toBe(500);
    expect(bodyIdleTimeoutMs({ HAVEN_BODY_IDLE_TIMEOUT: "0" })).toBe(0);
    expect(() => bodyIdleTimeoutMs({ HAVEN_BODY_IDLE_TIMEOUT: "1m" })).toThrow(/seconds/);
  });
});
