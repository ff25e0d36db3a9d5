"use client";

import { useEffect, useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { inputClass } from "@/components/ui/text-field";
import { queryKeys } from "@/lib/client/query-keys";
import { Avatar } from "@/components/ui/avatar";
import { searchUsers, type UserHit, type UserSource } from "@/lib/client/share-api";
import { useDebounced } from "@/lib/client/use-debounced";
import { useT } from "@/lib/i18n/provider";

/** People to share with (GET /api/users/search: emails only for admins, others find by exact email). */
const PEOPLE: UserSource = { key: "people", search: async (q) => (await searchUsers(q)).users };

/** A combobox that finds users by name or email (by default the people one may share with) and picks one. */
export function UserPicker({ onPick, exclude, label, source = PEOPLE, autoFocus }: { onPick: (user: UserHit) => void; exclude: Set<number>; label?: string; source?: UserSource; autoFocus?: boolean }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const search = useQuery({ queryKey: queryKeys.userSearch(source.key, q), queryFn: () => source.search(q), enabled: q.length > 0, staleTime: 10_000 });
  const hits = (search.data ?? []).filter((user) => !exclude.has(user.id));
  const open = text.trim().length > 0;

  const pick = (user: UserHit) => {
    onPick(user);
    setText("");
    setActive(0);
  };

  return (
    <div className="relative">
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium">
        {label ?? t("share.addPeople")}
      </label>
      <div className="relative">
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <input
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          autoComplete="off"
          autoFocus={autoFocus}
          value={text}
          placeholder={t("share.searchPeople")}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") setActive((index) => Math.min(index + 1, hits.length - 1));
            else if (event.key === "ArrowUp") setActive((index) => Math.max(index - 1, 0));
            else if (event.key === "Enter" && hits[active]) pick(hits[active]);
            else if (event.key === "Escape" && text) setText("");
            else return;
            event.preventDefault();
            event.stopPropagation();
          }}
          className={cn(inputClass, "pl-9")}
          data-testid="user-search"
        />
      </div>
      {open && (
        <ul id={`${id}-list`} role="listbox" className="absolute z-10 mt-1 max-h-60 w-full overflow-y-auto rounded-xl border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900" data-testid="user-results">
          {search.isFetching && hits.length === 0 ? (
            <li className="flex justify-center p-3">
              <Spinner label={t("common.loading")} />
            </li>
          ) : hits.length === 0 ? (
            <li className="p-3 text-sm text-zinc-500">{q === text.trim() ? t("share.noPeople") : t("common.loading")}</li>
          ) : (
            hits.map((user, index) => (
              <li
                key={user.id}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(user)}
                onMouseEnter={() => setActive(index)}
                className={cn("cursor-pointer rounded-lg px-3 py-2 text-sm", index === active && "bg-zinc-100 dark:bg-zinc-800")}
                data-testid="user-result"
                data-username={user.username}
              >
                <span className="flex min-w-0 items-center gap-2">
                  <Avatar user={user} size="sm" />
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{user.displayName || user.username}</span>
                    <span className="ml-2 text-xs text-zinc-500">
                      @{user.username}
                      {user.email ? ` · ${user.email}` : ""}
                    </span>
                  </span>
                </span>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
