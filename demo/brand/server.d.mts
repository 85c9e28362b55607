// Types for demo/brand/server.mjs.
import type { Server } from 'node:http';
import type { Routes } from '../server.mjs';
import type { BrandHandle, BrandOptions } from './brand.mjs';

export interface CreateBrandOptions extends BrandOptions {
  /** 8790 by default; 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  /** One JSON line per request on stdout. */
  log?: boolean;
}

export interface RunningBrand {
  /** Origin without a trailing slash. */
  url: string;
  server: Server;
  routes: Routes;
  brand: BrandHandle;
  close(): Promise<void>;
}

export function createBrand(options: CreateBrandOptions): Promise<RunningBrand>;
