import { cn } from "@/components/ui/cn";
import { avatarUrl } from "@/lib/client/security-api";

const SIZES = { sm: "size-6 text-[11px]", md: "size-8 text-sm", lg: "size-20 text-2xl" } as const;

/** A user's picture, or the initial of their name on a tinted circle when they have none. */
export function Avatar({ user, size = "md", alt, className }: { user: { id: number; displayName: string; username: string; avatarEtag?: string | null }; size?: keyof typeof SIZES; alt?: string; className?: string }) {
  const src = avatarUrl(user.id, user.avatarEtag);
  const name = user.displayName || user.username;
  const box = cn("inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full", SIZES[size], className);
  if (src) {
    return <img src={src} alt={alt ?? ""} className={cn(box, "object-cover")} data-testid="avatar-image" />;
  }
  return (
    <span className={cn(box, "bg-brand-100 font-semibold text-brand-700 dark:bg-brand-900 dark:text-brand-200")} aria-hidden={alt ? undefined : true} data-testid="avatar-initials">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
