import { deciderSpecification, testContext } from '../shared';
import { BudgetPotEvent, budgetPotDecider, flexPotId, wijkPotId } from './budget-pot';

describe('budget pots: wijkgebonden budget and flex pot', () => {
  const pot = deciderSpecification(budgetPotDecider);
  const now = testContext().now;
  const flexFacts = { potId: 'flex-GM0796-2026', kind: 'flex' as const, gemeenteCode: 'GM0796', wijkCode: null, funder: 'gemeente_maatwerk' as const, year: 2026 };
  const wijkFacts = { potId: 'wijk-WK079601-wmo-2026', kind: 'wijk' as const, gemeenteCode: 'GM0796', wijkCode: 'WK079601', funder: 'wmo' as const, year: 2026 };
  const flexOpened: BudgetPotEvent = { type: 'BudgetPotOpened', schemaVersion: 1, occurredAt: now, data: { ...flexFacts, amountCents: 1_000_000 } };
  const wijkOpened: BudgetPotEvent = { type: 'BudgetPotOpened', schemaVersion: 1, occurredAt: now, data: { ...wijkFacts, amountCents: 500_000 } };
  const nsCard = { type: 'ReleaseForClient' as const, releaseId: 'ns-jaarkaart', clientId: 'c1', purpose: 'vervoer' as const, amountCents: 300_000 };

  it('names a pot by what it is for: wijk, funder and year, or the gemeente and year', () => {
    expect(wijkPotId('WK079601', 'wmo', 2026)).toBe('wijk-WK079601-wmo-2026');
    expect(flexPotId('GM0796', 2026)).toBe('flex-GM0796-2026');
  });

  it('opens a wijk pot within the gemeente, and a flex pot for the whole gemeente, once', () => {
    pot.given([]).when({ type: 'OpenBudgetPot', kind: 'wijk', gemeenteCode: 'GM0796', wijkCode: 'WK079601', funder: 'wmo', year: 2026, amountCents: 500_000 }).then([wijkOpened]);
    pot.given([]).when({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year: 2026, amountCents: 1_000_000 }).then([flexOpened]);
    pot.given([]).when({ type: 'OpenBudgetPot', kind: 'wijk', gemeenteCode: 'GM0796', wijkCode: 'WK047901', funder: 'wmo', year: 2026, amountCents: 1 }).thenThrows('wijk_not_in_gemeente', 'wijkCode');
    pot.given([]).when({ type: 'OpenBudgetPot', kind: 'wijk', gemeenteCode: 'GM0796', funder: 'wmo', year: 2026, amountCents: 1 }).thenThrows('wijk_required', 'wijkCode');
    pot.given([]).when({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: 'GM0796', funder: 'wmo', year: 2026, amountCents: 0 }).thenThrows('invalid_amount', 'amountCents');
    pot.given([flexOpened]).when({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: 'GM0796', funder: 'wmo', year: 2026, amountCents: 1 }).thenThrows('pot_exists', 'year');
  });

  it('tops up an open pot', () => {
    pot
      .given([flexOpened])
      .when({ type: 'TopUpBudgetPot', amountCents: 250_000 })
      .then([{ type: 'BudgetPotToppedUp', schemaVersion: 1, occurredAt: now, data: { ...flexFacts, amountCents: 250_000 } }]);
    pot.given([]).when({ type: 'TopUpBudgetPot', amountCents: 250_000 }).thenThrows('unknown_pot', 'potId');
  });

  it('pays wijk activities from a wijk pot, never below zero', () => {
    pot
      .given([wijkOpened])
      .when({ type: 'ReleaseForWijkActivity', releaseId: 'buurtplein-1', activity: 'buurtplein', amountCents: 120_000 })
      .then([{ type: 'BudgetPotReleased', schemaVersion: 1, occurredAt: now, data: { ...wijkFacts, releaseId: 'buurtplein-1', clientId: null, activity: 'buurtplein', purpose: null, amountCents: 120_000 } }]);
    pot.given([wijkOpened]).when({ type: 'ReleaseForWijkActivity', releaseId: 'x', activity: 'buurtplein', amountCents: 500_001 }).thenThrows('exceeds_pot', 'amountCents');
    pot.given([flexOpened]).when({ type: 'ReleaseForWijkActivity', releaseId: 'x', activity: 'buurtplein', amountCents: 1 }).thenThrows('not_a_wijk_pot', 'potId');
    pot
      .given([wijkOpened])
      .when({ type: 'ReleaseForWijkActivity', releaseId: 'x', activity: 'feest' as never, amountCents: 1 })
      .thenThrows('invalid_activity', 'activity');
  });

  it('pays a client release from the flex pot once per release, never below zero, and takes it back when the client release fails', () => {
    const released: BudgetPotEvent = { type: 'BudgetPotReleased', schemaVersion: 1, occurredAt: now, data: { ...flexFacts, releaseId: 'ns-jaarkaart', clientId: 'c1', activity: null, purpose: 'vervoer', amountCents: 300_000 } };
    pot.given([flexOpened]).when(nsCard).then([released]);
    pot.given([flexOpened, released]).when(nsCard).thenNothing();
    pot
      .given([flexOpened, released])
      .when({ ...nsCard, clientId: 'c2' })
      .thenThrows('duplicate_release', 'releaseId');
    pot
      .given([flexOpened])
      .when({ ...nsCard, amountCents: 1_000_001 })
      .thenThrows('exceeds_pot', 'amountCents');
    pot.given([wijkOpened]).when(nsCard).thenThrows('not_a_flex_pot', 'potId');
    const returned: BudgetPotEvent = { type: 'BudgetPotReleaseReturned', schemaVersion: 1, occurredAt: now, data: { ...flexFacts, releaseId: 'ns-jaarkaart', clientId: 'c1', amountCents: 300_000 } };
    pot.given([flexOpened, released]).when({ type: 'ReturnClientRelease', releaseId: 'ns-jaarkaart', clientId: 'c1' }).then([returned]);
    pot.given([flexOpened, released, returned]).when({ type: 'ReturnClientRelease', releaseId: 'ns-jaarkaart', clientId: 'c1' }).thenNothing();
    pot
      .given([flexOpened, released, returned])
      .when({ ...nsCard, amountCents: 1_000_000 })
      .thenThrows('duplicate_release', 'releaseId');
  });
});
