/**
 * Text helpers for the classifier: one normal form for every string the rules look at, so the
 * patterns in `rules/` are written once (lowercase, no diacritics, single spaces).
 */

import { ASCII, norm } from './norm';

export { norm };

/**
 * An attribute value (name, id, framework hint) as words: camelCase, snake_case, kebab-case,
 * brackets and digits split apart. `billingAddress[line1]` -> "billing address line 1".
 */
export function identWords(s: string): string {
  if (!s) return '';
  if (!ASCII.test(s)) return norm(splitIdent(s));
  // ASCII (nearly every name and id): one pass, the same boundaries as splitIdent's regexes.
  let out = '';
  let prev = 0; // 0 other, 1 lower, 2 upper, 3 digit
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cls = c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 3 : 0;
    if (cls === 0) {
      prev = 0;
      if (c <= 32 || SEPARATOR.has(c)) {
        pendingSpace = true;
        continue;
      }
      // Any other sign (@, *, ') stays, as in splitIdent.
      if (pendingSpace && out) out += ' ';
      pendingSpace = false;
      out += s[i];
      continue;
    }
    if (out && !pendingSpace) {
      if (
        (prev === 1 && cls === 2) || // camelCase
        (prev === 2 && cls === 2 && isLowerAt(s, i + 1)) || // HTMLParser -> html parser
        (prev !== 3 && prev !== 0 && cls === 3) || // line1
        (prev === 3 && cls !== 3) // 2nd
      )
        pendingSpace = true;
    }
    if (pendingSpace && out) out += ' ';
    pendingSpace = false;
    out += cls === 2 ? String.fromCharCode(c + 32) : s[i];
    prev = cls;
  }
  return out;
}
const SEPARATOR = new Set([...'_-.[]:$/#(){}|,;=+'].map((ch) => ch.charCodeAt(0)));
const isLowerAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 97 && c <= 122;
};
/** The general case (any script): camelCase, letters/digits and separators split by regexes. */
export function splitIdent(s: string): string {
  const spaced = s
    .replace(/([a-z\u00e0-\u00ff])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return spaced.replace(/[_\-.[\]:$/#(){}|,;=+]+/g, ' ');
}

/** Words that say nothing about the field: required markers, "please enter", "your"... */
const FILLER = new RegExp(
  [
    // required / optional markers
    '\\((?:required|optional|obligatoire|facultatif|obligatorio|opcional|obbligatorio|facoltativo|verplicht|optioneel|obrigatorio|necessario|erforderlich|freiwillig|pflichtfeld|wajib|frivillig|valgfrit)\\)',
    '\\b(?:required|optional|mandatory|obligatoire|facultatif|obligatorio|opcional|obbligatorio|facoltativo|verplicht|optioneel|obrigatorio|erforderlich|pflichtfeld|freiwillig|necessario|richiesto|requerido|requis|wajib)\\b',
    '必須',
    '任意',
    // "please enter your", "enter your", "type your"
    '\\bplease\\b',
    '\\b(?:enter|type|provide|choose|select|pick|insert)\\b(?= )',
    '\\bbitte\\b',
    '\\bgeben sie\\b',
    '\\bveuillez\\b',
    '\\bsaisir\\b',
    '\\bsaisissez\\b',
    '\\bentrez\\b',
    '\\bintroduce\\b',
    '\\bintroduzca\\b',
    '\\bingrese\\b',
    '\\binserisci\\b',
    '\\bdigite\\b',
    '\\binforme\\b',
    '\\bvul\\b',
    // possessives
    '\\byour\\b',
    '\\bihre?\\b',
    '\\bihren\\b',
    '\\bdeine?\\b',
    '\\bvotre\\b',
    '\\bvos\\b',
    '\\bton\\b',
    '\\bta\\b',
    '\\btu\\b',
    '\\bsu\\b',
    '\\btuo\\b',
    '\\btua\\b',
    '\\bil tuo\\b',
    '\\bla tua\\b',
    '\\bseu\\b',
    '\\bsua\\b',
    '\\buw\\b',
    '\\bjouw\\b',
    '\\bje\\b',
    '\\bdit\\b',
    '\\bdin\\b',
    '\\bvash[ea]?\\b',
    'ваш[аеи]?',
    'ご',
    'お(?=[名電住])',
    '\\bhere\\b',
    '\\bhier\\b',
    '\\bici\\b',
    '\\baqui\\b',
    '\\bqui\\b',
  ].join('|'),
  'g',
);

/**
 * A label reduced to its core words: filler removed, punctuation gone. "Your name (required) *:"
 * -> "name". Used where a rule must match the whole label ("Name" alone vs "Company name").
 */
export function core(s: string): string {
  return norm(s)
    .replace(/[*:：﹡✱＊!?¿¡"“”«»‹›<>.,;|·•…→>\-–—_/\\#~^(){}[\]]+/g, ' ')
    .replace(FILLER, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Does this text look like an example value rather than a label? ("jane@example.com", "123 Main St") */
export const looksLikeValue = (s: string): boolean => /@|^\+?\d[\d\s().-]{5,}$|^https?:|^www\./.test(s.trim());
