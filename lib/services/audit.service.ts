import "server-only";
import { stringify } from "csv-stringify/sync";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { AuditFilter, AuditInput, AuditRow } from "@/lib/repositories/audit.repository";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

/** An audit search as the admin types it: the actor by username. */
export interface AuditQuery extends Omit<AuditFilter, "actorId"> {
  actor?: string;
}

export interface AuditEntry extends AuditRow {
  actorName: string | null;
}

const CSV_BATCH = 1000;
const DAY_MS = 86_400_000;

/** Records who did what (never throws into the caller's flow); the admin's search, CSV export and retention. */
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    /** days to keep events; read at each retention run */
    private readonly retentionDays: () => Promise<number> = async () => 365,
  ) {}

  async record(event: AuditInput): Promise<void> {
    await this.uow.repos.audit.record(event, this.clock.now()).catch((e: unknown) => console.error("audit write failed", e));
  }

  /** One page, newest first; `before` is the previous page's `nextCursor`. */
  async search(actor: Actor, query: AuditQuery, before: number | null, limit = 50): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
    assertAdmin(actor);
    const filter = await this.filterOf(query);
    if (!filter) return { items: [], nextCursor: null };
    const rows = await this.uow.repos.audit.query(filter, before, limit + 1);
    const page = rows.slice(0, limit);
    return { items: await this.withNames(page), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }

  /** The matching events as CSV, a header then batches of rows: never all of them in memory. */
  async *csv(actor: Actor, query: AuditQuery): AsyncGenerator<string> {
    assertAdmin(actor);
    yield stringify([["id", "time", "actor", "ip", "action", "target type", "target id", "details"]]);
    const filter = await this.filterOf(query);
    if (!filter) return;
    let before: number | null = null;
    for (;;) {
      const rows = await this.uow.repos.audit.query(filter, before, CSV_BATCH);
      if (rows.length === 0) return;
      const named = await this.withNames(rows);
      yield stringify(named.map((e) => [e.id, e.at.toISOString(), e.actorName ?? "", e.ip ?? "", e.action, e.targetType ?? "", e.targetId ?? "", e.details ?? ""]));
      if (rows.length < CSV_BATCH) return;
      before = rows.at(-1)!.id;
    }
  }

  /** Deletes events older than the retention setting (the daily audit.retention job). */
  async applyRetention(): Promise<number> {
    const days = await this.retentionDays();
    return this.uow.repos.audit.deleteBefore(new Date(this.clock.now().getTime() - days * DAY_MS));
  }

  /** null when the named actor does not exist (nothing can match). */
  private async filterOf({ actor, ...rest }: AuditQuery): Promise<AuditFilter | null> {
    if (!actor) return rest;
    const user = await this.uow.repos.users.findByUsername(actor.trim());
    return user ? { ...rest, actorId: user.id } : null;
  }

  private async withNames(rows: AuditRow[]): Promise<AuditEntry[]> {
    const ids = [...new Set(rows.map((r) => r.actorId).filter((id): id is number => id !== null))];
    const names = new Map((await this.uow.repos.users.findByIds(ids)).map((u) => [u.id, u.username]));
    return rows.map((r) => ({ ...r, actorName: r.actorId === null ? null : (names.get(r.actorId) ?? `#${r.actorId}`) }));
  }
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may read the audit log.");
}
