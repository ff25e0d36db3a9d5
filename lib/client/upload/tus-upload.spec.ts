import { describe, expect, it } from "vitest";
import { retryableByHand } from "./tus-upload";

describe("retryableByHand", () => {
  it("offers a retry after a dropped connection, a server error, a conflict, a lock or a rate limit", () => {
    for (const status of [0, 500, 502, 503, 507, 408, 409, 423, 429]) expect(retryableByHand(status), String(status)).toBe(true);
  });

  it("offers none after a refusal that asking again cannot change", () => {
    for (const status of [400, 401, 403, 404, 410, 413, 415, 422]) expect(retryableByHand(status), String(status)).toBe(false);
  });
});
