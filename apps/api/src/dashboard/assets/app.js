/* wijkzorg dashboard: outcome measures for policymakers. Every figure comes from /v1/beleid/uitkomsten with the
 * session cookie (POST /v1/sessie); nothing is kept in localStorage or sessionStorage. The state lives in the URL hash. */
'use strict';

(function () {
  const API = '/v1/beleid/uitkomsten';
  /** Okabe–Ito: distinguishable for the common forms of colour blindness (its yellow, faint on white, last). */
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
  const SUPPRESSED_TEXT = { '<5': 'minder dan 5, onderdrukt', x: 'verborgen tegen terugrekenen' };
  /** What "<5" or "x" means in a cell of a unit: a suppressed amount is about fewer than 5 people, not fewer than 5 euro. */
  const suppressedTitle = (raw, unit) => `${SUPPRESSED_TEXT[raw]}${raw === '<5' && unit !== 'aantal' ? ` (${unit === 'eurocent' ? 'bedrag' : 'cijfer'} over minder dan 5 personen)` : ''}`;
  const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
  const UNIT_TITLES = { aantal: 'aantal', dagen: 'dagen', eurocent: 'euro (€)', procent: 'procent (%)' };
  /** The unit after a column heading: short, so "Besteed (€)" rather than "Besteed (euro (€))". */
  const UNIT_SHORT = { aantal: 'aantal', dagen: 'dagen', eurocent: '€', procent: '%' };
  const LEVEL_TITLES = { regio: 'Regio', gemeente: 'Gemeente', wijk: 'Wijk' };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };

  const now = new Date();
  const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

  // ---------------------------------------------------------------- periods
  const kindOf = (period) => (period.length === 4 ? 'jaar' : period.includes('Q') ? 'kwartaal' : 'maand');
  const lastMonthOf = (period) => (kindOf(period) === 'jaar' ? `${period}-12` : kindOf(period) === 'kwartaal' ? `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, '0')}` : period);
  const firstMonthOf = (period) => (kindOf(period) === 'jaar' ? `${period}-01` : kindOf(period) === 'kwartaal' ? `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3 - 2).padStart(2, '0')}` : period);
  /** The periods of a kind a reader can choose: the last five years up to this month (a period that has begun). */
  function periodsOf(kind) {
    const periods = [];
    for (let year = now.getUTCFullYear() - 4; year <= now.getUTCFullYear(); year++) {
      if (kind === 'jaar') periods.push(String(year));
      if (kind === 'kwartaal') for (let q = 1; q <= 4; q++) periods.push(`${year}-Q${q}`);
      if (kind === 'maand') for (let m = 1; m <= 12; m++) periods.push(`${year}-${String(m).padStart(2, '0')}`);
    }
    return periods.filter((p) => firstMonthOf(p) <= thisMonth);
  }
  /** The period of another kind that holds (or ends in) the current one. */
  function convertPeriod(period, kind) {
    const month = lastMonthOf(period) > thisMonth ? thisMonth : lastMonthOf(period);
    if (kind === 'jaar') return month.slice(0, 4);
    if (kind === 'kwartaal') return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`;
    return month;
  }
  function periodLabel(period) {
    const kind = kindOf(period);
    if (kind === 'jaar') return period;
    if (kind === 'kwartaal') return `${period.slice(5)} ${period.slice(0, 4)}`;
    return `${MONTHS[Number(period.slice(5)) - 1]} ${period.slice(0, 4)}`;
  }

  // ---------------------------------------------------------------- state in the URL hash
  const defaults = () => ({ soort: 'jaar', periode: String(now.getUTCFullYear() - 1), niveau: 'gemeente', gemeente: '', vergelijk: [], groot: false });
  function readHash() {
    const state = defaults();
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const periode = params.get('periode');
    if (periode && /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(periode)) {
      state.periode = periode;
      state.soort = kindOf(periode);
    }
    if (['regio', 'gemeente', 'wijk'].includes(params.get('niveau'))) state.niveau = params.get('niveau');
    if (/^GM\d{4}$/.test(params.get('gemeente') || '')) state.gemeente = params.get('gemeente');
    state.vergelijk = (params.get('vergelijk') || '').split(',').filter((c) => /^(GM|WK)\d{4,6}$/.test(c));
    state.groot = params.get('groot') === '1';
    if (state.gemeente) state.niveau = 'wijk';
    return state;
  }
  function writeHash() {
    const params = new URLSearchParams({ periode: state.periode, niveau: state.niveau });
    if (state.gemeente) params.set('gemeente', state.gemeente);
    if (state.vergelijk.length) params.set('vergelijk', state.vergelijk.join(','));
    if (state.groot) params.set('groot', '1');
    const hash = `#${params}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }
  let state = readHash();

  // ---------------------------------------------------------------- numbers in Dutch
  const nl = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
  const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  const isSuppressed = (value) => value === '<5' || value === 'x';
  function formatValue(value, unit) {
    if (value === null || value === undefined) return '–';
    if (isSuppressed(value)) return value;
    if (unit === 'eurocent') return euro.format(value / 100);
    if (unit === 'procent') return `${nl.format(value)}%`;
    return nl.format(value);
  }
  /** What the chart draws for a number: euros instead of cents. */
  const plotted = (value, unit) => (unit === 'eurocent' ? value / 100 : value);
  function axisTick(value, unit) {
    if (unit === 'eurocent') return euro.format(value);
    if (unit === 'procent') return `${nl.format(value)}%`;
    return nl.format(value);
  }

  // ---------------------------------------------------------------- Dutch CSV (as apps/api/src/uitkomsten/dutch-csv.ts)
  const dutchNumber = (value) => (value === null || value === undefined ? '' : typeof value === 'number' ? String(value).replace('.', ',') : String(value));
  function csvCell(text) {
    const plain = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(,\d+)?$/.test(text) ? `'${text}` : text;
    return /[";\n\r]/.test(plain) ? `"${plain.replace(/"/g, '""')}"` : plain;
  }
  function toDutchCsv(table) {
    const header = ['niveau', 'code', 'naam', 'gemeentecode', 'periode', ...table.definitions.map((d) => `${d.label} (${d.unit})`)];
    const lines = table.rows.map((r) => [r.level, r.code, r.name, r.gemeenteCode ?? '', r.period, ...table.definitions.map((d) => dutchNumber(r.values[d.key]))]);
    return [header, ...lines].map((cells) => cells.map(csvCell).join(';')).join('\r\n') + '\r\n';
  }

  // ---------------------------------------------------------------- talking to the api
  class SignedOut extends Error {}
  class Unreachable extends Error {}
  async function call(method, url, body) {
    let response;
    try {
      response = await fetch(url, { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    } catch {
      throw new Unreachable();
    }
    if (response.status === 401) throw new SignedOut();
    if (response.status >= 500) throw new Unreachable();
    return response;
  }

  function showMessage(text) {
    $('melding').textContent = text;
    $('melding').hidden = !text;
  }

  function showSignIn(reason) {
    charts.forEach((c) => c.destroy());
    charts = [];
    $('dashboard').hidden = true;
    $('afmelden').hidden = true;
    $('aanmelden').hidden = false;
    showMessage(reason || '');
    document.body.dataset.state = 'aanmelden';
    $('api-sleutel').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const apiKey = $('api-sleutel').value.trim();
    const fout = $('aanmeldfout');
    fout.hidden = true;
    if (!/^wz_\S+$/.test(apiKey)) {
      fout.textContent = 'Vul een API-sleutel in; die begint met wz_.';
      fout.hidden = false;
      return;
    }
    try {
      const response = await call('POST', '/v1/sessie', { apiKey });
      if (response.status === 429) {
        fout.textContent = 'Te veel aanmeldpogingen. Wacht een minuut en probeer het opnieuw.';
        fout.hidden = false;
        return;
      }
      if (!response.ok) throw new SignedOut();
      $('api-sleutel').value = '';
      await start();
    } catch (error) {
      fout.textContent = error instanceof Unreachable ? 'De server is niet bereikbaar. Probeer het later opnieuw.' : 'Deze API-sleutel is onjuist, ingetrokken of niet bedoeld voor beleidsinformatie.';
      fout.hidden = false;
      $('api-sleutel').focus();
    }
  }

  async function signOut() {
    try {
      await call('DELETE', '/v1/sessie');
    } catch {
      /* signed out either way */
    }
    showSignIn('U bent afgemeld.');
  }

  // ---------------------------------------------------------------- the page
  let catalogue = null;
  let charts = [];
  /** The areas the level offers (from the last answer), for the comparison choice. */
  let areaChoices = [];
  let loadCounter = 0;

  async function start() {
    try {
      const session = await call('GET', '/v1/sessie');
      if (!session.ok) throw new SignedOut();
      const response = await call('GET', API);
      if (response.status === 403) {
        // Signed in, but with a key of a role that reads no aggregates: end that session at once.
        await call('DELETE', '/v1/sessie');
        showSignIn('Deze API-sleutel geeft geen toegang tot beleidsinformatie.');
        return;
      }
      if (!response.ok) throw new SignedOut();
      catalogue = (await response.json()).groups;
    } catch (error) {
      if (error instanceof Unreachable) {
        showSignIn('De server is niet bereikbaar. Probeer het later opnieuw.');
        return;
      }
      showSignIn(document.body.dataset.state === 'dashboard' ? 'Uw sessie is verlopen. Meld u opnieuw aan.' : '');
      return;
    }
    $('aanmelden').hidden = true;
    $('aanmeldfout').hidden = true;
    $('dashboard').hidden = false;
    $('afmelden').hidden = false;
    showMessage('');
    document.body.dataset.state = 'dashboard';
    await load();
  }

  function syncControls() {
    $('soort').value = state.soort;
    const select = $('periode');
    select.replaceChildren(...periodsOf(state.soort).map((p) => el('option', { value: p, text: periodLabel(p) })));
    if (!periodsOf(state.soort).includes(state.periode)) state.periode = convertPeriod(state.periode, state.soort);
    select.value = state.periode;
    const options = periodsOf(state.soort);
    $('vorige').disabled = options.indexOf(state.periode) <= 0;
    $('volgende').disabled = options.indexOf(state.periode) >= options.length - 1;
    $('niveau').value = state.niveau;
    $('inzoom').hidden = !state.gemeente;
    document.documentElement.classList.toggle('groot', state.groot);
    $('groot').setAttribute('aria-pressed', String(state.groot));
    if (window.Chart) window.Chart.defaults.font.size = state.groot ? 18 : 12;
  }

  function query(format) {
    const params = new URLSearchParams({ periode: state.periode, niveau: state.niveau });
    if (state.gemeente) params.set('gemeenteCode', state.gemeente);
    if (format) params.set('format', format);
    return params.toString();
  }

  async function load() {
    const counter = ++loadCounter;
    syncControls();
    writeHash();
    document.body.removeAttribute('data-loaded');
    $('stand').textContent = 'Bezig met laden…';
    $('laden').hidden = false;
    $('panelen').setAttribute('aria-busy', 'true');
    let tables;
    try {
      tables = await Promise.all(
        catalogue.map(async (group) => {
          const response = await call('GET', `${API}/${encodeURIComponent(group.group)}?${query()}`);
          if (response.status === 404) return { group, missing: true };
          if (!response.ok) throw new Error(`status ${response.status}`);
          return { group, table: await response.json() };
        }),
      );
    } catch (error) {
      if (counter !== loadCounter) return;
      if (error instanceof SignedOut) return showSignIn('Uw sessie is verlopen. Meld u opnieuw aan.');
      showMessage(error instanceof Unreachable ? 'De server is niet bereikbaar. Probeer het later opnieuw.' : 'De gegevens konden niet worden geladen.');
      $('stand').textContent = '';
      loadingDone();
      return;
    }
    if (counter !== loadCounter) return;
    loadingDone();
    showMessage('');
    const first = tables.find((t) => t.table);
    if (first) areaChoices = periodRowsOf(first.table).map((r) => ({ code: r.code, name: r.name }));
    state.vergelijk = state.vergelijk.filter((code) => areaChoices.some((a) => a.code === code));
    drawComparisonChoice();
    writeHash();
    const place = state.gemeente ? `wijken van ${areaName(state.gemeente) || state.gemeente}` : { regio: 'hele regio', wijk: 'alle wijken', gemeente: 'gemeenten' }[state.niveau];
    $('inzoom-naam').textContent = state.gemeente ? `Wijken van ${areaName(state.gemeente) || state.gemeente}` : '';
    $('stand').textContent = `${periodLabel(state.periode)} · ${place}${first ? ` · stand ${new Date(first.table.asOf).toLocaleString('nl-NL', { timeZone: 'UTC' })} UTC` : ''}${first && first.table.exact ? ' · exacte cijfers' : ''}`;
    charts.forEach((c) => c.destroy());
    charts = [];
    lastTables = new Map();
    const panels = $('panelen');
    panels.replaceChildren(
      ...(catalogue.length
        ? tables.map(({ group, table, missing }) => (missing ? el('section', { class: 'paneel' }, el('h2', { text: group.title }), el('p', { class: 'leeg', text: 'Geen gegevens voor deze periode.' })) : drawPanel(table)))
        : [el('p', { class: 'leeg', text: 'Er zijn nog geen uitkomstmaten beschikbaar.' })]),
    );
    document.body.dataset.loaded = state.periode;
  }

  function loadingDone() {
    $('laden').hidden = true;
    $('panelen').removeAttribute('aria-busy');
  }

  const gemeenteNames = new Map();
  function areaName(code) {
    return gemeenteNames.get(code) || (areaChoices.find((a) => a.code === code) || {}).name;
  }

  function drawComparisonChoice() {
    const box = $('vergelijk-keuzes');
    box.replaceChildren(
      ...areaChoices.map((area) => {
        const id = `vergelijk-${area.code}`;
        const input = el('input', { type: 'checkbox', id, value: area.code, checked: state.vergelijk.includes(area.code) });
        input.addEventListener('change', () => {
          state.vergelijk = areaChoices.map((a) => a.code).filter((code) => (code === area.code ? input.checked : state.vergelijk.includes(code)));
          writeHash();
          redrawFromCache();
        });
        return el('label', { for: id }, input, ` ${area.name}`);
      }),
    );
  }

  /** The answers of the last load, redrawn when only the comparison choice changes (same rows, fewer areas). */
  let lastTables = new Map();
  function redrawFromCache() {
    charts.forEach((c) => c.destroy());
    charts = [];
    $('panelen').replaceChildren(...[...lastTables.values()].map((table) => drawPanel(table)));
  }

  /**
   * One row per area for the period itself. For a month the api also answers that month as the last of its
   * twelve-month series, so the period's row comes twice: each area is compared (and offered) once.
   */
  function periodRowsOf(table) {
    const seen = new Set();
    return table.rows.filter((r) => r.period === table.period && !seen.has(r.code) && seen.add(r.code));
  }

  /** The table as on screen: the rows of the chosen areas only (all when none is chosen). */
  function onScreen(table) {
    const chosen = state.vergelijk.length ? new Set(state.vergelijk) : null;
    return { ...table, rows: table.rows.filter((r) => !chosen || chosen.has(r.code)) };
  }

  function drawPanel(fullTable) {
    lastTables.set(fullTable.group, fullTable);
    if (fullTable.level === 'gemeente') for (const r of fullTable.rows) gemeenteNames.set(r.code, r.name);
    const table = onScreen(fullTable);
    const section = el('section', { class: 'paneel', 'aria-labelledby': `paneel-${fullTable.group}`, 'data-group': fullTable.group });
    section.append(el('h2', { id: `paneel-${fullTable.group}`, text: fullTable.title }));
    const exports = el('div', { class: 'exports' });
    const csv = el('button', { type: 'button', 'data-export': 'csv', text: 'Exporteer CSV' });
    csv.addEventListener('click', () => download(`wijkzorg-${table.group}-${table.period}.csv`, 'text/csv;charset=utf-8', toDutchCsv(table)));
    const json = el('button', { type: 'button', 'data-export': 'json', text: 'Exporteer JSON' });
    json.addEventListener('click', () => {
      const { group, title, asOf, period, periodKind, months, level, exact, definitions, charts: chartList, rows } = table;
      download(`wijkzorg-${group}-${period}.json`, 'application/json', JSON.stringify({ group, title, asOf, period, periodKind, months, level, gemeenteCode: state.gemeente || null, exact, definitions, charts: chartList, rows }, null, 2));
    });
    exports.append(csv, json);
    section.append(exports);
    const periodRows = periodRowsOf(table);
    const hasData = table.rows.some((r) => Object.values(r.values).some((v) => v !== 0 && v !== null));
    if (!hasData) {
      section.append(el('p', { class: 'leeg', text: `Geen gegevens voor ${periodLabel(table.period)} in deze gebieden.` }));
      return section;
    }
    const grid = el('div', { class: 'grafieken' });
    for (const chart of table.charts) grid.append(chart.kind === 'vergelijking' ? comparisonFigure(table, chart, periodRows) : seriesFigure(table, chart));
    section.append(grid);
    return section;
  }

  const definitionOf = (table, key) => table.definitions.find((d) => d.key === key) || { key, label: key, unit: 'aantal' };

  /** Bars of the areas for the period: one dataset per measure. */
  function comparisonFigure(table, chart, rows) {
    const measures = chart.measures.map((key) => definitionOf(table, key));
    const datasets = measures.map((d, i) => ({ label: `${d.label}`, unit: d.unit, raw: rows.map((r) => r.values[d.key] ?? null), color: PALETTE[i % PALETTE.length] }));
    const caption = `${chart.title} — ${periodLabel(table.period)}`;
    const head = [LEVEL_TITLES[table.level] || 'Gebied', ...measures.map((d) => `${d.label} (${UNIT_SHORT[d.unit]})`)];
    const body = rows.map((r) => ({ label: r.name, code: r.code, drill: r.level === 'gemeente', cells: measures.map((d) => ({ value: r.values[d.key] ?? null, unit: d.unit })) }));
    return figure(
      table,
      chart,
      caption,
      'bar',
      rows.map((r) => r.name),
      datasets,
      head,
      body,
      rows,
    );
  }

  /** Lines over the months of the series: one dataset per area and measure. */
  function seriesFigure(table, chart) {
    const measures = chart.measures.map((key) => definitionOf(table, key));
    const areas = [...new Map(table.rows.map((r) => [r.code, r])).values()];
    const datasets = [];
    for (const [a, area] of areas.entries())
      for (const d of measures)
        datasets.push({
          label: measures.length > 1 ? `${area.name}: ${d.label}` : area.name,
          unit: d.unit,
          raw: table.months.map((m) => (table.rows.find((r) => r.code === area.code && r.period === m) || { values: {} }).values[d.key] ?? null),
          // One colour per area (its measures told apart by the dash), so an area keeps its colour across a chart.
          color: PALETTE[(measures.length > 1 ? a : datasets.length) % PALETTE.length],
          // Each measure of an area its own dash and point shape, so not colour alone tells them apart.
          dash: [undefined, [8, 4], [2, 2], [12, 3, 2, 3]][measures.indexOf(d) % 4],
          shape: ['circle', 'rect', 'triangle', 'star'][measures.indexOf(d) % 4],
        });
    const caption = `${chart.title} — maanden van ${periodLabel(table.period)}`;
    const head = ['Maand', ...datasets.map((ds) => `${ds.label} (${UNIT_SHORT[ds.unit]})`)];
    const body = table.months.map((m, i) => ({ label: periodLabel(m), month: m, cells: datasets.map((ds) => ({ value: ds.raw[i], unit: ds.unit })) }));
    return figure(table, chart, caption, 'line', table.months.map(periodLabel), datasets, head, body, areas);
  }

  const touchesSuppressed = (raw, ctx) => isSuppressed(raw[ctx.p0DataIndex]) || isSuppressed(raw[ctx.p1DataIndex]);

  function hatch(color) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 8;
    const g = tile.getContext('2d');
    g.fillStyle = '#d9d9d9';
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.stroke();
    return g.createPattern(tile, 'repeat');
  }

  function figure(table, chart, caption, type, labels, series, head, body, areas) {
    const id = `grafiek-${table.group}-${chart.id}`;
    const units = [...new Set(series.map((s) => s.unit))];
    // A suppressed cell is drawn as a small hatched grey marker labelled "<5" or "x", never as 0.
    const markerHeight = {};
    for (const unit of units) {
      const numbers = series.filter((s) => s.unit === unit).flatMap((s) => s.raw.filter((v) => typeof v === 'number').map((v) => plotted(v, unit)));
      markerHeight[unit] = Math.max(...numbers, 0) > 0 ? Math.max(...numbers) * 0.05 : 1;
    }
    let suppressedCount = 0;
    const datasets = series.map((s) => {
      const data = s.raw.map((v) => (typeof v === 'number' ? plotted(v, s.unit) : isSuppressed(v) ? markerHeight[s.unit] : null));
      suppressedCount += s.raw.filter(isSuppressed).length;
      const pattern = hatch('#6b6b6b');
      const common = { label: s.label, data, rawValues: s.raw, seriesColor: s.color, unit: s.unit, yAxisID: `y-${s.unit}`, suppressed: s.raw.map(isSuppressed) };
      if (type === 'bar') return { ...common, backgroundColor: s.raw.map((v) => (isSuppressed(v) ? pattern : s.color)), borderColor: s.raw.map((v) => (isSuppressed(v) ? '#6b6b6b' : s.color)), borderWidth: 1 };
      return {
        ...common,
        borderColor: s.color,
        backgroundColor: s.color,
        borderDash: s.dash,
        pointStyle: s.raw.map((v) => (isSuppressed(v) ? 'rectRot' : s.shape || 'circle')),
        pointRadius: s.raw.map((v) => (isSuppressed(v) ? 6 : 3)),
        pointBackgroundColor: s.raw.map((v) => (isSuppressed(v) ? pattern : s.color)),
        pointBorderColor: s.raw.map((v) => (isSuppressed(v) ? '#6b6b6b' : s.color)),
        // A line to or from a suppressed point is grey and dotted: its height is a marker, not a value.
        segment: { borderColor: (ctx) => (touchesSuppressed(s.raw, ctx) ? '#9a9a9a' : undefined), borderDash: (ctx) => (touchesSuppressed(s.raw, ctx) ? [2, 3] : undefined) },
        spanGaps: false,
        tension: 0,
      };
    });
    const scales = { x: { title: { display: true, text: type === 'bar' ? LEVEL_TITLES[table.level] || table.level : 'Maand' }, ticks: { autoSkip: true, maxRotation: 60 } } };
    units.forEach((unit, i) => {
      scales[`y-${unit}`] = { type: 'linear', position: i === 0 ? 'left' : 'right', beginAtZero: true, grid: { drawOnChartArea: i === 0 }, title: { display: true, text: UNIT_TITLES[unit] }, ticks: { callback: (value) => axisTick(value, unit), precision: unit === 'aantal' ? 0 : undefined } };
    });
    const canvas = el('canvas', { id, role: 'img', 'aria-label': `${caption}. ${type === 'bar' ? 'Staafdiagram' : 'Lijndiagram'}; de cijfers staan in de tabel hieronder.`, 'data-suppressed': suppressedCount });
    const box = el('div', { class: 'canvas-vak' }, canvas);
    // Room for the legend, so many series do not squeeze the plot (one legend entry a line on a phone).
    const narrow = window.matchMedia('(max-width: 600px)').matches;
    const longest = Math.max(...series.map((s) => s.label.length));
    const perLine = narrow ? 1 : longest > 40 ? 1.6 : longest > 28 ? 2 : 3;
    box.style.height = `${Math.round(((narrow ? 240 : 300) + Math.ceil(series.length / perLine) * 22) * (state.groot ? 1.4 : 1))}px`;
    const fig = el('figure', { 'data-chart': chart.id, 'data-kind': chart.kind }, el('figcaption', { text: caption }), box, tableOf(table, chart, caption, head, body, areas));
    requestAnimationFrame(() => {
      if (!canvas.isConnected || !window.Chart) return;
      const instance = new window.Chart(canvas, {
        type,
        data: { labels, datasets },
        plugins: [suppressionLabels],
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: type === 'bar' ? 'nearest' : 'index', intersect: type === 'bar' },
          scales,
          plugins: {
            legend: {
              position: 'bottom',
              // The legend shows each series in its own colour, not the hatch of a suppressed first cell.
              labels: { generateLabels: (c) => window.Chart.defaults.plugins.legend.labels.generateLabels(c).map((item) => ({ ...item, fillStyle: c.data.datasets[item.datasetIndex].seriesColor, strokeStyle: c.data.datasets[item.datasetIndex].seriesColor })) },
            },
            tooltip: {
              callbacks: {
                label: (ctx) => {
                  const raw = ctx.dataset.rawValues[ctx.dataIndex];
                  return `${ctx.dataset.label}: ${isSuppressed(raw) ? `${raw} (${suppressedTitle(raw, ctx.dataset.unit)})` : formatValue(raw, ctx.dataset.unit)}`;
                },
              },
            },
          },
          onClick: (_event, elements) => {
            if (type !== 'bar' || table.level !== 'gemeente' || !elements.length) return;
            const row = areas[elements[0].index];
            if (row) drillInto(row.code);
          },
        },
      });
      charts.push(instance);
    });
    return fig;
  }

  /** Writes "<5" or "x" above every suppressed bar or point. */
  const suppressionLabels = {
    id: 'onderdrukt',
    afterDatasetsDraw(chart) {
      const g = chart.ctx;
      g.save();
      g.fillStyle = '#333333';
      g.textAlign = 'center';
      g.textBaseline = 'bottom';
      g.font = `bold ${window.Chart.defaults.font.size}px system-ui, sans-serif`;
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((element, index) => {
          const raw = dataset.rawValues[index];
          if (isSuppressed(raw)) g.fillText(raw, element.x, element.y - 4);
        });
      });
      g.restore();
    },
  };

  function tableOf(table, chart, caption, head, body) {
    const t = el('table', { 'data-testid': `tabel-${table.group}-${chart.id}` });
    t.append(el('caption', { text: caption }));
    const thead = el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h }))));
    const tbody = el('tbody');
    for (const row of body) {
      const th = el('th', { scope: 'row', 'data-code': row.code || row.month }, row.label);
      if (row.drill && !state.gemeente && table.level === 'gemeente') {
        const button = el('button', { type: 'button', class: 'inzoomen', 'data-drill': row.code, 'aria-label': `Toon de wijken van ${row.label}`, text: 'wijken' });
        button.addEventListener('click', () => drillInto(row.code));
        th.append(' ', button);
      }
      tbody.append(el('tr', {}, th, ...row.cells.map((c) => el('td', { class: isSuppressed(c.value) ? 'onderdrukt' : undefined, 'data-raw': JSON.stringify(c.value), title: isSuppressed(c.value) ? suppressedTitle(c.value, c.unit) : undefined, text: formatValue(c.value, c.unit) }))));
    }
    t.append(thead, tbody);
    return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Tabel: ${caption}` }, t);
  }

  function drillInto(gemeenteCode) {
    state = { ...state, niveau: 'wijk', gemeente: gemeenteCode, vergelijk: [] };
    load();
  }

  function download(filename, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---------------------------------------------------------------- controls
  function step(delta) {
    const options = periodsOf(state.soort);
    const next = options[options.indexOf(state.periode) + delta];
    if (next) {
      state.periode = next;
      load();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('aanmeldformulier').addEventListener('submit', signIn);
    $('afmelden').addEventListener('click', signOut);
    $('tijd').addEventListener('submit', (e) => e.preventDefault());
    $('soort').addEventListener('change', () => {
      state.soort = $('soort').value;
      state.periode = convertPeriod(state.periode, state.soort);
      load();
    });
    $('periode').addEventListener('change', () => {
      state.periode = $('periode').value;
      load();
    });
    $('vorige').addEventListener('click', () => step(-1));
    $('volgende').addEventListener('click', () => step(1));
    $('niveau').addEventListener('change', () => {
      state = { ...state, niveau: $('niveau').value, gemeente: '', vergelijk: [] };
      load();
    });
    $('terug').addEventListener('click', () => {
      state = { ...state, niveau: 'gemeente', gemeente: '', vergelijk: [] };
      load();
    });
    $('groot').addEventListener('click', () => {
      state.groot = !state.groot;
      writeHash();
      syncControls();
      if (catalogue) redrawFromCache();
    });
    // Phone and desktop give the charts different room for their legends: drawn again when the width crosses over.
    window.matchMedia('(max-width: 600px)').addEventListener('change', () => catalogue && document.body.dataset.state === 'dashboard' && redrawFromCache());
    window.addEventListener('hashchange', () => {
      const next = readHash();
      if (JSON.stringify(next) === JSON.stringify(state)) return;
      state = next;
      if (catalogue) load();
    });
    syncControls();
    start();
  });
})();
