import { Actor } from '@wijkzorg/domain';
import { SECRET, SMALL, Protected } from './disclosure';

/**
 * Aggregate routes are protected for every reader except the auditor: an auditor may read every person-level
 * record anyway (and each such read is logged), so exact area figures tell an auditor nothing new. Zorgprofessionals
 * (scoped to their own wooncirkels), admins and beleidsmakers get protected figures.
 */
export const readsExactFigures = (actor: Actor | undefined) => actor?.role === 'auditor';

/** In a group of fewer than five, even a zero in the breakdown says something about everyone in it (all of them are X). */
export function hideBreakdownOfSmallGroup(total: Protected, breakdown: Record<string, Protected>): Record<string, Protected> {
  if (total !== SMALL && total !== SECRET) return breakdown;
  return Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, v === 0 ? SECRET : v]));
}

/** Sorts by published values (hidden ones last, as if unknown), so the order reveals nothing the figures do not. */
export function pageOfPublished<T extends Record<string, unknown>>(items: T[], sort: string, direction: 'asc' | 'desc', limit = 50, offset = 0) {
  const rank = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v !== SMALL && v !== SECRET ? v : null);
  const sorted = [...items].sort((a, b) => {
    const x = rank(a[sort]);
    const y = rank(b[sort]);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return direction === 'desc' ? -order : order;
  });
  return { items: sorted.slice(offset, offset + limit), total: items.length, limit, offset };
}
