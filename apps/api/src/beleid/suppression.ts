/** Counts of 1 to 4 could point at a person: policymakers see "<5" instead. Zero stays zero. */
export const SMALL_NUMBER = 5;
export type Suppressed = number | '<5';

export const suppress = (count: number): Suppressed => (count > 0 && count < SMALL_NUMBER ? '<5' : count);

/** A figure derived from a group of people (money, a median) is shown only for groups of at least five. */
export const forGroup = <T>(groupSize: number, value: T): T | '<5' => (groupSize < SMALL_NUMBER ? '<5' : value);

/** CSV with a header row; cells quoted when they hold a separator, quote or newline. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    // Text a spreadsheet would run as a formula (= + - @, or after a tab or CR) is made plain text with a leading '; numbers stay numbers.
    const s = typeof v !== 'number' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
