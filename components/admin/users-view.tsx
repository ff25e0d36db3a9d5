"use client";

import { useDeferredValue, useEffect, useState } from "react";
import { Search, UserPlus } from "lucide-react";
import { CreateUserDialog } from "@/components/admin/create-user-dialog";
import { DeleteUserDialog } from "@/components/admin/delete-user-dialog";
import { EditUserDialog } from "@/components/admin/edit-user-dialog";
import { QuotaDialog } from "@/components/admin/quota-dialog";
import { ResetPasswordDialog } from "@/components/admin/reset-password-dialog";
import { USERS_PAGE, useAdminUsers } from "@/components/admin/use-admin-users";
import { UserRow, type UserCommand } from "@/components/admin/user-row";
import { PageHeader } from "@/components/shell/page-header";
import { useShell } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { inputClass } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

type AdminDialog = { kind: "create" } | { kind: "quota" | "password" | "edit" | "delete"; user: UserView } | null;

/** /admin/users: every account with its role, status and storage, and the actions an admin takes on it. */
export function UsersView() {
  const t = useT();
  const { user: me } = useShell();
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const [offset, setOffset] = useState(0);
  const { users, items, total, create, update, remove } = useAdminUsers(q, offset);
  const [dialog, setDialog] = useState<AdminDialog>(null);

  useEffect(() => {
    document.title = `${t("admin.usersTitle")} · ${t("app.name")}`;
  }, [t]);

  const onCommand = (command: UserCommand, user: UserView) => {
    if (command === "toggle-disabled") {
      update.mutate({ user, changes: { disabled: !user.disabled }, done: user.disabled ? "admin.enabled" : "admin.disabled" });
    } else if (command === "toggle-2fa") {
      update.mutate({ user, changes: { twoFactorRequired: !user.twoFactorRequired }, done: user.twoFactorRequired ? "dash.2faUnforced" : "dash.2faForced" });
    } else {
      setDialog({ kind: command, user });
    }
  };
  const th = "px-3 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";

  return (
    <>
      <PageHeader
        title={<h1 className="px-1.5 text-base font-semibold">{t("admin.usersTitle")}</h1>}
        actions={
          <Button variant="primary" icon={<UserPlus className="size-4" aria-hidden />} onClick={() => setDialog({ kind: "create" })} data-testid="create-user">
            {t("admin.createUser")}
          </Button>
        }
      />
      <div className="min-h-0 flex-1 overflow-auto pb-24">
        <p className="px-4 pt-4 pb-2 text-sm text-zinc-500 sm:px-6 dark:text-zinc-400">{t("admin.usersSubtitle")}</p>
        <div className="relative px-4 pb-3 sm:px-6">
          <Search className="pointer-events-none absolute top-2.5 left-7 size-4 text-zinc-400 sm:left-9" aria-hidden />
          <input
            type="search"
            value={search}
            onChange={(e) => (setSearch(e.target.value), setOffset(0))}
            placeholder={t("dash.searchUsers")}
            aria-label={t("dash.searchUsers")}
            className={`${inputClass} max-w-sm pl-9`}
            data-testid="users-search"
          />
        </div>
        {users.isPending ? (
          <SkeletonRows label={t("common.loading")} count={5} />
        ) : users.isError ? (
          <ErrorState title={t("admin.errorTitle")} message={errorMessage(users.error, t("common.unknownError"))} onRetry={() => void users.refetch()} />
        ) : (
          <table className="w-full text-sm" data-testid="users-table" aria-label={t("admin.usersTable")}>
            <thead className="sticky top-0 z-10 border-b border-zinc-200 bg-white/95 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
              <tr>
                <th scope="col" className={th + " pl-4 sm:pl-6"}>{t("admin.column.user")}</th>
                <th scope="col" className={th + " hidden md:table-cell"}>{t("admin.column.email")}</th>
                <th scope="col" className={th + " hidden sm:table-cell"}>{t("admin.column.role")}</th>
                <th scope="col" className={th}>{t("admin.column.status")}</th>
                <th scope="col" className={th + " hidden sm:table-cell"}>{t("admin.column.storage")}</th>
                <th scope="col" className={th + " hidden lg:table-cell"}>{t("admin.column.lastLogin")}</th>
                <th scope="col" className={th + " pr-4 sm:pr-6"}>
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <UserRow key={user.id} user={user} isSelf={user.id === me.id} onCommand={onCommand} />
              ))}
            </tbody>
          </table>
        )}
        {total > 0 && (
          <div className="flex items-center justify-between gap-2 px-4 py-3 text-sm text-zinc-500 sm:px-6 dark:text-zinc-400" data-testid="users-pager">
            <span>{t("dash.range", { from: String(offset + 1), to: String(Math.min(offset + USERS_PAGE, total)), total: String(total) })}</span>
            <span className="flex gap-2">
              <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - USERS_PAGE))} data-testid="users-prev">{t("dash.prev")}</Button>
              <Button size="sm" disabled={offset + USERS_PAGE >= total} onClick={() => setOffset(offset + USERS_PAGE)} data-testid="users-next">{t("dash.next")}</Button>
            </span>
          </div>
        )}
      </div>
      {dialog?.kind === "create" && <CreateUserDialog onCreate={(input) => create.mutateAsync(input)} onClose={() => setDialog(null)} />}
      {dialog?.kind === "quota" && (
        <QuotaDialog
          user={dialog.user}
          onSave={(quota) => update.mutateAsync({ user: dialog.user, changes: { quota }, done: "admin.quotaSet" })}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "edit" && (
        <EditUserDialog
          user={dialog.user}
          isSelf={dialog.user.id === me.id}
          onSave={(changes) => update.mutateAsync({ user: dialog.user, changes, done: "dash.userSaved" })}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete" && <DeleteUserDialog user={dialog.user} onDelete={(how) => remove.mutateAsync({ user: dialog.user, how })} onClose={() => setDialog(null)} />}
      {dialog?.kind === "password" && (
        <ResetPasswordDialog
          user={dialog.user}
          onSave={(password) => update.mutateAsync({ user: dialog.user, changes: { password }, done: "admin.passwordReset" })}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
