import { describe, expect, it } from "vitest";
import { lastDays, utcDay } from "./day";

describe("utcDay", () => {
  it("names the UTC day of any moment, also right after the day it last named (remembered) and across midnight", () => {
    expect(utcDay(new Date("2026-12-06T23:59:59.999Z"))).toBe("2026-12-06");
    expect(utcDay(new Date("2026-12-06T00:00:00.000Z"))).toBe("2026-12-06");
    expect(utcDay(new Date("2026-12-07T00:00:00.000Z"))).toBe("2026-12-07");
    expect(utcDay(new Date("2026-12-06T12:00:00.000Z"))).toBe("2026-12-06");
    expect(utcDay(new Date("1969-12-31T23:59:59.999Z"))).toBe("1969-12-31");
    expect(utcDay(new Date("1969-12-31T00:00:00.000Z"))).toBe("1969-12-31");
    expect(utcDay(new Date("1970-01-01T00:00:00.000Z"))).toBe("1970-01-01");
    expect(() => utcDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(lastDays(new Date("2026-03-01T10:00:00Z"), 2)).toEqual(["2026-02-28", "2026-03-01"]);
  });
});
