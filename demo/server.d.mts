// Types for demo/server.mjs, so TypeScript tests can import it under `strict` without allowJs.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BrandHandle, BrandOptions } from './brand/brand.mjs';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: { url: URL }) => void | Promise<void>;
/** Keyed "METHOD /path", e.g. "GET /.well-known/vrm.json". */
export type Routes = Map<string, RouteHandler>;

export interface DemoServer {
  server: Server;
  /** Origin without a trailing slash, e.g. http://127.0.0.1:8787 */
  url: string;
  routes: Routes;
  /** The reference brand, when the server was created with `brand`. */
  brand?: BrandHandle;
  close(): Promise<void>;
}
export interface DemoServerOptions {
  /** 8787 by default; 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  routes?: Routes;
  /** One JSON line per request on stdout; DEMO_LOG=1 by default. */
  log?: boolean;
  /** Also act as a reference brand (demo/brand). */
  brand?: BrandOptions;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>>;
export function createDemoServer(options?: DemoServerOptions): Promise<DemoServer>;
export function createRoutes(): Routes;
export function esc(value: unknown): string;
export function send(res: ServerResponse, status: number, body: string, type?: string): void;
export function sendJson(res: ServerResponse, status: number, value: unknown): void;
export function readBody(req: IncomingMessage, limit?: number): Promise<Buffer>;
export function readForm(req: IncomingMessage): Promise<URLSearchParams>;
export function renderPage(title: string, main: string): string;
