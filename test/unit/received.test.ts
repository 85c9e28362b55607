/**
 * A data-rights request names only what the site's own origin received (issue 12): never a value
 * that a cross-origin frame on its pages (a payment provider) was given.
 */
import { describe, expect, it } from 'vitest';
import { identifiersReceivedBy } from '../../src/shared/received';
import type { Share } from '../../src/shared/records';

const site = 'https://shop.example';
const share = (over: Partial<Share>): Share => ({ id: crypto.randomUUID(), site, channel: 'form', fields: [], at: 1, ...over });

describe('identifiersReceivedBy', () => {
  it('takes the newest value of each wanted token the site received', () => {
    const shares = [
      share({ at: 1, fields: [{ token: 'email', value: 'old@example.org' }] }),
      share({
        at: 2,
        fields: [
          { token: 'email', value: 'new@example.org', label: 'Email' },
          { token: 'tel', value: '+49 30 1' },
        ],
      }),
    ];
    expect(identifiersReceivedBy(shares, site, ['email'])).toEqual([{ token: 'email', value: 'new@example.org', label: 'Email' }]);
  });

  it('leaves out values that a cross-origin frame received', () => {
    const shares = [
      share({
        frameOrigin: 'https://pay.example',
        fields: [
          { token: 'email', value: 'ada@example.org' },
          { token: 'tel', value: '+49 30 2', origin: 'https://pay.example' },
          { token: 'name', value: 'Ada L', origin: 'https://pay.example' },
        ],
      }),
    ];
    expect(identifiersReceivedBy(shares, site, ['email', 'tel', 'name']).map((i) => i.token)).toEqual(['email']);
  });

  it('takes nothing from an older entry that cannot tell its frames apart', () => {
    const old = share({ frameOrigin: 'https://pay.example', fields: [{ token: 'email', value: 'ada@example.org' }] });
    expect(identifiersReceivedBy([old], site, ['email'])).toEqual([]);
    // An intent share names the brand itself as its frame origin: that is the site.
    const intent = share({ channel: 'intent', frameOrigin: site, fields: [{ token: 'email', value: 'ada@example.org' }] });
    expect(identifiersReceivedBy([intent], site, ['email'])).toHaveLength(1);
  });

  it('ignores entries of another site and empty values', () => {
    const shares = [
      share({ site: 'https://other.example', fields: [{ token: 'email', value: 'x@example.org' }] }),
      share({ fields: [{ token: 'email', value: '' }] }),
    ];
    expect(identifiersReceivedBy(shares, site, ['email'])).toEqual([]);
  });
});
