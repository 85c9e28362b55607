/** ISO 3166-1 countries with names in the UI's language, sorted for that language. */
import { COUNTRY_CODES } from '../shared/records';
import type { Option } from './Field';

const cache = new Map<string, Option[]>();

export function countryOptions(lang: string): Option[] {
  let list = cache.get(lang);
  if (list) return list;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  } catch {
    names = null;
  }
  const collator = new Intl.Collator(lang);
  list = [...COUNTRY_CODES]
    .map((code) => ({ value: code, label: names?.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.label, b.label));
  cache.set(lang, list);
  return list;
}
