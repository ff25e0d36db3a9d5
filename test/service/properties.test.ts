import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PROPERTIES_PER_NODE, MAX_PROPERTY_BYTES_PER_NODE, MAX_VALUE_BYTES, type PropertyChange } from "@/lib/services/property.service";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

const set = (name: string, value = "v"): PropertyChange => ({ op: "set", namespace: "urn:t", name, value });

/** Dead properties are bounded per node: a count and a byte total, refused as a whole with QUOTA_EXCEEDED. */
describe.each(PROVIDERS)("dead property limits on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const stored = async (nodeId: number) => (await h.services.uow.repos.deadProperties.listFor([nodeId])).length;

  it("caps the number of properties per node; removing and replacing stay possible at the cap", async () => {
    const owner = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, "many.txt", "x");
    const props = h.services.properties;
    await props.patch(owner.actor, file.id, Array.from({ length: MAX_PROPERTIES_PER_NODE }, (_, i) => set(`p${i}`)));
    await expect(props.patch(owner.actor, file.id, [set("p0", "again"), set("one-more")])).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(await stored(file.id)).toBe(MAX_PROPERTIES_PER_NODE);
    expect((await h.services.uow.repos.deadProperties.listFor([file.id])).find((p) => p.name === "p0")?.value).toBe("v");
    await props.patch(owner.actor, file.id, [set("p0", "replaced"), { op: "remove", namespace: "urn:t", name: "p1" }, set("swapped-in")]);
    expect(await stored(file.id)).toBe(MAX_PROPERTIES_PER_NODE);
  });

  it("caps the bytes of a node's properties together, and of one value", async () => {
    const owner = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, "big.txt", "x");
    const props = h.services.properties;
    const value = "é".repeat(MAX_VALUE_BYTES / 2 - 64);
    const fits = Math.floor(MAX_PROPERTY_BYTES_PER_NODE / Buffer.byteLength(value));
    await props.patch(owner.actor, file.id, Array.from({ length: fits }, (_, i) => set(`b${i}`, value)));
    await expect(props.patch(owner.actor, file.id, [set("overflow", value)])).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(await stored(file.id)).toBe(fits);
    await expect(props.patch(owner.actor, file.id, [set("huge", "x".repeat(MAX_VALUE_BYTES + 1))])).rejects.toMatchObject({ code: "TOO_LARGE", details: { property: { namespace: "urn:t", name: "huge" } } });
    // Shrinking is always allowed.
    await props.patch(owner.actor, file.id, [set("b0", "small")]);
    await props.patch(owner.actor, file.id, [set("overflow", "small")]);
  });
});
