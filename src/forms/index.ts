/** Public surface of the form stages available so far: collect (DOM) and classify (pure). */

export type { ParsedAutocomplete } from './classify';
export { classifyField, classifyFields, parseAutocomplete, ROLE_INFO } from './classify';
export type { CollectedField, CollectOptions } from './collect';
export { candidates, collectFields, textOf } from './collect';
export type * from './types';
export { isVisible, visibilityFacts, visibleVerdict } from './visibility';
