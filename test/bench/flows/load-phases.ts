import type { ContractPoster } from '../../chaos/support/api-contracts.ts';

// Offers executed contracts at a fixed rate, one every 1/perSecond seconds whatever the responses:
// an open loop, so a slow system does not lower the offered rate. Returns the acceptance time
// (epoch ms) by contract id. Saturation uses postInParallel from the chaos support instead.

export async function postAtRate(poster: ContractPoster, count: number, perSecond: number): Promise<Map<string, number>> {
  const accepted = new Map<string, number>();
  const begin = Date.now();
  const posts: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const due = begin + (index * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    posts.push(poster.post().then((id) => void accepted.set(id, Date.now())));
  }
  await Promise.all(posts);
  return accepted;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
