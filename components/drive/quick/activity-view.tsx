"use client";

import { ActivityList } from "@/components/drive/quick/activity-list";
import { TitledPage } from "@/components/shell/titled-page";
import { myActivity } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";

/** /activity: changes to everything the user can read, by anyone, newest first. */
export function ActivityView() {
  return (
    <TitledPage title="quick.activityTitle">
      <div className="px-4 py-4 sm:px-6">
        <ActivityList queryKey={queryKeys.myActivity} fetchPage={myActivity} linkNodes testId="my-activity" />
      </div>
    </TitledPage>
  );
}
