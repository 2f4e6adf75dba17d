/** The policymaker dashboard: one self-contained page (no build step), reading /beleid with a bearer token. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wijkzorg — wijkprojecties</title>
<style>
  :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #0b6e4f; }
  body { font-family: system-ui, sans-serif; margin: 0; color: var(--ink); background: #f5f7fa; }
  header { background: var(--accent); color: white; padding: 12px 24px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 20px; margin: 0 16px 0 0; }
  header label { font-size: 14px; }
  main { padding: 16px 24px; display: grid; gap: 16px; grid-template-columns: 1fr 1fr; }
  section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: right; padding: 4px 6px; border-bottom: 1px solid var(--line); }
  th:first-child, td:first-child { text-align: left; }
  .legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
  .note { color: var(--muted); font-size: 12px; }
  #error { color: #b91c1c; }
  .figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
  .figure { border: 1px solid var(--line); border-radius: 4px; padding: 8px; }
  .figure b { display: block; font-size: 22px; }
</style>
</head>
<body>
<header>
  <h1>Wijkzorg — caseload van wijken</h1>
  <label>Gemeente <select id="gemeente" data-testid="gemeente"></select></label>
  <label>Token <input id="token" type="password" size="24" placeholder="bearer token (beleidsmaker)"></label>
  <span id="error" role="alert"></span>
</header>
<main>
  <section class="wide">
    <h2>Cliënten per zorgintensiteit per wijk</h2>
    <div class="legend" id="legend"></div>
    <svg id="levels" data-testid="levels-chart" width="100%" height="260" role="img" aria-label="cliënten per zorgintensiteit per wijk"></svg>
    <p class="note">Aantallen van 1 tot 4 worden als &lt;5 getoond en de overige afgerond op vijftallen, zodat niemand herkenbaar is; x is verborgen zodat niets terug te rekenen is. Bedragen (afgerond op € 100) en mediane wachttijden alleen bij groepen van minstens vijf.</p>
  </section>
  <section>
    <h2>Wijken</h2>
    <table data-testid="wijk-table"><thead><tr><th>wijk</th><th>cliënten</th><th>wachtend</th><th>mediane wachttijd (dagen)</th><th>bezetting team</th><th>uitgegeven budget</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Door de tijd <output id="month" data-testid="month"></output></h2>
    <input id="slider" data-testid="time-slider" type="range" min="0" max="0" value="0" style="width:100%">
    <div class="figures" data-testid="month-figures">
      <div class="figure">instroom<b id="f-inflow"></b></div>
      <div class="figure">opgeschaald<b id="f-up"></b></div>
      <div class="figure">afgeschaald<b id="f-down"></b></div>
      <div class="figure">wachtend (einde maand)<b id="f-waiting"></b></div>
      <div class="figure">mediane wachttijd (dagen)<b id="f-median"></b></div>
      <div class="figure">uitgegeven budget<b id="f-spent"></b></div>
    </div>
    <svg id="timeline" data-testid="timeline-chart" width="100%" height="160" role="img" aria-label="wachtenden per maand"></svg>
  </section>
</main>
<script>
const LEVELS = ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur'];
const COLORS = ['#9fd8cb', '#5fb49c', '#2f8f6f', '#0b6e4f'];
const NS = 'http://www.w3.org/2000/svg';
const tokenInput = document.getElementById('token');
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
tokenInput.value = fromHash || localStorage.getItem('wijkzorg-token') || '';
let timeline = [];

const show = (v) => (v === null || v === undefined ? '–' : v);
const euros = (v) => (typeof v === 'number' ? '€ ' + (v / 100).toLocaleString('nl-NL', { maximumFractionDigits: 0 }) : show(v));
const num = (v) => (typeof v === 'number' ? v : 0);

async function get(path) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + tokenInput.value } });
  if (!response.ok) throw new Error(path + ': ' + response.status + ' ' + ((await response.json().catch(() => ({}))).detail || ''));
  return response.json();
}

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawLevels(rows) {
  const svg = document.getElementById('levels');
  svg.innerHTML = '';
  const width = svg.clientWidth || 900, height = 260, base = 200;
  const max = Math.max(1, ...rows.map((r) => LEVELS.reduce((s, l) => s + num(r['clients_' + l]), 0)));
  const slot = width / Math.max(1, rows.length);
  rows.forEach((r, i) => {
    let y = base;
    LEVELS.forEach((l, j) => {
      const value = r['clients_' + l];
      const h = (num(value) / max) * 170;
      if (h > 0) {
        const bar = el('rect', { x: i * slot + slot * 0.2, y: y - h, width: slot * 0.6, height: h, fill: COLORS[j], 'data-wijk': r.code, 'data-level': l, 'data-value': value });
        bar.appendChild(el('title', {}, r.name + ' — ' + l + ': ' + value));
        svg.appendChild(bar);
        y -= h;
      }
    });
    svg.appendChild(el('text', { x: i * slot + slot / 2, y: y - 4, 'text-anchor': 'middle', 'font-size': 11, 'data-total': r.code }, String(r.clients)));
    svg.appendChild(el('text', { x: i * slot + slot / 2, y: base + 14, 'text-anchor': 'middle', 'font-size': 10 }, r.name.length > 16 ? r.name.slice(0, 15) + '…' : r.name));
  });
}

function drawTable(rows) {
  const body = document.querySelector('[data-testid=wijk-table] tbody');
  body.innerHTML = '';
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.wijk = r.code;
    for (const value of [r.name, r.clients, r.waiting, r.medianWaitingDays, typeof r.utilisation === 'number' ? Math.round(r.utilisation * 100) + '%' : show(r.utilisation), euros(r.budgetSpentCents)]) {
      const td = document.createElement('td');
      td.textContent = show(value);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

function drawTimeline(index) {
  const svg = document.getElementById('timeline');
  svg.innerHTML = '';
  const width = svg.clientWidth || 600, height = 160;
  const max = Math.max(1, ...timeline.map((m) => num(m.waiting)));
  const step = width / Math.max(1, timeline.length);
  timeline.forEach((m, i) => {
    const h = (num(m.waiting) / max) * 130;
    svg.appendChild(el('rect', { x: i * step + 1, y: 140 - h, width: Math.max(1, step - 2), height: h, fill: i === index ? '#b45309' : '#5fb49c', 'data-month': m.month }));
  });
  const m = timeline[index];
  if (!m) return;
  document.getElementById('month').textContent = m.month;
  document.getElementById('f-inflow').textContent = show(m.inflow);
  document.getElementById('f-up').textContent = show(m.scaledUp);
  document.getElementById('f-down').textContent = show(m.scaledDown);
  document.getElementById('f-waiting').textContent = show(m.waiting);
  document.getElementById('f-median').textContent = show(m.medianWaitingDays);
  document.getElementById('f-spent').textContent = euros(m.spentCents);
}

async function loadGemeente(code) {
  const [wijken, tijdlijn] = await Promise.all([get('/v1/beleid/wijken?gemeenteCode=' + code), get('/v1/beleid/tijdlijn?gemeenteCode=' + code)]);
  drawLevels(wijken.rows);
  drawTable(wijken.rows);
  timeline = tijdlijn.rows;
  const slider = document.getElementById('slider');
  slider.max = String(Math.max(0, timeline.length - 1));
  slider.value = slider.max;
  drawTimeline(timeline.length - 1);
  document.body.dataset.loaded = code;
}

async function start() {
  document.getElementById('error').textContent = '';
  try {
    localStorage.setItem('wijkzorg-token', tokenInput.value);
    const gemeenten = await get('/v1/beleid/gemeenten');
    const select = document.getElementById('gemeente');
    select.innerHTML = '';
    for (const g of gemeenten.rows) select.appendChild(new Option(g.name + ' (' + g.code + ')', g.code));
    await loadGemeente(select.value);
  } catch (error) {
    document.getElementById('error').textContent = error.message;
  }
}

document.getElementById('legend').innerHTML = LEVELS.map((l, i) => '<span><i style="background:' + COLORS[i] + '"></i>' + l.replace(/_/g, ' ') + '</span>').join('');
document.getElementById('gemeente').addEventListener('change', (e) => loadGemeente(e.target.value).catch((error) => (document.getElementById('error').textContent = error.message)));
document.getElementById('slider').addEventListener('input', (e) => drawTimeline(Number(e.target.value)));
tokenInput.addEventListener('change', start);
start();
</script>
</body>
</html>
`;
