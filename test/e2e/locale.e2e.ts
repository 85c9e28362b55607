/** The UI follows the browser's language: German, French and Spanish browsers get their own text. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Launched, launch, openExtensionPage } from './harness';

let l: Launched | null = null;
afterEach(async () => {
  await l?.dispose();
  l = null;
});

describe('languages', () => {
  it.each([
    ['de', 'Tresor erstellen'],
    ['fr', null],
    ['es', null],
  ])('a %s browser shows the popup in its language', async (lang, expected) => {
    l = await launch({ args: [`--lang=${lang}`] });
    const page = await openExtensionPage(l, 'popup');
    const messages = (await import(`../../public/_locales/${lang}/messages.json`, { with: { type: 'json' } })).default as Record<
      string,
      { message: string }
    >;
    const name = expected ?? messages.buttonCreateVault!.message;
    await page.getByRole('button', { name, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${lang}`));
  });
});
