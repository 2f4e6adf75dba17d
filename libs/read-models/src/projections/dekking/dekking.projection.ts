import { WooncirkelForm } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** One period (24-uurs zorg offered, or the kern closed): [from, until), until null while it lasts. */
export interface CoveragePeriod {
  from: string;
  until: string | null;
}

/** What a wooncirkel offers its area (organisation facts only, no client): its form, its kern, its 24-uurs zorg. */
export interface CoverageDoc extends Doc {
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  form: WooncirkelForm;
  registeredAt: string;
  kernOpensAt: string;
  kernClosesAt: string;
  dayAndNightCare: CoveragePeriod[];
  /** When the kern was closed. */
  kernClosures: CoveragePeriod[];
}

const key = (wooncirkelId: string): DocKey => ({ collection: 'wooncirkel', id: wooncirkelId });

/** Coverage (dekking): per wooncirkel its kern (and when it was closed) and when it offered 24-uurs zorg (docs/uitkomsten/dekking.md). */
export const dekkingProjection: Projection = {
  name: 'dekking',
  version: 1,
  indexes: { wooncirkel: ['wijkCode', 'gemeenteCode'] },
  handles: ['WooncirkelRegistered', 'DayAndNightCareOffered', 'DayAndNightCareWithdrawn', 'KernClosed', 'KernReopened'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    return type === 'WooncirkelRegistered' || type === 'DayAndNightCareOffered' || type === 'DayAndNightCareWithdrawn' || type === 'KernClosed' || type === 'KernReopened' ? [key(d.wooncirkelId)] : [];
  },

  apply(e: ProjectedEvent, ctx): void {
    const { type, data: d } = e;
    switch (type) {
      case 'WooncirkelRegistered':
        ctx.update<CoverageDoc>('wooncirkel', d.wooncirkelId, () => ({
          wooncirkelId: d.wooncirkelId,
          wijkCode: d.wijkCode,
          gemeenteCode: gemeenteOf(d.wijkCode),
          form: d.form,
          registeredAt: e.occurredAt,
          kernOpensAt: d.kern.opensAt,
          kernClosesAt: d.kern.closesAt,
          dayAndNightCare: [],
          kernClosures: [],
        }));
        return;
      case 'DayAndNightCareOffered':
        ctx.update<CoverageDoc>('wooncirkel', d.wooncirkelId, (w) => (w ? { ...w, dayAndNightCare: [...w.dayAndNightCare, { from: d.from, until: null }] } : null));
        return;
      case 'DayAndNightCareWithdrawn':
        ctx.update<CoverageDoc>('wooncirkel', d.wooncirkelId, (w) => (w ? { ...w, dayAndNightCare: w.dayAndNightCare.map((p) => (p.until === null ? { ...p, until: d.until } : p)) } : null));
        return;
      case 'KernClosed':
        ctx.update<CoverageDoc>('wooncirkel', d.wooncirkelId, (w) => (w ? { ...w, kernClosures: [...w.kernClosures, { from: d.from, until: null }] } : null));
        return;
      case 'KernReopened':
        ctx.update<CoverageDoc>('wooncirkel', d.wooncirkelId, (w) => (w ? { ...w, kernClosures: w.kernClosures.map((p) => (p.until === null ? { ...p, until: d.from } : p)) } : null));
        return;
    }
  },
};
