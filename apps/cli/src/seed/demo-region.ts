/**
 * The demo region: real gemeenten with their CBS codes, wijken of each, and the organisations that
 * work there (codes, never names of persons): housing corporations, care providers, the welfare
 * organisation, the centrumgemeente for beschermd wonen and the zorgkantoor for the Wlz.
 */
export interface DemoGemeente {
  gemeenteCode: string;
  gemeenteName: string;
  wijken: { wijkCode: string; wijkName: string }[];
  /** Housing corporations that own homes here. */
  corporations: string[];
  /** Care providers with teams here. */
  providers: string[];
  /** The welfare organisation (welzijn) of the gemeente. */
  welzijn: string;
  /** The gemeente that grants Wmo beschermd wonen for this region. */
  centrumgemeente: string;
  /** The zorgkantoor that grants Wlz indicaties for this region. */
  zorgkantoor: string;
}

const gemeente = (code: string, name: string, wijken: [string, string][], organisations: Omit<DemoGemeente, 'gemeenteCode' | 'gemeenteName' | 'wijken'>): DemoGemeente => ({
  gemeenteCode: `GM${code}`,
  gemeenteName: name,
  wijken: wijken.map(([suffix, wijkName]) => ({ wijkCode: `WK${code}${suffix}`, wijkName })),
  ...organisations,
});

export const DEMO_REGION: DemoGemeente[] = [
  gemeente(
    '0479',
    'Zaanstad',
    [
      ['01', 'Zaandam-Zuid'],
      ['02', 'Zaandam-Oost'],
      ['03', 'Zaandam-West'],
      ['04', 'Zaandam-Noord'],
      ['06', 'Koog aan de Zaan'],
      ['08', 'Wormerveer'],
    ],
    { corporations: ['parteon', 'zvh'], providers: ['prov-leviaan', 'prov-odion'], welzijn: 'welzijn-zaanstad', centrumgemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis' },
  ),
  gemeente(
    '0439',
    'Purmerend',
    [
      ['01', 'Centrum'],
      ['03', 'Overwhere'],
      ['04', 'Wheermolen'],
      ['06', 'Weidevenne'],
    ],
    { corporations: ['wooncompagnie', 'intermaris'], providers: ['prov-leviaan', 'prov-odion'], welzijn: 'clup-welzijn', centrumgemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis' },
  ),
  gemeente(
    '0405',
    'Hoorn',
    [
      ['01', 'Binnenstad'],
      ['03', 'Grote Waal'],
      ['04', 'Kersenboogerd'],
      ['05', 'Risdam'],
    ],
    { corporations: ['intermaris', 'wooncompagnie'], providers: ['prov-leviaan', 'prov-ggz-nhn'], welzijn: 'netwerk-pact', centrumgemeente: 'GM0405', zorgkantoor: 'zk-vgz' },
  ),
  gemeente(
    '0388',
    'Enkhuizen',
    [
      ['01', 'Binnenstad'],
      ['02', 'Enkhuizen-Noord'],
    ],
    { corporations: ['het-grootslag', 'intermaris'], providers: ['prov-leviaan'], welzijn: 'netwerk-pact', centrumgemeente: 'GM0405', zorgkantoor: 'zk-vgz' },
  ),
  gemeente(
    '0355',
    'Zeist',
    [
      ['01', 'Zeist-Centrum'],
      ['03', 'Zeist-West'],
      ['05', 'Zeist-Oost'],
      ['07', 'Den Dolder'],
    ],
    { corporations: ['seyster-veste', 'woongoed-zeist'], providers: ['prov-kwintes', 'prov-abrona', 'prov-vitras'], welzijn: 'meanderomnium', centrumgemeente: 'GM0355', zorgkantoor: 'zk-zilveren-kruis' },
  ),
  gemeente(
    '0363',
    'Amsterdam',
    [
      ['TA', 'Bijlmer-Centrum (D, F, H)'],
      ['TE', 'Bijlmer-Oost (E, G, K)'],
      ['TJ', 'Holendrecht/Reigersbos'],
      ['TK', 'Gein'],
    ],
    { corporations: ['rochdale', 'ymere', 'eigen-haard'], providers: ['prov-cordaan', 'prov-hvo-querido', 'prov-arkin'], welzijn: 'dock', centrumgemeente: 'GM0363', zorgkantoor: 'zk-zilveren-kruis' },
  ),
  gemeente(
    '0796',
    "'s-Hertogenbosch",
    [
      ['03', 'Graafsepoort'],
      ['05', 'Zuidoost'],
      ['06', 'Maaspoort'],
      ['12', 'Rosmalen-Zuid'],
    ],
    { corporations: ['zayaz', 'brabantwonen', 'mooiland'], providers: ['prov-reinier-van-arkel', 'prov-novadic-kentron', 'prov-cello'], welzijn: 'divers', centrumgemeente: 'GM0796', zorgkantoor: 'zk-vgz' },
  ),
  gemeente(
    '0758',
    'Breda',
    [
      ['03', 'Hoge Vucht'],
      ['05', 'Breda-Noord'],
      ['07', 'Haagse Beemden'],
      ['10', 'Princenhage'],
    ],
    { corporations: ['wonenbreburg', 'alleewonen', 'laurentius'], providers: ['prov-ggz-breburg', 'prov-amarant', 'prov-sdw'], welzijn: 'surplus-welzijn', centrumgemeente: 'GM0758', zorgkantoor: 'zk-cz' },
  ),
];

/** Day activities on offer in the demo region: a coded kind at a provider code, with a note. */
export const DAGINVULLING_OFFERS = [
  { activity: 'tuin_natuur', provider: 'buurthuis', note: 'moestuin' },
  { activity: 'koken_maaltijd', provider: 'buurthuis', note: 'buurtkeuken' },
  { activity: 'klussen_techniek', provider: 'buurthuis', note: 'fietsenwerkplaats' },
  { activity: 'vrijwilligerswerk', provider: 'kringloop-de-kaai', note: 'kringloop' },
] as const;
