/** Which tab the popup fills (?tab=ID, else the active tab unless that is the popup itself), and whose forms/changed it hears. */
import { describe, expect, it } from 'vitest';
import { isFormsChangedFor, parseTabParam, pickTarget } from '../../src/popup/target-tab';

const BASE = 'chrome-extension://abcdefghijklmnop/';

describe('parseTabParam', () => {
  it('reads a plain non-negative integer', () => {
    expect(parseTabParam('?tab=42')).toEqual({ tabId: 42 });
    expect(parseTabParam('?tab=0')).toEqual({ tabId: 0 });
    expect(parseTabParam('?x=1&tab=7')).toEqual({ tabId: 7 });
  });
  it('says absent without a tab parameter', () => {
    expect(parseTabParam('')).toBe('absent');
    expect(parseTabParam('?')).toBe('absent');
    expect(parseTabParam('?tabs=3')).toBe('absent');
  });
  it('refuses anything else', () => {
    for (const bad of [
      '?tab=',
      '?tab=-1',
      '?tab=1.5',
      '?tab=1e3',
      '?tab=abc',
      '?tab=0x10',
      '?tab=12abc',
      '?tab=1&tab=2',
      '?tab=9999999999999999',
    ])
      expect(parseTabParam(bad), bad).toBe('invalid');
  });
});

describe('pickTarget', () => {
  it('takes ?tab=ID over the active tab', () => {
    expect(pickTarget({ param: { tabId: 5 }, active: { id: 9 }, extensionBase: BASE })).toEqual({ kind: 'tab', tabId: 5 });
  });
  it('has nothing to fill for a malformed ?tab=', () => {
    expect(pickTarget({ param: 'invalid', active: { id: 9 }, extensionBase: BASE })).toEqual({ kind: 'none' });
  });
  it('takes the active tab of the window', () => {
    expect(pickTarget({ param: 'absent', active: { id: 9, url: 'https://shop.example/signup' }, extensionBase: BASE })).toEqual({
      kind: 'tab',
      tabId: 9,
    });
    expect(pickTarget({ param: 'absent', active: { id: 9 }, extensionBase: BASE })).toEqual({ kind: 'tab', tabId: 9 });
  });
  it('does not scan itself when opened as a tab', () => {
    expect(pickTarget({ param: 'absent', active: { id: 9 }, currentTabId: 9, extensionBase: BASE })).toEqual({ kind: 'self' });
    expect(pickTarget({ param: 'absent', active: { id: 3, url: `${BASE}src/popup/index.html` }, extensionBase: BASE })).toEqual({
      kind: 'self',
    });
  });
  it('has nothing to fill without an active tab', () => {
    expect(pickTarget({ param: 'absent', extensionBase: BASE })).toEqual({ kind: 'none' });
    expect(pickTarget({ param: 'absent', active: {}, extensionBase: BASE })).toEqual({ kind: 'none' });
    expect(pickTarget({ param: 'absent', active: { id: -1 }, extensionBase: BASE })).toEqual({ kind: 'none' });
  });
});

describe('isFormsChangedFor', () => {
  const own = { runtimeId: 'abcdefghijklmnop', extensionBase: BASE };
  const background = { id: own.runtimeId, url: `${BASE}service-worker-loader.js` };
  const event = { type: 'forms/changed', tabId: 7 };
  it('accepts the background telling about the target tab', () => {
    expect(isFormsChangedFor(event, background, own, 7)).toBe(true);
    expect(isFormsChangedFor(event, { id: own.runtimeId }, own, 7)).toBe(true);
  });
  it('ignores other tabs and other messages', () => {
    expect(isFormsChangedFor(event, background, own, 8)).toBe(false);
    expect(isFormsChangedFor({ type: 'forms/changed', tabId: '7' }, background, own, 7)).toBe(false);
    expect(isFormsChangedFor({ type: 'vault/status' }, background, own, 7)).toBe(false);
    expect(isFormsChangedFor(null, background, own, 7)).toBe(false);
  });
  it('ignores other extensions, content scripts (they have a tab) and foreign URLs', () => {
    expect(isFormsChangedFor(event, { ...background, id: 'other' }, own, 7)).toBe(false);
    expect(isFormsChangedFor(event, { ...background, tab: { id: 7 } }, own, 7)).toBe(false);
    expect(isFormsChangedFor(event, { id: own.runtimeId, url: 'https://evil.example/' }, own, 7)).toBe(false);
    expect(isFormsChangedFor(event, { id: '' }, { ...own, runtimeId: '' }, 7)).toBe(false);
  });
});
