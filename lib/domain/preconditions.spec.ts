import { describe, expect, it } from "vitest";
import { evaluatePreconditions } from "./preconditions";

const current = { etag: '"abc"', lastModified: new Date("2025-01-02T03:04:05.678Z") };
const at = (iso: string) => new Date(iso).toUTCString();

describe("evaluatePreconditions", () => {
  it("If-Match: strong comparison against a list or *, and never on a missing resource", () => {
    expect(evaluatePreconditions("PUT", { ifMatch: '"abc"' }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifMatch: '"x", "abc"' }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifMatch: "*" }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifMatch: '"nope"' }, current)).toMatchObject({ ok: false, status: 412, header: "If-Match" });
    expect(evaluatePreconditions("PUT", { ifMatch: 'W/"abc"' }, current)).toMatchObject({ status: 412 });
    expect(evaluatePreconditions("PUT", { ifMatch: "abc" }, current)).toMatchObject({ status: 412 });
    expect(evaluatePreconditions("PUT", { ifMatch: "*" }, null)).toMatchObject({ status: 412 });
  });

  it("If-None-Match: weak comparison; 412 for writes, 304 for GET and HEAD; * means no resource may exist", () => {
    expect(evaluatePreconditions("PUT", { ifNoneMatch: "*" }, null)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifNoneMatch: "*" }, current)).toMatchObject({ status: 412, header: "If-None-Match" });
    expect(evaluatePreconditions("DELETE", { ifNoneMatch: 'W/"abc"' }, current)).toMatchObject({ status: 412 });
    expect(evaluatePreconditions("GET", { ifNoneMatch: '"a", W/"abc"' }, current)).toMatchObject({ status: 304 });
    expect(evaluatePreconditions("HEAD", { ifNoneMatch: "*" }, current)).toMatchObject({ status: 304 });
    expect(evaluatePreconditions("GET", { ifNoneMatch: '"other"' }, current)).toEqual({ ok: true });
  });

  it("If-Unmodified-Since at whole seconds, ignored with If-Match, an invalid date or no resource", () => {
    expect(evaluatePreconditions("PUT", { ifUnmodifiedSince: at("2025-01-02T03:04:05Z") }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifUnmodifiedSince: at("2025-01-02T03:04:04Z") }, current)).toMatchObject({ status: 412, header: "If-Unmodified-Since" });
    expect(evaluatePreconditions("PUT", { ifUnmodifiedSince: at("2025-01-02T03:04:04Z"), ifMatch: '"abc"' }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifUnmodifiedSince: "yesterday-ish" }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifUnmodifiedSince: at("2000-01-01T00:00:00Z") }, null)).toEqual({ ok: true });
  });

  it("If-Modified-Since only for GET and HEAD, and only without If-None-Match", () => {
    expect(evaluatePreconditions("GET", { ifModifiedSince: at("2025-01-02T03:04:05Z") }, current)).toMatchObject({ status: 304, header: "If-Modified-Since" });
    expect(evaluatePreconditions("GET", { ifModifiedSince: at("2025-01-02T03:04:04Z") }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("PUT", { ifModifiedSince: at("2030-01-01T00:00:00Z") }, current)).toEqual({ ok: true });
    expect(evaluatePreconditions("GET", { ifModifiedSince: at("2030-01-01T00:00:00Z"), ifNoneMatch: '"other"' }, current)).toEqual({ ok: true });
  });
});
