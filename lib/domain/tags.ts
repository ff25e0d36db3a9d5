import { DomainError } from "./errors";

/** The colours a tag may have (the UI maps each to a light and a dark swatch). */
export const TAG_COLORS = ["gray", "red", "orange", "amber", "green", "teal", "blue", "violet", "pink"] as const;
export type TagColor = (typeof TAG_COLORS)[number];

export const MAX_TAG_NAME = 50;

/** A tag name trimmed, 1..50 characters, without control characters; INVALID_NAME otherwise. */
export function tagName(raw: string): string {
  const name = raw.trim().normalize("NFC");
  if (name.length === 0 || [...name].length > MAX_TAG_NAME || /\p{Cc}/u.test(name)) {
    throw new DomainError("INVALID_NAME", `A tag name needs 1 to ${MAX_TAG_NAME} characters.`);
  }
  return name;
}

export function tagColor(raw: string): TagColor {
  if (!(TAG_COLORS as readonly string[]).includes(raw)) throw new DomainError("INVALID_INPUT", "Unknown tag colour.");
  return raw as TagColor;
}
