export * from './buurt-codes';
export * from './overlast';
export * from './buurtonderzoek';
export * from './buurtplein';
export * from './kern-visits';

import type { OverlastEvent } from './overlast';
import type { BuurtonderzoekEvent } from './buurtonderzoek';
import type { BuurtpleinEvent } from './buurtplein';
import type { KernVisitsEvent } from './kern-visits';
/** Every event of the neighbourhood capability. */
export type BuurtEvent = OverlastEvent | BuurtonderzoekEvent | BuurtpleinEvent | KernVisitsEvent;
