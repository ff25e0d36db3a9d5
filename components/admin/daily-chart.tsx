"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DayCounts } from "@/lib/client/admin-api";

/** Bars per day for the last 30 days (recharts); `field` picks uploads or downloads. */
export function DailyChart({ days, field, label, color, testId }: { days: DayCounts[]; field: "uploads" | "downloads"; label: string; color: string; testId: string }) {
  const today = days.at(-1);
  return (
    <div data-testid={testId} data-today={today?.[field] ?? 0} className="h-48 w-full text-zinc-500">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 4, right: 4, bottom: 0, left: -24 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(8)} tick={{ fontSize: 11, fill: "currentColor" }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "currentColor" }} width={48} />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
            contentStyle={{ background: "var(--color-zinc-900, #18181b)", border: "none", borderRadius: 8, color: "#fafafa", fontSize: 12 }}
            labelStyle={{ color: "#fafafa" }}
          />
          <Bar dataKey={field} name={label} fill={color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
