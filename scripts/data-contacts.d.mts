export const ROOT: string;
export const OUT: string;
export const DEFAULT_DIR: string;
export const FORMAT: number;
export function compact(dir?: string): {
  data: { format: number; license: string; companies: unknown[]; authorities: unknown[]; domains: Record<string, number[]> };
  skipped: { kind: string; slug: string; reason: string }[];
};
export function serialize(data: ReturnType<typeof compact>['data']): string;
