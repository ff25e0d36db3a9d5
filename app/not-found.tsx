import Link from "next/link";
import { FileQuestion } from "lucide-react";
import { Logo } from "@/components/brand/logo";
import { getServerTranslator, titleMetadata } from "@/lib/i18n/server";

export const generateMetadata = titleMetadata("notFound.title");

/** Any unknown address (and every `notFound()`): Haven's frame, in the user's language, with a way home. */
export default async function NotFound() {
  const t = await getServerTranslator();
  return (
    <div className="flex min-h-dvh flex-col bg-zinc-50 dark:bg-zinc-950" data-testid="not-found">
      <header className="px-5 py-4 sm:px-8">
        <Link href="/" className="inline-block rounded-lg">
          <Logo label={t("app.name")} />
        </Link>
      </header>
      <main className="flex flex-1 flex-col items-center px-6 pt-16 pb-24 text-center sm:justify-center sm:pt-0">
        <div className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
          <FileQuestion className="size-7" aria-hidden />
        </div>
        <p className="text-sm font-medium text-brand-600 dark:text-brand-400">404</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">{t("notFound.title")}</h1>
        <p className="mt-2 max-w-sm text-sm text-balance text-zinc-500 dark:text-zinc-400">{t("notFound.hint")}</p>
        <Link
          href="/files"
          className="mt-6 inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-brand-700 dark:bg-brand-500 dark:text-zinc-950 dark:hover:bg-brand-400"
          data-testid="not-found-home"
        >
          {t("notFound.home")}
        </Link>
      </main>
    </div>
  );
}
