import { randomUUID } from 'node:crypto';
import { EventToAppend } from '@wijkzorg/event-store';

/** A realistic-size event for throughput figures (a budget release, ~400 bytes of JSON). */
export function syntheticEvent(i: number): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'BudgetReleased',
    schemaVersion: 1,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    data: { clientId: `cl-${i % 10_000}`, releaseId: `r-${i}`, year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 10_000 + (i % 997), approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false, justification: null, wijkCode: 'WK047901' },
    metadata: { actor: { role: 'zorgprofessional', id: 'zp-bench' }, correlationId: randomUUID(), causationId: null, commandId: null },
  };
}
