import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { CreateUserInput, UserService } from "./user.service";

const SETUP_KEY = "setup.completedAt";

/** First run: until an admin exists (made here or with the CLI), one admin can be created; then setup closes for good. */
export class SetupService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserService,
  ) {}

  async isNeeded(): Promise<boolean> {
    return (await this.uow.repos.settings.get(SETUP_KEY)) === undefined;
  }

  async createAdmin(input: Omit<CreateUserInput, "role">): Promise<UserRecord> {
    const claimed = await this.uow
      .transaction(async (repos) => {
        if ((await repos.settings.get(SETUP_KEY)) !== undefined) return false;
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

  /** Marks setup done (an admin created with the CLI counts as setup). */
  async markDone(): Promise<void> {
    if ((await this.uow.repos.settings.get(SETUP_KEY)) === undefined) await this.uow.repos.settings.set(SETUP_KEY, new Date().toISOString());
  }
}
