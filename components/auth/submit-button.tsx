import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** The full-width submit button of the sign-in and setup forms: a spinner and a busy label while it works. */
export function SubmitButton({ busy, label, busyLabel, testId }: { busy: boolean; label: string; busyLabel: string; testId: string }) {
  return (
    <Button type="submit" variant="primary" className="w-full" disabled={busy} data-testid={testId}>
      {busy && <Spinner />}
      {busy ? busyLabel : label}
    </Button>
  );
}
