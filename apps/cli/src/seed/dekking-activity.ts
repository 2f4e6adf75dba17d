import { CareCommands } from '@wijkzorg/application';
import { Actor, DayAndNightCareWithdrawalReason, DomainError, KernClosureReason } from '@wijkzorg/domain';

export interface DekkingSeedContext {
  care: CareCommands;
  /** Runs `run` when the demo clock reaches `at` (ms); actions after the end of the demo are dropped. */
  schedule: (at: number, run: () => Promise<unknown>) => void;
  /** The kern_met_cirkel wooncirkels of every wijk, as the seed registered them (the first is `wc-<wijk>-1`). */
  wooncirkelsByWijk: Map<string, string[]>;
  refused: (code: string) => void;
}

type Step = { wijk: string; at: string; offer: true } | { wijk: string; at: string; withdraw: DayAndNightCareWithdrawalReason } | { wijk: string; at: string; closeKern: KernClosureReason; allCircles?: boolean } | { wijk: string; at: string; reopenKern: true };

/**
 * Coverage in the demo (Leviaan's ambition, source 000: "overal 24-uurs zorg en een kern" in Zaandam, Hoorn,
 * Enkhuizen and Purmerend), step by step: most gemeenten get 24-uurs zorg during 2025; Hoorn only in 2026;
 * Enkhuizen's team starts and stops again for lack of staff (no 24-uurs zorg at the end of 2025 nor now); Zeist
 * works from the wijk ("Meedoen in Zeist") and gives up its kern locations in the autumn of 2025 (no kern); an
 * Amsterdam kern closes for renovation and reopens.
 */
const STEPS: Step[] = [
  { wijk: 'WK047901', at: '2025-02-03T08:00:00Z', offer: true },
  { wijk: 'WK047902', at: '2025-03-10T08:00:00Z', offer: true },
  { wijk: 'WK047904', at: '2025-05-05T08:00:00Z', offer: true },
  { wijk: 'WK047908', at: '2025-09-01T08:00:00Z', offer: true },
  { wijk: 'WK043901', at: '2025-04-01T08:00:00Z', offer: true },
  { wijk: 'WK043906', at: '2025-08-15T08:00:00Z', offer: true },
  { wijk: 'WK040501', at: '2026-02-02T08:00:00Z', offer: true },
  { wijk: 'WK038801', at: '2025-03-03T08:00:00Z', offer: true },
  { wijk: 'WK038801', at: '2025-09-30T20:00:00Z', withdraw: 'personeelstekort' },
  { wijk: 'WK035501', at: '2025-05-12T08:00:00Z', offer: true },
  { wijk: 'WK035501', at: '2025-10-01T08:00:00Z', closeKern: 'locatie_vervallen', allCircles: true },
  { wijk: 'WK035503', at: '2025-10-01T08:00:00Z', closeKern: 'locatie_vervallen', allCircles: true },
  { wijk: 'WK035505', at: '2025-10-01T08:00:00Z', closeKern: 'locatie_vervallen', allCircles: true },
  { wijk: 'WK035507', at: '2025-10-01T08:00:00Z', closeKern: 'locatie_vervallen', allCircles: true },
  { wijk: 'WK0363TE', at: '2025-02-17T08:00:00Z', offer: true },
  { wijk: 'WK0363TJ', at: '2025-06-02T08:00:00Z', offer: true },
  { wijk: 'WK0363TJ', at: '2025-07-01T08:00:00Z', closeKern: 'verbouwing' },
  { wijk: 'WK0363TJ', at: '2025-10-13T08:00:00Z', reopenKern: true },
  { wijk: 'WK079605', at: '2025-03-03T08:00:00Z', offer: true },
  { wijk: 'WK079603', at: '2025-11-03T08:00:00Z', offer: true },
  { wijk: 'WK075803', at: '2025-06-16T08:00:00Z', offer: true },
];

const teamOf = (wooncirkelId: string): Actor => ({ role: 'zorgprofessional', id: `zp-${wooncirkelId}`, wooncirkels: [wooncirkelId] });

/** Schedules the coverage steps through the real command flow (a zorgprofessional of the wooncirkel's own team). */
export function seedDekkingActivity({ care, schedule, wooncirkelsByWijk, refused }: DekkingSeedContext): void {
  for (const step of STEPS) {
    const circles = wooncirkelsByWijk.get(step.wijk) ?? [];
    const targets = 'closeKern' in step && step.allCircles ? circles : circles.slice(0, 1);
    for (const wooncirkelId of targets) {
      const meta = { actor: teamOf(wooncirkelId), commandId: `seed-dekking-${wooncirkelId}-${step.at}` };
      const command =
        'offer' in step
          ? { type: 'OfferDayAndNightCare' as const, from: step.at }
          : 'withdraw' in step
            ? { type: 'WithdrawDayAndNightCare' as const, until: step.at, reason: step.withdraw }
            : 'closeKern' in step
              ? { type: 'CloseKern' as const, from: step.at, reason: step.closeKern }
              : { type: 'ReopenKern' as const, from: step.at };
      schedule(Date.parse(step.at), async () => {
        try {
          await care.changeDayAndNightCare(wooncirkelId, command, meta);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused(error.code);
        }
      });
    }
  }
}
