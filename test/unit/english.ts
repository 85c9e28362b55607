/**
 * chrome.i18n.getMessage over the English messages, as the browser does it, for UI helpers that
 * word things through `t`: call `useEnglish()` inside a describe block (or at the top of a file).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

type Msg = { message: string; placeholders?: Record<string, { content: string }> };
/** The English messages.json, by key. */
export const messages = JSON.parse(
  readFileSync(join(resolve(import.meta.dirname, '../..'), 'public/_locales/en/messages.json'), 'utf8'),
) as Record<string, Msg>;

export function getMessage(key: string, subs?: string[]): string {
  const m = messages[key];
  if (!m) return '';
  return m.message.replace(/\$([A-Za-z_]+)\$/g, (_, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$([1-9])/g, (_m, n: string) => subs?.[Number(n) - 1] ?? '');
  });
}

export function useEnglish(): void {
  const g = globalThis as { chrome?: unknown };
  let saved: unknown;
  beforeAll(() => {
    saved = g.chrome;
    g.chrome = { i18n: { getMessage } };
  });
  afterAll(() => {
    g.chrome = saved;
  });
}
