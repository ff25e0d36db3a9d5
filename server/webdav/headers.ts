import { DomainError } from "@/lib/domain/errors";

/** WebDAV request headers, parsed strictly: anything malformed is INVALID_INPUT (400). */

export type Depth = "0" | "1" | "infinity";

/** Depth (RFC 4918 §10.2); `fallback` when absent. */
export function parseDepth(value: string | undefined, fallback: Depth): Depth {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === "0" || v === "1" || v === "infinity") return v;
  throw new DomainError("INVALID_INPUT", `Depth must be 0, 1 or infinity, not "${value.slice(0, 40)}".`);
}

/** Overwrite (RFC 4918 §10.6): T (default) or F. */
export function parseOverwrite(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = value.trim().toUpperCase();
  if (v === "T") return true;
  if (v === "F") return false;
  throw new DomainError("INVALID_INPUT", "Overwrite must be T or F.");
}

/**
 * Destination (RFC 4918 §10.3): an absolute URI or an absolute path. Returns the raw path (still percent-encoded).
 * BAD_GATEWAY-style refusal (`otherHost`) when it names another host.
 */
export function parseDestination(value: string | undefined, host: string | undefined): { rawPath: string } | { otherHost: true } {
  if (!value) throw new DomainError("INVALID_INPUT", "A Destination header is required.");
  const v = value.trim();
  if (v.startsWith("/")) {
    if (v.startsWith("//")) throw new DomainError("INVALID_INPUT", "The Destination header is not a valid URI.");
    return { rawPath: stripQuery(v) };
  }
  const m = /^(https?):\/\/([^/?#]+)(\/[^?#]*)?/i.exec(v);
  if (!m) throw new DomainError("INVALID_INPUT", "The Destination header is not a valid URI.");
  const destHost = m[2]!.replace(/^[^@]*@/, "").toLowerCase();
  if (!host || destHost !== host.toLowerCase()) return { otherHost: true };
  return { rawPath: m[3] ?? "/" };
}

function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}

/** Timeout (RFC 4918 §10.7): the first usable of "Second-n" or "Infinite"; null when absent or unusable. */
export function parseTimeout(value: string | undefined): number | null {
  if (!value) return null;
  for (const part of value.split(",")) {
    const t = part.trim();
    if (/^infinite$/i.test(t)) return Number.POSITIVE_INFINITY;
    const m = /^second-(\d{1,12})$/i.exec(t);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Lock-Token (RFC 4918 §10.5): a Coded-URL "<token>". */
export function parseLockToken(value: string | undefined): string {
  const m = value ? /^\s*<([^<>\s]+)>\s*$/.exec(value) : null;
  if (!m) throw new DomainError("INVALID_INPUT", "UNLOCK needs a Lock-Token header like <urn:uuid:…>.");
  return m[1]!;
}

/** One condition of an If list: a state token or an entity tag, maybe negated. */
export type IfCondition = { not: boolean; token: string } | { not: boolean; etag: string };

/** One parenthesised list; `resource` is the tag before it (a URL), or null for the request URI. */
export interface IfList {
  resource: string | null;
  conditions: IfCondition[];
}

const MAX_IF_LENGTH = 16 * 1024;

/**
 * The If header (RFC 4918 §10.4): either No-tag-lists or Tagged-lists, each list 1*Condition, each Condition
 * ["Not"] (Coded-URL | "[" entity-tag "]"). Throws INVALID_INPUT on any deviation.
 */
export function parseIf(value: string): IfList[] {
  if (value.length > MAX_IF_LENGTH) throw new DomainError("INVALID_INPUT", "The If header is too long.");
  const bad = (why: string) => new DomainError("INVALID_INPUT", `The If header is malformed: ${why}.`);
  const lists: IfList[] = [];
  let i = 0;
  let tagged: boolean | null = null;
  let resource: string | null = null;
  let listsForTag = 0;
  const ws = () => {
    while (i < value.length && (value[i] === " " || value[i] === "\t")) i++;
  };
  const until = (close: string): string => {
    const end = value.indexOf(close, i + 1);
    if (end === -1) throw bad(`missing "${close}"`);
    const inner = value.slice(i + 1, end);
    i = end + 1;
    return inner;
  };
  for (ws(); i < value.length; ws()) {
    const c = value[i];
    if (c === "<") {
      if (tagged === false) throw bad("a resource tag after untagged lists");
      if (tagged === true && listsForTag === 0) throw bad("a resource tag without lists");
      tagged = true;
      resource = until(">");
      if (!resource || /\s/.test(resource)) throw bad("an empty or spaced resource tag");
      listsForTag = 0;
    } else if (c === "(") {
      if (tagged === null) tagged = false;
      i++;
      const conditions: IfCondition[] = [];
      for (ws(); value[i] !== ")"; ws()) {
        if (i >= value.length) throw bad('missing ")"');
        let not = false;
        if (value.slice(i, i + 3).toLowerCase() === "not") {
          not = true;
          i += 3;
          ws();
        }
        if (value[i] === "<") {
          const token = until(">");
          if (!token || /[\s<>]/.test(token)) throw bad("an empty state token");
          conditions.push({ not, token });
        } else if (value[i] === "[") {
          i++;
          ws();
          const weak = value.slice(i, i + 2) === "W/";
          if (weak) i += 2;
          if (value[i] !== '"') throw bad("an entity tag without quotes");
          const end = value.indexOf('"', i + 1);
          if (end === -1) throw bad("an unterminated entity tag");
          const etag = `${weak ? "W/" : ""}${value.slice(i, end + 1)}`;
          i = end + 1;
          ws();
          if (value[i] !== "]") throw bad('missing "]"');
          i++;
          conditions.push({ not, etag });
        } else {
          throw bad(`unexpected "${value[i] ?? "end"}"`);
        }
      }
      i++;
      if (conditions.length === 0) throw bad("an empty list");
      lists.push({ resource: tagged ? resource : null, conditions });
      listsForTag++;
    } else {
      throw bad(`unexpected "${c}"`);
    }
  }
  if (lists.length === 0 || (tagged && listsForTag === 0)) throw bad("no lists");
  return lists;
}

/** Every state token named positively in the header: the lock tokens the client submits. */
export function submittedTokens(lists: IfList[] | null): string[] {
  if (!lists) return [];
  return lists.flatMap((l) => l.conditions.flatMap((c) => ("token" in c && !c.not ? [c.token] : [])));
}

/** Compares entity tags ignoring weakness (If-header matching uses the strong function, but clients mix them). */
export function etagMatches(a: string, b: string): boolean {
  return a.replace(/^W\//, "") === b.replace(/^W\//, "");
}
