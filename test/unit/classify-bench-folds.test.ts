/**
 * The cross-fold split of `npm run bench:fields -- --folds N` (bench/fields/folds.mjs): every page of
 * one site lands in the same fold, whichever source it comes from and however its host is spelled,
 * so a rule written while looking at some folds is measured on sites it has never seen.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper of the bench, no types
import { foldOf, siteName, siteOf } from '../../bench/fields/folds.mjs';

const none = '/nonexistent-corpus';

describe('bench folds by site', () => {
  it('reduces a host to its registrable name without the suffix', () => {
    expect(siteName('forum.kanadam.com')).toBe('kanadam');
    expect(siteName('www.example.co.uk')).toBe('example');
    expect(siteName('account.asus.com')).toBe('asus');
    // no known suffix: the first label that is not a host-name convention
    expect(siteName('accounts.oneplus')).toBe('oneplus');
    expect(siteName('asana.board')).toBe('asana');
  });

  it('finds the site of a formasaurus page by its address, of a duckduckgo page by its file name', () => {
    const f = siteOf(none, { source: 'formasaurus', page: '1.html', labels: { url_or_site: 'http://shop.example.de/login' } });
    expect(f).toEqual({ site: 'example', from: 'url' });
    const d = siteOf(none, {
      source: 'duckduckgo',
      page: 'login_example_com_signup.html',
      labels: { url_or_site: 'Sign up', page_kind_from_filename: 'signup' },
    });
    expect(d).toEqual({ site: 'example', from: 'filename' });
    // a name that is only its kind is cut at its first separator
    expect(
      siteOf(none, {
        source: 'duckduckgo',
        page: 'example-mobile-payment-form.html',
        labels: { page_kind_from_filename: 'example-mobile-payment-form' },
      }).site,
    ).toBe('example');
  });

  it('puts one site in one fold, and spreads sites over every fold', () => {
    expect(foldOf('example', 5)).toBe(foldOf('example', 5));
    const folds = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'].map((s) => foldOf(`site-${s}`, 5)),
    );
    expect(folds.size).toBe(5);
  });
});
