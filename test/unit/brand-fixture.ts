/**
 * The reference brand (demo/brand) for the unit tests that talk to it over real HTTP: brands on
 * port 0, each on a fresh temporary data directory unless told otherwise. Call `brandFixture()` once
 * at the top of a test file: every brand it started is closed after each test, and every directory
 * it made is deleted after the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { createBrand, type RunningBrand } from '../../demo/brand/server.mjs';

export interface BrandFixture {
  /** The data directories made so far, oldest first. */
  dirs: string[];
  /** The brands still running, oldest first. */
  running: RunningBrand[];
  /** A new empty data directory, deleted after the file. */
  freshDir(): string;
  /** Start a brand ("Acme Supplies" on port 0 and a fresh directory unless `options` say otherwise). */
  start(options?: Partial<Parameters<typeof createBrand>[0]>): Promise<RunningBrand>;
  /** Close every running brand, newest first. */
  stopAll(): Promise<void>;
}

export function brandFixture(dirPrefix: string): BrandFixture {
  const dirs: string[] = [];
  const running: RunningBrand[] = [];
  const freshDir = () => {
    const d = mkdtempSync(join(tmpdir(), dirPrefix));
    dirs.push(d);
    return d;
  };
  async function start(options: Partial<Parameters<typeof createBrand>[0]> = {}): Promise<RunningBrand> {
    const b = await createBrand({ name: 'Acme Supplies', dataDir: options.dataDir ?? freshDir(), port: 0, ...options });
    running.push(b);
    return b;
  }
  async function stopAll() {
    while (running.length) await running.pop()!.close();
  }
  afterEach(stopAll);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return { dirs, running, freshDir, start, stopAll };
}
