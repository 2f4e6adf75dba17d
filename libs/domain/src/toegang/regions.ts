/**
 * Who grants access for the clients of a gemeente: the centrumgemeente for Wmo beschermd wonen and the
 * zorgkantoor for the Wlz. These are national arrangements, not choices of a wijk: the 43 beschermd-wonen
 * regions (VNG/BZK regio-indeling) and the 31 zorgkantoor regions (the regional Wlz-uitvoerder) change
 * only by agreement between gemeenten or by the minister, so they are a rule table here rather than a
 * field each wijk registration would have to repeat (and could get wrong). A gemeente not in the table
 * cannot receive beschermd wonen or Wlz indicaties until it is added.
 */
export interface AccessRegion {
  /** The centrumgemeente for beschermd wonen (GM code). */
  centrumgemeente: string;
  /** The zorgkantoor (organisation code) that grants Wlz access for the region. */
  zorgkantoor: string;
}

export const ACCESS_REGIONS: Readonly<Record<string, AccessRegion>> = Object.freeze({
  GM0355: { centrumgemeente: 'GM0355', zorgkantoor: 'zk-zilveren-kruis' }, // Zeist
  GM0363: { centrumgemeente: 'GM0363', zorgkantoor: 'zk-zilveren-kruis' }, // Amsterdam
  GM0388: { centrumgemeente: 'GM0405', zorgkantoor: 'zk-vgz' }, // Enkhuizen (West-Friesland)
  GM0405: { centrumgemeente: 'GM0405', zorgkantoor: 'zk-vgz' }, // Hoorn (West-Friesland)
  GM0439: { centrumgemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis' }, // Purmerend (Zaanstreek-Waterland)
  GM0441: { centrumgemeente: 'GM0400', zorgkantoor: 'zk-vgz' }, // Schagen (Kop van Noord-Holland)
  GM0479: { centrumgemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis' }, // Zaanstad
  GM0758: { centrumgemeente: 'GM0758', zorgkantoor: 'zk-cz' }, // Breda
  GM0796: { centrumgemeente: 'GM0796', zorgkantoor: 'zk-vgz' }, // 's-Hertogenbosch
});

export const accessRegionOf = (gemeenteCode: string): AccessRegion | undefined => (Object.prototype.hasOwnProperty.call(ACCESS_REGIONS, gemeenteCode) ? ACCESS_REGIONS[gemeenteCode] : undefined);
