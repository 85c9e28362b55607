/**
 * Every string the UI shows goes through `t`. A missing key is shown as the key itself, so it is
 * visible in review instead of silently blank. Keys live in public/_locales/<lang>/messages.json.
 */
export function t(key: string, substitutions?: string | number | (string | number)[]): string {
  const subs = substitutions === undefined ? undefined : (Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
  let message = '';
  try {
    message = globalThis.chrome?.i18n?.getMessage(key, subs) ?? '';
  } catch {
    message = '';
  }
  return message || key;
}

/**
 * The language of the translation in use (BCP 47), from the `langCode` message. It is the page's
 * `lang` and the language of names from `Intl` (countries), so a page never mixes languages when the
 * browser's language has no translation yet.
 */
export function uiLanguage(): string {
  const lang = t('langCode');
  return lang === 'langCode' ? 'en' : lang;
}

/** Set the document's language and title; pages call this once before rendering. */
export function localizeDocument(titleKey = 'appName'): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(titleKey);
}
