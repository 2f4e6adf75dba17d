import { MeasureTable } from './measure-table';

/**
 * CSV for Dutch spreadsheets: `;` between cells, a decimal comma, a header of Dutch labels. One line per row
 * of the table (the period and each month of the series); suppressed cells stay `<5` or `x`, undefined ones empty.
 */
export function toDutchCsv(table: Pick<MeasureTable, 'definitions' | 'rows'>): string {
  const header = ['niveau', 'code', 'naam', 'gemeentecode', 'periode', ...table.definitions.map((d) => `${d.label} (${d.unit})`)];
  const lines = table.rows.map((r) => [r.level, r.code, r.name, r.gemeenteCode ?? '', r.period, ...table.definitions.map((d) => dutchNumber(r.values[d.key]))]);
  return [header, ...lines].map((cells) => cells.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export const dutchNumber = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'number' ? String(value).replace('.', ',') : String(value));

function csvCell(text: string): string {
  // Text a spreadsheet would run as a formula is made plain with a leading '; numbers (digits, comma, minus) stay numbers.
  const plain = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(,\d+)?$/.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(plain) ? `"${plain.replace(/"/g, '""')}"` : plain;
}
