import { ClientEvent, NetworkEvent } from '@wijkzorg/domain';
import { RecordedEvent } from '@wijkzorg/event-store';

/** A client's network as a person-level reader sees it: members with name and contact (sealed fields opened), their support, the referrals. */
export interface NetworkView {
  clientId: string;
  /** Whether the network carries care now (some informal support is active). */
  carries: boolean;
  weeklyInformalHours: number;
  members: { memberId: string; relation: string; name: unknown; contact: unknown; since: string; leftAt: string | null; leaveReason: string | null }[];
  supports: { supportId: string; memberId: string; kind: string; hoursPerWeek: number; note: string | null; since: string; endedAt: string | null; endReason: string | null }[];
  referrals: { referralId: string; outcome: 'made' | 'avoided'; care: string; referredTo: string | null; solution: string | null; supportId: string | null; memberId: string | null; note: string | null; at: string }[];
}

const NETWORK_TYPES = new Set<string>(['NetworkMemberAdded', 'NetworkMemberLeft', 'InformalSupportStarted', 'InformalSupportEnded', 'ReferralMade', 'ReferralAvoided']);

/** Folds the (upcast, revealed) events of one client stream into its network view. */
export function networkViewOf(clientId: string, recorded: RecordedEvent[]): NetworkView {
  const view: NetworkView = { clientId, carries: false, weeklyInformalHours: 0, members: [], supports: [], referrals: [] };
  for (const raw of recorded) {
    if (!NETWORK_TYPES.has(raw.type)) continue;
    const e = { type: raw.type, data: raw.data } as NetworkEvent & ClientEvent;
    const at = raw.occurredAt;
    switch (e.type) {
      case 'NetworkMemberAdded': {
        // After erasure the sealed object reads as one marker: name and contact both show it.
        const personal = e.data.personal as unknown;
        const opened = typeof personal === 'object' && personal !== null ? (personal as { name?: unknown; contact?: unknown }) : { name: personal, contact: personal };
        view.members.push({ memberId: e.data.memberId, relation: e.data.relation, name: opened.name ?? null, contact: opened.contact ?? null, since: at, leftAt: null, leaveReason: null });
        break;
      }
      case 'NetworkMemberLeft': {
        const member = view.members.find((m) => m.memberId === e.data.memberId);
        if (member) Object.assign(member, { leftAt: at, leaveReason: e.data.reason });
        break;
      }
      case 'InformalSupportStarted':
        view.supports.push({ supportId: e.data.supportId, memberId: e.data.memberId, kind: e.data.kind, hoursPerWeek: e.data.hoursPerWeek, note: e.data.note, since: at, endedAt: null, endReason: null });
        break;
      case 'InformalSupportEnded': {
        const support = view.supports.find((s) => s.supportId === e.data.supportId);
        if (support) Object.assign(support, { endedAt: at, endReason: e.data.reason });
        break;
      }
      case 'ReferralMade':
        view.referrals.push({ referralId: e.data.referralId, outcome: 'made', care: e.data.care, referredTo: e.data.referredTo, solution: null, supportId: null, memberId: null, note: null, at });
        break;
      case 'ReferralAvoided':
        view.referrals.push({ referralId: e.data.referralId, outcome: 'avoided', care: e.data.care, referredTo: null, solution: e.data.solution, supportId: e.data.supportId, memberId: e.data.memberId, note: e.data.note, at });
        break;
    }
  }
  const active = view.supports.filter((s) => s.endedAt === null);
  view.carries = active.length > 0;
  view.weeklyInformalHours = active.reduce((sum, s) => sum + s.hoursPerWeek, 0);
  return view;
}
