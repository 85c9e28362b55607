// What the reference brand takes from the extension's own code (loaded by ./extension.mjs): the
// proffer's schema, the string the site signs, the roster, and the check of the person's signature.
export { profferSignatureValid, revocationProblem } from '../../src/protocol/myterms';
export { AgreementProffer, AgreementRevocation, canonicalDecision, ROSTER } from '../../src/shared/myterms';
