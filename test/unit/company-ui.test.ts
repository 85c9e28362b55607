// Requests to any company, in the pages: what a typed site becomes, and which directory links open.
import { describe, expect, it } from 'vitest';
import { siteFromInput } from '../../src/options/AnySiteRequest';
import { safeWebform } from '../../src/ui/company-requests';

describe('requests to any company (src/options/AnySiteRequest.tsx, src/ui/company-requests.tsx)', () => {
  it('reads a typed site as an origin, and nothing else', () => {
    expect(siteFromInput('cdiscount.com')).toBe('https://cdiscount.com');
    expect(siteFromInput(' https://www.apple.com/legal/privacy ')).toBe('https://www.apple.com');
    expect(siteFromInput('http://shop.example:8080/x')).toBe('http://shop.example:8080');
    expect(siteFromInput('javascript://alert(1)')).toBeNull();
    expect(siteFromInput('ftp://files.example')).toBeNull();
    expect(siteFromInput('   ')).toBeNull();
  });

  it('opens only https web forms from the directory', () => {
    expect(safeWebform('https://www.cnil.fr/fr/plaintes')).toBe('https://www.cnil.fr/fr/plaintes');
    expect(safeWebform('http://insecure.example/form')).toBeNull();
    expect(safeWebform('javascript:alert(1)')).toBeNull();
    expect(safeWebform(undefined)).toBeNull();
  });
});
