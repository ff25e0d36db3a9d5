import type { SortField, SortOrder } from "@/lib/client/api-types";

/** Every react-query key in one place, so invalidation after a mutation is easy to get right. */
export const queryKeys = {
  me: ["me"] as const,
  node: (id: number) => ["node", id] as const,
  allNodes: ["node"] as const,
  children: (id: number, sort: SortField, order: SortOrder) => ["children", id, sort, order] as const,
  childrenOf: (id: number) => ["children", id] as const,
  allChildren: ["children"] as const,
  folders: (id: number) => ["folders", id] as const,
  allFolders: ["folders"] as const,
  versions: (id: number) => ["versions", id] as const,
  trash: ["trash"] as const,
  users: ["admin-users"] as const,
  links: (nodeId: number) => ["share-links", nodeId] as const,
  grants: (nodeId: number) => ["share-grants", nodeId] as const,
  allLinks: ["share-links"] as const,
  allGrants: ["share-grants"] as const,
  sharedWithMe: ["shared-with-me"] as const,
  sharedByMe: ["shared-by-me"] as const,
  userSearch: (q: string) => ["user-search", q] as const,
  sharePolicy: ["share-policy"] as const,
  publicShare: (token: string) => ["public-share", token] as const,
  publicFolder: (token: string, folderId: number | null) => ["public-folder", token, folderId] as const,
  allPublicFolders: (token: string) => ["public-folder", token] as const,
  appPasswords: ["app-passwords"] as const,
};
