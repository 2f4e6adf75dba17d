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
}

export const figures: Figure[] = [];

export function report(figure: Figure): void {
  figures.push(figure);
  const target = figure.atLeast !== undefined ? `target >= ${fmt(figure.atLeast)}` : figure.atMost !== undefined ? `target <= ${fmt(figure.atMost)}` : '';
  const ratio = figure.atLeast !== undefined ? figure.value / figure.atLeast : figure.atMost !== undefined ? figure.value / figure.atMost : undefined;
  const verdict = ratio === undefined ? '' : (figure.atLeast !== undefined ? ratio >= 1 : ratio <= 1) ? 'meets' : 'MISSES';
  if (figure.embedded !== undefined) {
    console.log(`${figure.name.padEnd(58)} ${fmt(figure.value).padStart(12)} ${figure.unit.padEnd(10)} ${`embedded ${fmt(figure.embedded)}`.padEnd(20)} ratio ${(figure.value / figure.embedded).toFixed(2)} of embedded`);
    return;
  }
  console.log(`${figure.name.padEnd(58)} ${fmt(figure.value).padStart(12)} ${figure.unit.padEnd(10)} ${target.padEnd(20)} ${ratio === undefined ? '' : `ratio ${ratio.toFixed(2)} ${verdict}`}`);
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export function section(title: string): void {
  console.log(`\n== ${title}`);
}

export const peakRssMb = () => process.memoryUsage().rss / 1024 / 1024;
