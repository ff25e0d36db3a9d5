import { SaxesParser } from "saxes";

/** One `<action>` of a WOPI discovery document: what an office server offers for a file extension. */
export interface DiscoveryAction {
  /** the `<app>` it belongs to ("writer", "Word", or a MIME type for Collabora's per-type apps) */
  app: string;
  /** "edit", "view", "embedview", … */
  name: string;
  /** the file extension without a dot, lower case ("" when the app is keyed by MIME type) */
  ext: string;
  /** the editor URL template; may hold `<name=PLACEHOLDER&>` optional parameters */
  urlsrc: string;
}

/**
 * The actions of a WOPI discovery document (Collabora Online, OnlyOffice, Office Online Server all serve
 * `<wopi-discovery><net-zone><app name><action name ext urlsrc/>`). Only the first net-zone is read: hosts serve one
 * ("external-http" or "external-https"). Throws on XML that is not a discovery document.
 */
export function parseDiscovery(xml: string): DiscoveryAction[] {
  const parser = new SaxesParser({ xmlns: false });
  const actions: DiscoveryAction[] = [];
  let app: string | null = null;
  let zones = 0;
  let root = false;
  parser.on("opentag", (tag) => {
    const attr = (name: string) => String(tag.attributes[name] ?? "");
    if (tag.name === "wopi-discovery") root = true;
    else if (tag.name === "net-zone") zones++;
    else if (tag.name === "app" && zones <= 1) app = attr("name");
    else if (tag.name === "action" && app !== null && zones <= 1 && attr("urlsrc")) {
      actions.push({ app, name: attr("name").toLowerCase(), ext: attr("ext").toLowerCase(), urlsrc: attr("urlsrc") });
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "app") app = null;
  });
  parser.write(xml).close();
  if (!root) throw new Error("Not a WOPI discovery document.");
  return actions;
}

/** Action names that open a file for editing, then for viewing, in order of preference. */
const EDIT = ["edit", "editnew"];
const VIEW = ["view", "embedview"];

/**
 * The editor URL for a file: the action for its extension (or, failing that, its MIME type as Collabora lists them).
 * A writer gets "edit" when offered, else "view"; a reader gets "view", else the edit action (Collabora offers only
 * that, and keeps the document read-only from CheckFileInfo's UserCanWrite). Optional `<…>` placeholders are
 * dropped and WOPISrc is appended. Null when the server offers nothing for the file.
 */
export function editorUrl(actions: DiscoveryAction[], file: { name: string; mimeType: string | null }, canWrite: boolean, wopiSrc: string): { url: string; mode: "edit" | "view" } | null {
  const dot = file.name.lastIndexOf(".");
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
  const mime = (file.mimeType ?? "").toLowerCase();
  const forFile = actions.filter((a) => (ext !== "" && a.ext === ext) || (a.ext === "" && mime !== "" && a.app.toLowerCase() === mime));
  const action = (canWrite ? [...EDIT, ...VIEW] : [...VIEW, ...EDIT]).map((n) => forFile.find((a) => a.name === n)).find((a) => a !== undefined);
  if (!action) return null;
  const base = action.urlsrc.replace(/<[^>]*>/g, "");
  const joiner = base.endsWith("?") || base.endsWith("&") ? "" : base.includes("?") ? "&" : "?";
  return { url: `${base}${joiner}WOPISrc=${encodeURIComponent(wopiSrc)}`, mode: canWrite && EDIT.includes(action.name) ? "edit" : "view" };
}

/** The extensions a discovery document offers any action for (the browser shows "Open in office" for these). */
export function officeExtensions(actions: DiscoveryAction[]): string[] {
  return [...new Set(actions.filter((a) => a.ext !== "" && [...EDIT, ...VIEW].includes(a.name)).map((a) => a.ext))].sort();
}
