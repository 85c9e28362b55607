/** Public surface of the form stages available so far: collect (DOM) and classify (pure). */
export type * from './types';
export { collectFields, candidates, textOf } from './collect';
export type { CollectOptions, CollectedField } from './collect';
export { isVisible, visibilityFacts, visibleVerdict } from './visibility';
export { classifyField, classifyFields, parseAutocomplete, ROLE_INFO } from './classify';
export type { ParsedAutocomplete } from './classify';
