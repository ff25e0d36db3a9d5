import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FOLDER_DEPTH } from "@/lib/domain/limits";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("names and bounds on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("refuses control characters and bidi overrides in every naming path", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const { files } = h.services;
    const ok = await files.createFolder(actor, rootId, "fine");
    for (const bad of ["line\nbreak", "cr\rname", "tab\tname", "bell\u0007", "del\u007f", "evil\u202etxt.exe", "iso\u2066x\u2069"]) {
      await expect(files.createFolder(actor, rootId, bad)).rejects.toMatchObject({ code: "INVALID_NAME" });
      await expect(files.rename(actor, ok.node.id, bad)).rejects.toMatchObject({ code: "INVALID_NAME" });
      await expect(putFile(h.services, actor, rootId, bad, "x")).rejects.toMatchObject({ code: "INVALID_NAME" });
      await expect(files.ensureFolderPath(actor, rootId, ["a", bad])).rejects.toMatchObject({ code: "INVALID_NAME" });
    }
  });

  it(`caps folder depth at ${MAX_FOLDER_DEPTH} levels for new folders, moves and copies`, async () => {
    const { actor, rootId } = await makeUser(h.services);
    const { files } = h.services;
    const chain = Array.from({ length: MAX_FOLDER_DEPTH }, (_, i) => `d${i + 1}`);
    const deepest = await files.ensureFolderPath(actor, rootId, chain);
    // A file may sit in the deepest folder; another folder may not.
    expect((await putFile(h.services, actor, deepest.id, "leaf.txt", "x")).name).toBe("leaf.txt");
    await expect(files.createFolder(actor, deepest.id, "one-too-deep")).rejects.toMatchObject({ code: "TOO_LARGE", message: expect.stringMatching(/250 levels/) });
    await expect(files.ensureFolderPath(actor, rootId, [...chain, "x"])).rejects.toMatchObject({ code: "TOO_LARGE" });
    // A two-level folder moved or copied into the folder at depth 249 would put its child at 251.
    const pair = await files.createFolder(actor, rootId, "pair");
    await files.createFolder(actor, pair.node.id, "child");
    const at249 = await files.ensureFolderPath(actor, rootId, chain.slice(0, MAX_FOLDER_DEPTH - 1));
    await expect(files.move(actor, [pair.node.id], at249.id)).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(files.moveTo(actor, pair.node.id, at249.id, "p", { overwrite: false })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(files.copy(actor, [pair.node.id], at249.id)).rejects.toMatchObject({ code: "TOO_LARGE" });
    const at248 = await files.ensureFolderPath(actor, rootId, chain.slice(0, MAX_FOLDER_DEPTH - 2));
    expect((await files.move(actor, [pair.node.id], at248.id))[0]!.node.parentId).toBe(at248.id);
  });

  it("zips a folder whose legal name looks like a drive letter", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const drive = await h.services.files.createFolder(actor, rootId, "C:");
    await putFile(h.services, actor, drive.node.id, "c:inside.txt", "x");
    const { entries } = await h.services.downloads.zipEntries(actor, [drive.node.id]);
    const zip = new yazl.ZipFile();
    for (const entry of entries) {
      if (!entry.open) zip.addEmptyDirectory(entry.path);
      else zip.addBuffer(Buffer.from("x"), entry.path);
    }
    zip.end();
    expect(entries.map((e) => e.path)).toEqual(["C_/", "C_/c:inside.txt"]);
  });
});
