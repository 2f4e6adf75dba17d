/** The demo region: gemeenten with CBS codes and a few of their wijken each. */
export interface DemoGemeente {
  gemeenteCode: string;
  gemeenteName: string;
  wijken: { wijkCode: string; wijkName: string }[];
}

const gemeente = (code: string, name: string, wijken: string[]): DemoGemeente => ({
  gemeenteCode: `GM${code}`,
  gemeenteName: name,
  wijken: wijken.map((wijkName, i) => ({ wijkCode: `WK${code}${String(i + 1).padStart(2, '0')}`, wijkName })),
});

export const DEMO_REGION: DemoGemeente[] = [
  gemeente('0479', 'Zaanstad', ['Zaandam-Zuid (Poelenburg)', 'Zaandam-Oost (Kogerveld)', 'Rosmolenwijk', 'Westerkoog']),
  gemeente('0405', 'Hoorn', ['Grote Waal', 'Kersenboogerd', 'Risdam', 'Hoorn-Noord']),
  gemeente('0439', 'Purmerend', ['Overwhere', 'Weidevenne', 'Wheermolen', 'Purmer-Noord']),
  gemeente('0355', 'Zeist', ['Vollenhove', 'Crosestein', 'Kerckebosch']),
  gemeente('0363', 'Amsterdam (Zuidoost)', ['Bijlmer-Centrum', 'Bijlmer-Oost', 'Gaasperdam', 'Holendrecht']),
  gemeente('0796', "'s-Hertogenbosch", ['De Muntel', 'Graafsewijk', 'Rosmalen-Noord']),
  gemeente('0758', 'Breda', ['Heuvel', 'Tuinzigt', 'Hoge Vucht', 'Princenhage']),
];

export const PROVIDERS = ['prov-leviaan', 'prov-cordaan', 'prov-reinaerde', 'prov-amarant', 'prov-sdw'];
export const CORPORATIONS = ['parteon', 'intermaris', 'wooncompagnie', 'rochdale', 'ymere', 'woonwaarts', 'zayaz', 'wonenbreburg', 'seyster-veste'];
/** Day activities on offer in the demo region: a coded kind at a provider code, with a note. */
export const DAGINVULLING_OFFERS = [
  { activity: 'tuin_natuur', provider: 'buurthuis', note: 'moestuin' },
  { activity: 'koken_maaltijd', provider: 'buurthuis', note: 'buurtkeuken' },
  { activity: 'klussen_techniek', provider: 'buurthuis', note: 'fietsenwerkplaats' },
  { activity: 'vrijwilligerswerk', provider: 'kringloop-de-kaai', note: 'kringloop' },
] as const;
