import { en, type MessageKey } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";
import type { Locale } from "@/lib/i18n/locale";

export type { MessageKey };
export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

const catalogs: Record<Locale, typeof en> = { en, "zh-CN": zhCN };

/**
 * A `t(key, vars)` for one locale. `{name}` is replaced by `vars.name`; `{count|item|items}` picks the
 * singular when `vars.count` is 1, else the plural.
 */
export function createTranslator(locale: Locale): Translate {
  const messages = catalogs[locale];
  return (key, vars) => {
    const template = messages[key] ?? en[key] ?? key;
    if (!vars) return template;
    return template
      .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (match, name: string, one: string, other: string) =>
        name in vars ? (Number(vars[name]) === 1 ? one : other) : match,
      )
      .replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
  };
}
