import Database from "better-sqlite3";
import pg from "pg";

/** Counts statements run by every better-sqlite3 connection and every pg client in this process. */
export function statementCounter() {
  let count = 0;
  const log: string[] = [];
  const restore: (() => void)[] = [];
  const wrap = <T extends object>(proto: T, method: keyof T, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      count++;
      log.push(sqlOf(this, args));
      return original.apply(this, args);
    } as T[keyof T];
    restore.push(() => (proto[method] = original as T[keyof T]));
  };
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Database.Statement;
  probe.close();
  for (const method of ["run", "get", "all", "iterate"] as const) wrap(statement, method, (self) => (self as Database.Statement).source);
  wrap(pg.Client.prototype, "query", (_self, args) => {
    const q = args[0] as string | { text?: string };
    return typeof q === "string" ? q : (q?.text ?? "");
  });
  return {
    async measure(fn: () => Promise<void>): Promise<{ count: number; log: string[] }> {
      count = 0;
      log.length = 0;
      await fn();
      return { count, log: [...log] };
    },
    restore: () => restore.forEach((r) => r()),
  };
}
