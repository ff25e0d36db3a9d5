import "server-only";
import { lastDays, utcDay } from "@/lib/domain/day";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { DayCounts, PolicyUsage } from "@/lib/repositories/admin.repository";
import type { Clock } from "./clock";
import type { DailyCounters } from "./daily-counters";
import type { Health, HealthService } from "./health.service";
import { assertAdmin } from "./user.service";

export interface Overview {
  users: { total: number; admins: number; partners: number; disabled: number };
  teams: number;
  files: number;
  folders: number;
  policies: PolicyUsage[];
  /** the last 30 UTC days, oldest first, zeros included */
  days: DayCounts[];
  activeSessions: number;
  jobs: { queued: number; running: number; done: number; failed: number };
  version: string;
  health: Health;
}

/** The admin overview's figures: every one an aggregate over an index or a small table, never a scan of nodes. */
export class AdminStatsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly health: HealthService,
    private readonly counters: DailyCounters,
    private readonly clock: Clock,
    private readonly version: string,
  ) {}

  async overview(actor: Actor): Promise<Overview> {
    assertAdmin(actor);
    const admin = this.uow.repos.admin;
    const now = this.clock.now();
    const range = lastDays(now, 30);
    await this.counters.flush();
    const [roles, spaces, nodes, policies, stored, activeSessions, jobs, health] = await Promise.all([
      admin.usersByRole(),
      admin.spacesByKind(),
      admin.nodeCounts(),
      admin.policyUsage(),
      admin.days(range[0]!, range.at(-1)!),
      this.uow.repos.auth.countActiveSessions(now),
      admin.jobsByStatus(),
      this.health.check(),
    ]);
    const byDay = new Map(stored.map((d) => [d.day, d]));
    const sum = (pick: (r: (typeof roles)[number]) => boolean) => roles.filter(pick).reduce((n, r) => n + r.count, 0);
    return {
      users: { total: sum(() => true), admins: sum((r) => r.role === "admin"), partners: sum((r) => r.role === "partner"), disabled: sum((r) => r.disabled) },
      teams: spaces.team ?? 0,
      files: nodes.files,
      folders: nodes.folders,
      policies,
      days: range.map((day) => byDay.get(day) ?? { day, uploads: 0, uploadBytes: 0, downloads: 0, downloadBytes: 0 }),
      activeSessions,
      jobs: { queued: jobs.queued ?? 0, running: jobs.running ?? 0, done: jobs.done ?? 0, failed: jobs.failed ?? 0 },
      version: this.version,
      health,
    };
  }

  /** Today's counters (tests, the CLI). */
  async today(): Promise<DayCounts> {
    const day = utcDay(this.clock.now());
    await this.counters.flush();
    return (await this.uow.repos.admin.days(day, day))[0] ?? { day, uploads: 0, uploadBytes: 0, downloads: 0, downloadBytes: 0 };
  }
}
