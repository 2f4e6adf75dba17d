/** Benchmark output: one line per figure, with the target and the ratio figure/target where there is one. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** For "at least" targets; ratio >= 1 meets it. */
  atLeast?: number;
  /** For "at most" targets; ratio <= 1 meets it. */
  atMost?: number;
  /** The same figure of the embedded store, measured in this run: printed beside it with the ratio figure/embedded. */
  embedded?: number;
  /**
   * The raw SQLite floor of the same workload (plain better-sqlite3, same table, indexes, pragmas and rows), measured in
   * this run. Printed as a ratio "as good as the floor": value/floor for rates, floor/value for times (`lowerIsBetter`).
   * `atLeast` is the ratio target (e.g. 0.9).
   */
  floor?: { value: number; atLeast?: number; lowerIsBetter?: boolean };
}

export const figures: Figure[] = [];
/** Every target line printed in this run, for the summary at the end. */
export const verdicts: { name: string; met: boolean; detail: string }[] = [];

export function report(figure: Figure): void {
  figures.push(figure);
  const target = figure.atLeast !== undefined ? `target >= ${fmt(figure.atLeast)}` : figure.atMost !== undefined ? `target <= ${fmt(figure.atMost)}` : '';
  const ratio = figure.atLeast !== undefined ? figure.value / figure.atLeast : figure.atMost !== undefined ? figure.value / figure.atMost : undefined;
  const met = ratio === undefined ? undefined : figure.atLeast !== undefined ? ratio >= 1 : ratio <= 1;
  const verdict = met === undefined ? '' : met ? 'met' : 'MISSED';
  if (met !== undefined) verdicts.push({ name: figure.name, met, detail: `${fmt(figure.value)} ${figure.unit}, ${target}` });
  let floorText = '';
  if (figure.floor) {
    const f = figure.floor;
    const floorRatio = f.lowerIsBetter ? f.value / figure.value : figure.value / f.value;
    const floorMet = f.atLeast === undefined ? undefined : floorRatio >= f.atLeast;
    floorText = `  floor ${fmt(f.value)}, ratio ${floorRatio.toFixed(2)} of floor${f.atLeast === undefined ? '' : ` (target >= ${f.atLeast.toFixed(2)}: ${floorMet ? 'met' : 'MISSED'})`}`;
    if (floorMet !== undefined) verdicts.push({ name: `${figure.name} (floor ratio)`, met: floorMet, detail: `${floorRatio.toFixed(2)} of the raw SQLite floor, target >= ${f.atLeast!.toFixed(2)}` });
  }
  if (figure.embedded !== undefined) {
    console.log(`${figure.name.padEnd(58)} ${fmt(figure.value).padStart(12)} ${figure.unit.padEnd(10)} ${`embedded ${fmt(figure.embedded)}`.padEnd(20)} ratio ${(figure.value / figure.embedded).toFixed(2)} of embedded${floorText}`);
    return;
  }
  console.log(`${figure.name.padEnd(58)} ${fmt(figure.value).padStart(12)} ${figure.unit.padEnd(10)} ${target.padEnd(20)} ${ratio === undefined ? '' : `ratio ${ratio.toFixed(2)} ${verdict}`}${floorText}`);
}

/** How a figure grows with the size of the log: one line, one value per size (e.g. 10k, 100k, 1M events). */
export function reportGrowth(name: string, unit: string, points: { events: number; value: number }[]): void {
  const cells = points.map((p) => `${compact(p.events)}: ${fmt(p.value)}`).join('  ·  ');
  const first = points[0];
  const last = points[points.length - 1];
  const factor = first && last && first.value ? ` (×${(last.value / first.value).toFixed(2)} from ${compact(first.events)} to ${compact(last.events)})` : '';
  console.log(`growth: ${name} [${unit}]  ${cells}${factor}`);
}

/** The targets of this run, met and missed, once more at the end. */
export function printVerdicts(): void {
  if (verdicts.length === 0) return;
  console.log(`\n== targets: ${verdicts.filter((v) => v.met).length} of ${verdicts.length} met`);
  for (const v of verdicts) console.log(`  ${v.met ? 'met   ' : 'MISSED'} ${v.name}: ${v.detail}`);
}

function compact(n: number): string {
  return n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${+(n / 1_000).toFixed(1)}k` : String(n);
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export function section(title: string): void {
  console.log(`\n== ${title}`);
}

export const peakRssMb = () => process.memoryUsage().rss / 1024 / 1024;
