import { NativeDate } from "@/lib/domain/native-date";

/** Time source; tests swap it. */
export interface Clock {
  now(): Date;
}

/** The wall clock (NativeDate: see there). */
export const systemClock: Clock = { now: () => new NativeDate() };
