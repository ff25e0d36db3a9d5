import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { CreateUserInput, UserService } from "./user.service";

const SETUP_KEY = "setup.completedAt";

/** First run: while no account exists, one admin can be created; then setup closes for good. */
export class SetupService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserService,
  ) {}

  async isNeeded(): Promise<boolean> {
    if ((await this.uow.repos.settings.get(SETUP_KEY)) !== undefined) return false;
    return (await this.uow.repos.users.count()) === 0;
  }

  async createAdmin(input: Omit<CreateUserInput, "role">): Promise<UserRecord> {
    const claimed = await this.uow
      .transaction(async (repos) => {
        if ((await repos.users.count()) > 0) return false;
        await repos.settings.create(SETUP_KEY, new Date().toISOString());
        return true;
      })
      .catch(() => false);
    if (!claimed) throw new DomainError("CONFLICT", "Haven is already set up.");
    try {
      return await this.users.create(null, { ...input, role: "admin", quota: input.quota });
    } catch (e) {
      await this.uow.repos.settings.remove(SETUP_KEY);
      throw e;
    }
  }

  /** Marks setup done (the CLI's first user:create counts as setup too). */
  async markDone(): Promise<void> {
    if ((await this.uow.repos.settings.get(SETUP_KEY)) === undefined) await this.uow.repos.settings.set(SETUP_KEY, new Date().toISOString());
  }
}
