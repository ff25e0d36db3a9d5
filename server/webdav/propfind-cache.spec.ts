import { describe, expect, it } from "vitest";
import { CACHE_TOPICS, CacheBus, WILDCARD } from "@/lib/services/cache-bus";
import { ListingCache } from "./propfind-cache";

describe("the PROPFIND listing cache on the cache bus", () => {
  const filled = () => {
    const cache = new ListingCache();
    const bus = new CacheBus();
    cache.watch(bus);
    cache.watch(bus); // once per bus, however often a request asks
    cache.set("slot-1", "key-1", "<ms user 1/>", 1);
    cache.set("slot-2", "key-2", "<ms user 2/>", 2);
    return { cache, bus };
  };

  it("drops a user's renderings when its access or credentials change, and keeps the others'", async () => {
    const { cache, bus } = filled();
    await bus.publish(CACHE_TOPICS.access, 1);
    expect(cache.get("key-1")).toBeNull();
    expect(cache.get("key-2")?.toString()).toBe("<ms user 2/>");
    await bus.publish(CACHE_TOPICS.credentials, 2);
    expect(cache.get("key-2")).toBeNull();
  });

  it("drops everything on a wildcard (a transport that may have missed messages)", async () => {
    const { cache, bus } = filled();
    await bus.publish(CACHE_TOPICS.access, WILDCARD);
    expect([cache.get("key-1"), cache.get("key-2")]).toEqual([null, null]);
  });
});
