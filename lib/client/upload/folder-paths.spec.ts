import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/api";
import { ensureFolderPaths, type FolderApi } from "./folder-paths";
import { sourcesFromEntries } from "./upload-source";

/** An in-memory tree behind the two calls, recording what was asked. */
function fakeServer(existing: Array<{ parentId: number; name: string; isFolder: boolean }> = []) {
  let nextId = 100;
  const nodes = existing.map((node) => ({ ...node, id: nextId++ }));
  const calls: string[] = [];
  const api: FolderApi = {
    createFolder: async (parentId, name) => {
      calls.push(`mkdir ${parentId}/${name}`);
      if (nodes.some((node) => node.parentId === parentId && node.name === name)) throw new ApiError("taken", 409, "CONFLICT");
      const node = { parentId, name, isFolder: true, id: nextId++ };
      nodes.push(node);
      return node;
    },
    findChildFolder: async (parentId, name) => nodes.find((node) => node.parentId === parentId && node.name === name && node.isFolder) ?? null,
  };
  const pathOf = (id: number): string => {
    const node = nodes.find((candidate) => candidate.id === id);
    return node ? (node.parentId === 1 ? node.name : `${pathOf(node.parentId)}/${node.name}`) : "";
  };
  return { api, calls, folders: () => nodes.filter((node) => node.isFolder).map((node) => pathOf(node.id)).sort() };
}

describe("ensureFolderPaths", () => {
  it("creates missing parents in order, each once", async () => {
    const server = fakeServer();
    const result = await ensureFolderPaths(1, ["a/b/c", "a/b/d", "e"], server.api);
    expect(result).toEqual({ created: 5, failures: [] });
    expect(server.folders()).toEqual(["a", "a/b", "a/b/c", "a/b/d", "e"]);
    expect(server.calls[0]).toBe("mkdir 1/a");
    expect(server.calls).toHaveLength(5);
  });

  it("reuses a folder that exists (409 then the listing shows a folder)", async () => {
    const server = fakeServer([{ parentId: 1, name: "a", isFolder: true }]);
    const result = await ensureFolderPaths(1, ["a/b"], server.api);
    expect(result).toEqual({ created: 1, failures: [] });
    expect(server.folders()).toEqual(["a", "a/b"]);
  });

  it("fails a path with a file in the way, and the paths below it, but goes on with the others", async () => {
    const server = fakeServer([{ parentId: 1, name: "a", isFolder: false }]);
    const result = await ensureFolderPaths(1, ["a/b", "a/c", "d"], server.api);
    expect(result.created).toBe(1);
    expect(result.failures.map(({ path, blocked }) => ({ path, blocked }))).toEqual([{ path: "a", blocked: true }]);
    expect(server.folders()).toEqual(["d"]);
  });

  it("passes other errors on as failures", async () => {
    const api: FolderApi = {
      createFolder: async () => {
        throw new ApiError("bad name", 400, "INVALID_NAME");
      },
      findChildFolder: async () => null,
    };
    const result = await ensureFolderPaths(1, ["x"], api);
    expect(result.failures).toEqual([{ path: "x", blocked: false, error: expect.any(ApiError) }]);
  });
});

type FakeEntry = { name: string; children?: FakeEntry[] };

/** FileSystemEntry look-alikes; readEntries hands out two at a time, as browsers hand out batches. */
function entry({ name, children }: FakeEntry): FileSystemEntry {
  if (!children) {
    return { name, isFile: true, isDirectory: false, file: (resolve: (file: File) => void) => resolve(new File(["x"], name)) } as unknown as FileSystemEntry;
  }
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let offset = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) => {
          resolve(children.slice(offset, offset + 2).map(entry));
          offset += 2;
        },
      };
    },
  } as unknown as FileSystemEntry;
}

describe("sourcesFromEntries", () => {
  it("lists files with their paths and the deepest folders without files", async () => {
    const dropped = entry({
      name: "Project",
      children: [
        { name: "readme.md" },
        { name: "empty", children: [] },
        { name: "deep", children: [{ name: "er", children: [{ name: "est", children: [] }, { name: "other", children: [] }] }] },
        { name: "src", children: [{ name: "main.ts" }, { name: "lib", children: [] }] },
      ],
    });
    const result = await sourcesFromEntries([dropped, entry({ name: "Lonely", children: [] })]);
    expect(result.files.map((source) => source.relativePath)).toEqual(["Project/readme.md", "Project/src/main.ts"]);
    expect(result.emptyFolders).toEqual(["Project/empty", "Project/deep/er/est", "Project/deep/er/other", "Project/src/lib", "Lonely"]);
  });
});
