/** Small pieces of the HTML report: escaping, tables that sort and page, number formats. */

export const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A table cell: text, or text with the value it sorts by. */
export type Cell = string | number | null | { text: string; sort: number | string; html?: boolean };

export const int = (n: number): string => n.toLocaleString('en-US');
export const pct = (x: number | null, digits = 1): string =>
  x === null ? '-' : `${(100 * x).toFixed(digits)}%`;
export const fixed = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));

/** A number cell that shows `text` and sorts by `value`. */
export const num = (value: number | null, text?: string): Cell => ({
  text: text ?? (value === null ? '-' : int(value)),
  sort: value ?? -Infinity,
});

/** Trusted markup in a cell (built from escaped parts). */
export const html = (markup: string, sort: number | string = ''): Cell => ({
  text: markup,
  sort,
  html: true,
});

function cell(c: Cell): string {
  if (c === null) return '<td>-</td>';
  if (typeof c === 'number') return `<td class="n" data-sort="${c}">${int(c)}</td>`;
  if (typeof c === 'string') return `<td>${esc(c)}</td>`;
  const cls = typeof c.sort === 'number' ? ' class="n"' : '';
  const sort =
    typeof c.sort === 'number' && !Number.isFinite(c.sort) ? '' : ` data-sort="${esc(String(c.sort))}"`;
  return `<td${cls}${sort}>${c.html ? c.text : esc(c.text)}</td>`;
}

/**
 * A table whose headers sort it (a click; again to reverse) and, past `pageSize` rows, pages it. Without
 * script every row shows, so the file still reads in anything that renders HTML.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: { id: string; pageSize?: number; caption?: string },
): string {
  const page = options.pageSize !== undefined && rows.length > options.pageSize;
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n');
  return (
    `<div class="table-wrap"><table id="${esc(options.id)}" class="sortable"` +
    `${page ? ` data-page-size="${options.pageSize}"` : ''}>` +
    (options.caption ? `<caption>${esc(options.caption)}</caption>` : '') +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
  );
}

/** Definition list of label and value pairs (values escaped). */
export function facts(pairs: readonly [string, string][]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

export const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f2937;color:#fff;padding:1em 2em}header h1{margin:0 0 .2em;font-size:1.5em}
header p{margin:0;color:#cbd5e1;font-size:.9em}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 2em;z-index:2}
nav a{margin-right:1.2em;color:#1f4e9e;text-decoration:none}
main{max-width:1200px;margin:0 auto;padding:0 2em 4em}
section{margin-top:2.5em}h2{border-bottom:2px solid #1f2937;padding-bottom:.2em}
.cards{display:flex;flex-wrap:wrap;gap:1em}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.7em 1.2em;min-width:9em}
.card b{display:block;font-size:1.6em}.card span{color:#555;font-size:.85em}
.table-wrap{overflow-x:auto;margin:1em 0}table{border-collapse:collapse;font-size:13px;background:#fff}
th,td{border:1px solid #d4d4d8;padding:3px 7px;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td{max-width:24em;overflow-wrap:anywhere}
th{background:#f1f5f9;cursor:pointer;user-select:none;max-width:9em}th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}caption{text-align:left;font-weight:bold;padding:.3em 0}
.pager{font-size:13px;margin:.3em 0}.pager button{margin:0 .3em}
figure{display:inline-block;margin:.8em 1em .8em 0;vertical-align:top}figcaption{font-size:12px;color:#555}
.charts-small figure{margin:.3em}
details{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.5em 0;padding:.4em .8em}
summary{cursor:pointer}pre{background:#f4f4f5;padding:.8em;overflow:auto;font-size:12px}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;font-size:14px}dt{color:#555}dd{margin:0;word-break:break-all}
.tag{display:inline-block;border-radius:3px;padding:0 .4em;font-size:12px;color:#fff;background:#64748b}
.tag.reject{background:#b91c1c}.tag.keep{background:#15803d}.tag.machine-translation{background:#c2410c}.tag.lm-generated{background:#7c3aed}.tag.human{background:#15803d}
.note{color:#555;font-size:.9em}.result{font-weight:bold}
`;

/** Sorting and paging for `table.sortable`; progressive: the tables are complete without it. */
export const SCRIPT = `
(function () {
  function val(td) {
    if (!td) return '';
    var s = td.getAttribute('data-sort');
    if (s === null) return td.textContent.trim().toLowerCase();
    var n = Number(s);
    return s !== '' && !isNaN(n) ? n : s.toLowerCase();
  }
  function pager(table) {
    var size = Number(table.getAttribute('data-page-size'));
    if (!size) return function () {};
    var page = 0;
    var bar = document.createElement('div');
    bar.className = 'pager';
    var prev = document.createElement('button');
    prev.type = 'button';
    prev.textContent = 'previous';
    var next = document.createElement('button');
    next.type = 'button';
    next.textContent = 'next';
    var label = document.createElement('span');
    var all = document.createElement('button');
    all.type = 'button';
    all.textContent = 'show all';
    bar.appendChild(prev);
    bar.appendChild(label);
    bar.appendChild(next);
    bar.appendChild(all);
    table.parentNode.insertBefore(bar, table.nextSibling);
    function show() {
      var rows = table.tBodies[0].rows;
      var pages = Math.max(1, Math.ceil(rows.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      for (var i = 0; i < rows.length; i++) {
        rows[i].style.display = size === Infinity || Math.floor(i / size) === page ? '' : 'none';
      }
      label.textContent = size === Infinity ? rows.length + ' rows' : 'page ' + (page + 1) + ' of ' + pages + ' (' + rows.length + ' rows)';
    }
    prev.onclick = function () { page--; show(); };
    next.onclick = function () { page++; show(); };
    all.onclick = function () { size = size === Infinity ? Number(table.getAttribute('data-page-size')) : Infinity; all.textContent = size === Infinity ? 'page' : 'show all'; show(); };
    show();
    return function () { page = 0; show(); };
  }
  var tables = document.querySelectorAll('table.sortable');
  for (var t = 0; t < tables.length; t++) {
    (function (table) {
      var reset = pager(table);
      var heads = table.tHead.rows[0].cells;
      for (var c = 0; c < heads.length; c++) {
        (function (th, col) {
          th.addEventListener('click', function () {
            var asc = th.getAttribute('aria-sort') !== 'ascending';
            for (var k = 0; k < heads.length; k++) heads[k].removeAttribute('aria-sort');
            th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = val(a.cells[col]);
              var y = val(b.cells[col]);
              var d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
              return asc ? d : -d;
            });
            for (var r = 0; r < rows.length; r++) body.appendChild(rows[r]);
            reset();
          });
        })(heads[c], c);
      }
    })(tables[t]);
  }
})();
`;
