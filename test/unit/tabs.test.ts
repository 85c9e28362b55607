/**
 * callFrame (src/background/tabs.ts) asks one frame's content script for its scan or fill through
 * chrome.scripting.executeScript. The answer comes from a document a hostile page controls: garbage,
 * nothing, an error or no answer at all must each come back as null (that frame is left out), and
 * only an answer that passes the schema is used.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callFrame, frameIds } from '../../src/background/tabs';
import { FillReply } from '../../src/shared/content-messages';

const executeScript = vi.fn();

beforeEach(() => {
  executeScript.mockReset();
  (globalThis as unknown as { chrome: unknown }).chrome = { scripting: { executeScript } };
});
afterEach(() => {
  vi.useRealTimers();
  delete (globalThis as unknown as { chrome?: unknown }).chrome;
});

const answer = (result: unknown) => executeScript.mockResolvedValueOnce([{ frameId: 3, result }]);
const good = {
  results: [
    { index: 0, status: 'filled' },
    { index: 1, status: 'skipped', reason: 'hidden' },
  ],
};

describe('callFrame', () => {
  it('returns a reply that passes the schema, asked of that one frame', async () => {
    const parsed = FillReply.safeParse(good);
    expect(parsed.success).toBe(true);
    answer(good);
    expect(await callFrame(7, 3, 'fill', [[]], FillReply)).toEqual(parsed.data);
    expect(executeScript.mock.calls[0]![0].target).toEqual({ tabId: 7, frameIds: [3] });
  });

  it('drops garbage, a missing answer and a frame without our content script', async () => {
    for (const result of [{ results: 'all of them' }, { results: [{ index: 0, status: 'stolen' }] }, 'ok', 42, [], null, undefined]) {
      answer(result);
      expect(await callFrame(7, 3, 'fill', [[]], FillReply), JSON.stringify(result)).toBeNull();
    }
    executeScript.mockResolvedValueOnce([]);
    expect(await callFrame(7, 3, 'scan', [], FillReply)).toBeNull();
  });

  it('drops a frame whose call fails (gone, navigated, not allowed)', async () => {
    executeScript.mockRejectedValueOnce(new Error('Frame with ID 3 was removed.'));
    expect(await callFrame(7, 3, 'scan', [], FillReply)).toBeNull();
  });

  it('gives up on a frame that never answers, after the timeout', async () => {
    vi.useFakeTimers();
    executeScript.mockReturnValueOnce(new Promise(() => undefined));
    const pending = callFrame(7, 3, 'scan', [], FillReply, 5000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toBeNull();
  });
});

describe('frameIds', () => {
  it('lists each frame once, in order', async () => {
    executeScript.mockResolvedValueOnce([
      { frameId: 4, result: 0 },
      { frameId: 0, result: 0 },
      { frameId: 4, result: 0 },
    ]);
    expect(await frameIds(7)).toEqual([0, 4]);
  });

  it('says the tab cannot be filled when scripts may not run there', async () => {
    executeScript.mockRejectedValueOnce(new Error('Cannot access contents of the page.'));
    await expect(frameIds(7)).rejects.toMatchObject({ code: 'errNotFillable' });
  });
});
