/** Small UI rules: recovery codes typed back, why a new passphrase is refused, auto-lock input. */
import { describe, expect, it } from 'vitest';
import { parseAutoLock } from '../../src/options/autolock';
import { newPassphraseProblem } from '../../src/ui/passphrase';
import { normalizeRecoveryCode, sameRecoveryCode } from '../../src/ui/recovery-code';

describe('recovery codes', () => {
  it('ignores case, spaces and dashes', () => {
    expect(sameRecoveryCode(' k7qf 2mxd–9twb\thv3p ', 'K7QF-2MXD-9TWB-HV3P')).toBe(true);
    expect(normalizeRecoveryCode('ab-cd ef')).toBe('ABCDEF');
  });
  it('reads O as 0 and I or L as 1, like the vault (Crockford base32)', () => {
    expect(sameRecoveryCode('o1il-2222', '0111-2222')).toBe(true);
  });
  it('refuses a different or empty code', () => {
    expect(sameRecoveryCode('K7QF-2MXD-9TWB-HV3Q', 'K7QF-2MXD-9TWB-HV3P')).toBe(false);
    expect(sameRecoveryCode(' - ', '')).toBe(false);
  });
});

describe('newPassphraseProblem', () => {
  const strong = { ok: true };
  it('explains, in order: empty, weak, unconfirmed, mismatched', () => {
    expect(newPassphraseProblem('', '', null)).toBe('passProblemEmpty');
    expect(newPassphraseProblem('abc', 'abc', { ok: false })).toBe('passProblemWeak');
    expect(newPassphraseProblem('lantern mosaic tidal orchard', '', strong)).toBe('passProblemConfirm');
    expect(newPassphraseProblem('lantern mosaic tidal orchard', 'lantern', strong)).toBe('passProblemMismatch');
    expect(newPassphraseProblem('lantern mosaic tidal orchard', 'lantern mosaic tidal orchard', strong)).toBeNull();
  });
});

describe('parseAutoLock', () => {
  it('takes whole minutes from 1 to 1440', () => {
    expect(parseAutoLock('15')).toBe(15);
    expect(parseAutoLock(' 1440 ')).toBe(1440);
    for (const bad of ['0', '1441', '1.5', '-3', '', 'ten']) expect(parseAutoLock(bad), bad).toBeNull();
  });
});
