"use client";

import { useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "@/lib/client/api";
import { passwordError } from "@/lib/client/account-settings-api";
import type { Translate } from "@/lib/i18n/translate";

/** Thrown by a form's work to show `message` as its error line as it is (a check before anything was sent). */
export class FormProblem extends Error {}

/**
 * A form's submit: busy while it works (the button is disabled), the error line cleared on each try and set from what
 * failed (`describe`; a FormProblem's own message). With `navigates` the form stays busy after success, while the
 * page it goes to loads.
 */
export function useFormSubmit(describe: (caught: unknown) => string, opts: { navigates?: boolean } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (work: () => Promise<unknown>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
      if (!opts.navigates) setBusy(false);
    } catch (caught) {
      setError(caught instanceof FormProblem ? caught.message : describe(caught));
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

/**
 * The error line of an account form (sign-up, password reset and change): too many tries (429), `forbidden` for a
 * 403 when the form has one, a password the rule refused, or the server's own message.
 */
export function accountFormError(t: Translate, caught: unknown, forbidden?: string): string {
  if (caught instanceof ApiError && caught.status === 429) return t("auth.throttled");
  if (forbidden !== undefined && caught instanceof ApiError && caught.status === 403) return forbidden;
  return passwordError(t, caught) ?? errorMessage(caught, t("common.unknownError"));
}
