import { describe, expect, it } from "vitest";
import { prunableVersions, type VersionRetention } from "./version-retention";

const now = new Date("2026-06-01T00:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
/** ids 1..n, id 1 newest, `ages[i]` days old */
const versions = (ages: number[]) => ages.map((age, i) => ({ id: i + 1, createdAt: daysAgo(age) }));
const rule = (r: Partial<VersionRetention>): VersionRetention => ({ maxVersions: null, maxAgeDays: null, keepNewest: 1, ...r });
const ids = (xs: { id: number }[]) => xs.map((x) => x.id);

describe("prunableVersions", () => {
  it("keeps everything without limits", () => {
    expect(prunableVersions(versions([0, 10, 400]), 1, rule({}), now)).toEqual([]);
  });

  it("drops versions past the count", () => {
    expect(ids(prunableVersions(versions([0, 1, 2, 3, 4]), 1, rule({ maxVersions: 3 }), now))).toEqual([4, 5]);
  });

  it("drops versions older than the age", () => {
    expect(ids(prunableVersions(versions([0, 5, 31, 60]), 1, rule({ maxAgeDays: 30 }), now))).toEqual([3, 4]);
  });

  it("applies either limit", () => {
    expect(ids(prunableVersions(versions([0, 1, 2, 40]), 1, rule({ maxVersions: 3, maxAgeDays: 30 }), now))).toEqual([4]);
    expect(ids(prunableVersions(versions([0, 1, 40, 41, 2]), 1, rule({ maxVersions: 4, maxAgeDays: 30 }), now))).toEqual([3, 4, 5]);
  });

  it("always keeps the newest N, even when they are old or beyond the count", () => {
    expect(ids(prunableVersions(versions([100, 200, 300, 400]), 1, rule({ maxAgeDays: 30, keepNewest: 2 }), now))).toEqual([3, 4]);
    expect(ids(prunableVersions(versions([0, 1, 2, 3]), 1, rule({ maxVersions: 1, keepNewest: 3 }), now))).toEqual([4]);
  });

  it("never drops the current version, wherever it is in the list", () => {
    expect(ids(prunableVersions(versions([0, 1, 90, 91]), 4, rule({ maxVersions: 1 }), now))).toEqual([2, 3]);
  });
});
