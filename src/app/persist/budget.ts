// How much of the browser's storage the saved fits may take, and the message when a fit does not
// fit. The budget is min(500 MB, 60% of the origin's quota as navigator.storage.estimate() gives
// it): browsers evict or refuse an origin near its quota, and a tab holding 500 MB of draws to
// save is already near what a tab can hold.
//
// For tests (and anyone who wants a smaller one), the budget can be set in bytes with the URL
// parameter `?storageBudget=BYTES` or the localStorage key `mlstudio.storageBudget`; the URL wins.

export const DEFAULT_BUDGET = 500 * 2 ** 20;
export const QUOTA_SHARE = 0.6;
export const BUDGET_PARAM = 'storageBudget';
export const BUDGET_KEY = 'mlstudio.storageBudget';

export interface BudgetEnvironment {
  search?: string;
  local?: { getItem(key: string): string | null } | null;
  estimate?: (() => Promise<{ quota?: number }>) | null;
}

function override(env: BudgetEnvironment): number | null {
  const fromUrl = env.search ? new URLSearchParams(env.search).get(BUDGET_PARAM) : null;
  let fromStorage: string | null = null;
  try { fromStorage = env.local?.getItem(BUDGET_KEY) ?? null; } catch { /* storage blocked */ }
  for (const v of [fromUrl, fromStorage]) {
    if (v === null || v.trim() === '') continue;
    const n = Number(v);
    if (Number.isFinite(n) && n >= 0) return Math.floor(n);
  }
  return null;
}

/** The page's environment, as far as it has one. */
export function browserEnvironment(): BudgetEnvironment {
  const g = globalThis as { location?: { search: string }; localStorage?: Storage; navigator?: { storage?: { estimate?: () => Promise<{ quota?: number }> } } };
  const storage = g.navigator?.storage;
  return {
    search: g.location?.search ?? '',
    local: (() => { try { return g.localStorage ?? null; } catch { return null; } })(),
    estimate: storage?.estimate ? () => storage.estimate!() : null,
  };
}

/** Bytes the saved fits may take in all. */
export async function storageBudget(env: BudgetEnvironment = browserEnvironment()): Promise<number> {
  const o = override(env);
  if (o !== null) return o;
  try {
    const quota = (await env.estimate?.())?.quota;
    if (quota && Number.isFinite(quota) && quota > 0) return Math.min(DEFAULT_BUDGET, Math.floor(QUOTA_SHARE * quota));
  } catch { /* no estimate: the default */ }
  return DEFAULT_BUDGET;
}

/** "812 MB", "48 KB", "3 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 2 ** 20) return `${Math.round(n / 1024)} KB`;
  if (n < 2 ** 30) return `${(n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0)} MB`;
  return `${(n / 2 ** 30).toFixed(1)} GB`;
}

const quote = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}...` : s}"`;

/** Why a fit was not kept in the browser, and what to do. */
export function tooBigMessage(a: { name: string; bytes: number; budget: number; used: number; others: number }): string {
  const inUse = a.others > 0 ? ` (${formatBytes(a.used)} already used by ${a.others} saved fit${a.others === 1 ? '' : 's'})` : '';
  const what = a.bytes > a.budget ? 'It is larger than the whole space, so deleting other fits will not help: save a session file to keep it'
    : 'Delete older fits from the model list to make room, or save a session file to keep it';
  return `The fit ${quote(a.name)} was not kept in this browser for your next visit: it takes ${formatBytes(a.bytes)} and the space for saved fits is ${formatBytes(a.budget)}${inUse}. ${what} ("Save session"). It stays open in this page.`;
}

/** A write the browser refused (its quota, private mode, a full disk). */
export function writeFailedMessage(name: string, bytes: number, reason: string): string {
  return `The fit ${quote(name)} (${formatBytes(bytes)}) could not be kept in this browser for your next visit: the browser refused to store it (${reason.slice(0, 80)}). Nothing of it was stored. Delete older fits from the model list, or save a session file ("Save session"). It stays open in this page.`;
}
