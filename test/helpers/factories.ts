import { Readable } from "node:stream";
import type { Services } from "@/lib/container";
import type { Actor } from "@/lib/domain/permissions";

let counter = 0;

/** Creates a user with a personal space and returns its actor and root folder id. */
export async function makeUser(services: Services, opts: { quota?: number | null; role?: "admin" | "user"; username?: string } = {}) {
  const username = opts.username ?? `user${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  const user = await services.users.create(null, { username, password: "correct horse battery", quota: opts.quota, role: opts.role });
  const actor: Actor = { userId: user.id, role: user.role };
  const space = await services.spaces.personalSpace(user.id);
  return { user, actor, rootId: space.rootNodeId!, spaceId: space.id };
}

/** Uploads a small file from a string or buffer through the same service path as WebDAV PUT. */
export async function putFile(services: Services, actor: Actor, parentId: number, name: string, content: string | Buffer, opts: { onConflict?: "rename" | "replace" } = {}) {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return services.uploads.putStream(actor, { parentId, name, body: Readable.from([body]), declaredSize: body.length, onConflict: opts.onConflict });
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
