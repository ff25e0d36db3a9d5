/** Paths of WebDAV locks within a space: "/" or "/a/b". */

/** "/a/b" → ["/", "/a", "/a/b"] */
export function pathChain(path: string): string[] {
  const segments = path.split("/").filter(Boolean);
  return ["/", ...segments.map((_, i) => `/${segments.slice(0, i + 1).join("/")}`)];
}

/** The prefix of every path strictly below `path`. */
export function belowPrefix(path: string): string {
  return path === "/" ? "/" : `${path}/`;
}

/** Whether a lock applies to `path`: it sits there, or it is deep (Depth: infinity) and `path` lies below it. */
export function lockCovers(lock: { path: string; deep: boolean }, path: string): boolean {
  return lock.path === path || (lock.deep && path.startsWith(belowPrefix(lock.path)));
}
