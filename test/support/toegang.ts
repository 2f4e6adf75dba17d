import { ACCESS_REGIONS } from '@wijkzorg/domain';
import { TestApp } from './test-app';

/** The gemeente (GM code) a wijk lies in. */
export const gemeenteOfWijk = (wijkCode: string) => `GM${wijkCode.slice(2, 6)}`;
/** The centrumgemeente for beschermd wonen of a wijk's gemeente. */
export const centrumgemeenteOfWijk = (wijkCode: string) => ACCESS_REGIONS[gemeenteOfWijk(wijkCode)].centrumgemeente;

/** A consulent of the gemeente of this wijk: it grants Wmo begeleiding and allocates Wmo money for its clients. */
export const gemeenteFor = (t: TestApp, wijkCode: string) => t.as('gemeente', `consulent-${gemeenteOfWijk(wijkCode)}`, undefined, gemeenteOfWijk(wijkCode));
/** A consulent of the centrumgemeente of this wijk's region (beschermd wonen). */
export const centrumgemeenteFor = (t: TestApp, wijkCode: string) => t.as('gemeente', `consulent-${centrumgemeenteOfWijk(wijkCode)}`, undefined, centrumgemeenteOfWijk(wijkCode));

/**
 * Legal access for a test client, as the competent issuer gives it over HTTP: by default a Wmo beschikking
 * beschermd wonen of the centrumgemeente covering intensief ambulant and 24-uurs care, valid 2020–2030 (so
 * care steps above licht ambulant and Wmo allocations in those years are allowed); `begeleiding` gives the
 * gemeente's Wmo begeleiding individueel (intensief ambulant only).
 */
export async function grantIndicatie(t: TestApp, clientId: string, wijkCode: string, options: { indicatieId?: string; kind?: 'beschermd_wonen' | 'begeleiding'; validFrom?: string; validUntil?: string; prefix?: string } = {}) {
  const { indicatieId = `ind-${clientId}`, kind = 'beschermd_wonen', validFrom = '2020-01-01', validUntil = '2030-12-31', prefix = '' } = options;
  const bw = kind === 'beschermd_wonen';
  const issuer = bw ? centrumgemeenteFor(t, wijkCode) : gemeenteFor(t, wijkCode);
  const body = {
    indicatieId,
    wet: 'wmo',
    product: bw ? 'beschermd_wonen' : 'begeleiding_individueel',
    validFrom,
    validUntil,
    volume: bw ? { unit: 'etmaal_per_week', amount: 7 } : { unit: 'uur_per_week', amount: 6 },
    covers: bw ? ['intensief_ambulant', 'zorg_24uur'] : ['licht_ambulant', 'intensief_ambulant'],
  };
  const res = await issuer.post(`${prefix}/clients/${clientId}/indicaties`, body);
  if (res.status !== 201) throw new Error(`grantIndicatie ${clientId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
