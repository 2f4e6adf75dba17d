import { Actor, rule, gemeenteCodeOfWijk } from '../shared';
import { ClientState, FORMER_FUNDERS, FUNDERS, Funder } from '../shared/client-state';
import { Wet, hasIndicatieInYear } from './toegang';
import { accessRegionOf } from './regions';

/** The law (and product) whose indicatie a funder pays for; gemeente_maatwerk and project pay without one. */
export const FUNDER_WET: Readonly<Record<Funder, { wet: Wet; product?: string } | null>> = {
  wmo: { wet: 'wmo' },
  wmo_beschermd_wonen: { wet: 'wmo', product: 'beschermd_wonen' },
  wlz: { wet: 'wlz' },
  zvw: { wet: 'zvw' },
  participatiewet: { wet: 'participatiewet' },
  forensische_zorg: { wet: 'forensisch' },
  gemeente_maatwerk: null,
  project: null,
};

/** Who allocates a funder's money for a client: the role and the organisation it must speak for. */
export function funderAuthority(funder: Funder, state: ClientState): { role: Actor['role']; organisation?: string } {
  const gemeente = gemeenteCodeOfWijk(state.placement!.wijkCode);
  const region = accessRegionOf(gemeente);
  switch (funder) {
    case 'wmo':
    case 'participatiewet':
    case 'gemeente_maatwerk':
    case 'project':
      return { role: 'gemeente', organisation: gemeente };
    case 'wmo_beschermd_wonen':
      return { role: 'gemeente', organisation: region?.centrumgemeente };
    case 'wlz':
    // The zorgkantoor is the regional office of the dominant insurer: it allocates Zvw money for the insurer too.
    // eslint-disable-next-line no-fallthrough -- same authority
    case 'zvw':
      return { role: 'zorgkantoor', organisation: region?.zorgkantoor };
    case 'forensische_zorg':
      // Purchased nationally by DJI (Justitie), which has no role here yet: recorded by an admin on its behalf.
      return { role: 'admin' };
  }
}

export function assertCurrentFunder(funder: string): asserts funder is Funder {
  rule(!FORMER_FUNDERS.includes(funder as never), 'former_funder', `funder ${funder} no longer pays for care; use one of ${FUNDERS.join(', ')}`, 'funder');
  rule(FUNDERS.includes(funder as Funder), 'invalid_funder', `funder must be one of ${FUNDERS.join(', ')}`, 'funder');
}

/** Only the funder allocates its money: the right role speaking for the right organisation. */
export function assertMayAllocate(funder: Funder, state: ClientState, actor: Actor): void {
  const authority = funderAuthority(funder, state);
  const who = authority.organisation ? `${authority.role} ${authority.organisation}` : authority.role;
  rule(actor.role === authority.role && (!authority.organisation || actor.organisation === authority.organisation), 'not_the_funder', `${funder} budget for this client is allocated by ${who}`, 'funder');
}

/** A funder of a law pays only for a client with an indicatie of that law valid in that year. */
export function assertFundedByIndicatie(funder: Funder, state: ClientState, year: number): void {
  const needed = FUNDER_WET[funder];
  if (!needed) return;
  rule(hasIndicatieInYear(state, needed.wet, year, needed.product), 'indicatie_required', `${funder} money in ${year} needs a ${needed.wet}${needed.product ? ` ${needed.product}` : ''} indicatie valid in ${year}`, 'funder');
}
