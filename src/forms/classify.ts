import type { Classification, FieldFacts } from './types';
export function parseAutocomplete(_a: string): null { return null; }
export function classifyField(_f: FieldFacts): Classification { return { token: 'UNKNOWN', role: null, fillable: false, score: 0, source: '' }; }
export function classifyFields(fs: FieldFacts[]): Classification[] { return fs.map(classifyField); }
