import type { Services } from "@/lib/container";

let counter = 0;

/**
 * A team space (kind "team") with an admin, made through SpaceService and the repositories (the team service lives on
 * another branch). Returns its id, root folder and name.
 */
export async function makeTeam(services: Services, adminId: number, opts: { name?: string; members?: { userId: number; role: string }[] } = {}) {
  const name = opts.name ?? `team${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  const space = await services.uow.transaction(async (repos) => {
    const created = await services.spaces.createSpace(repos, { kind: "team", name, ownerId: null, quota: null, memberRole: "admin", memberId: adminId });
    for (const m of opts.members ?? []) await repos.spaces.addMember(created.id, m.userId, m.role);
    return created;
  });
  return { spaceId: space.id, rootId: space.rootNodeId!, name };
}
