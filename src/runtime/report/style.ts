// The page's one stylesheet: system fonts, a light theme, cards on a grey ground, a
// responsive grid; nothing is loaded from anywhere.

export const STYLE = `
:root{--bg:#f3f5f8;--card:#fff;--ink:#1f2937;--muted:#6b7280;--faint:#9ca3af;--line:#e5e7eb;--accent:#2563eb;--hit:#16a34a;--miss:#dc2626;--warn:#d97706}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
nav.toc{position:sticky;top:0;z-index:10;background:rgba(255,255,255,.92);backdrop-filter:saturate(1.4) blur(6px);border-bottom:1px solid var(--line)}
nav.toc .inner{max-width:1240px;margin:0 auto;padding:8px 20px;display:flex;gap:4px 18px;flex-wrap:wrap;align-items:center}
nav.toc .brand{font-weight:700;margin-right:8px;color:var(--ink)}
nav.toc a{color:var(--muted);text-decoration:none;font-size:13px}
nav.toc a:hover{color:var(--accent)}
main{max-width:1240px;margin:0 auto;padding:8px 20px 32px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:0 1px 2px rgba(16,24,40,.05);padding:18px 22px 20px;margin:16px 0;scroll-margin-top:48px}
h1{font-size:26px;line-height:1.2;margin:2px 0 0;word-break:break-word}
h2{font-size:17px;margin:0 0 2px}
.lead{color:var(--muted);margin:0 0 14px;max-width:90ch}
.empty{color:var(--muted);background:#f9fafb;border:1px dashed var(--line);border-radius:8px;padding:18px;text-align:center;margin:0}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:var(--muted);font-weight:600}
.hero{border-top:4px solid var(--hit)}
.hero.interrupted{border-top-color:var(--warn)}
.hero-top{display:flex;justify-content:space-between;align-items:flex-start;gap:12px}
.badge{display:inline-flex;align-items:center;gap:6px;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.badge::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.badge.completed{background:#dcfce7;color:#166534}
.badge.interrupted{background:#fef3c7;color:#92400e}
.hero-top .badge{font-size:13px;padding:4px 12px;margin-top:6px}
.banner.interrupted{background:#fffbeb;border:1px solid #fcd34d;color:#78350f;border-radius:8px;padding:10px 14px;margin:14px 0 0}
.progress{height:6px;background:#fde68a;border-radius:3px;margin-top:8px;overflow:hidden}
.progress>div{height:100%;background:var(--warn)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:16px 0 0}
.stat{background:#f9fafb;border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:0}
.stat dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600}
.stat dd{margin:2px 0 0;font-size:16px;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.stat dd code{font-size:14px;background:#eef2ff;color:#3730a3;padding:1px 6px;border-radius:4px}
.stat .of{color:var(--muted);font-weight:500}
.table-wrap{overflow-x:auto;margin:0 0 14px}
.table-wrap:last-child{margin-bottom:0}
table.metrics{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
table.metrics.other{max-width:620px}
table.metrics th,table.metrics td{padding:6px 12px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
table.metrics thead th{font-size:12px;color:var(--muted);font-weight:600;background:#f9fafb}
table.metrics thead th.group{text-align:center;color:var(--ink);border-left:1px solid var(--line)}
table.metrics tbody th{font-weight:600}
table.metrics .num{text-align:right}
table.metrics.retrieval td:nth-of-type(3n+1),table.metrics.retrieval thead tr:nth-child(2) th:nth-child(3n+1){border-left:1px solid var(--line)}
td.value{font-weight:600}
td.chance{color:var(--muted)}
td.ratio.above{color:#15803d;font-weight:600}
td.ratio.below{color:#b91c1c;font-weight:600}
td.ratio.near,td.ratio.none{color:var(--muted)}
.hint{font-weight:400;color:var(--faint);font-size:11px;margin-left:4px}
.grid.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(460px,100%),1fr));gap:14px}
.figure{margin:0;border:1px solid var(--line);border-radius:10px;padding:10px 12px 8px;background:#fff;min-width:0}
.figure.wide{padding:12px}
figcaption{font-weight:600;font-size:13px;margin:0 0 2px}
svg{display:block;width:100%;height:auto;font-family:inherit;overflow:visible}
svg.pca{max-width:760px;margin:0 auto}
svg.heatmap{max-width:720px;margin:0 auto}
svg#zero-shot-confusion{max-width:520px}
svg .grid{stroke:#edf0f3;stroke-width:1}
svg .axis{stroke:#9ca3af;stroke-width:1}
svg .frame{stroke:#d1d5db}
svg .tick{font-size:11px;fill:#6b7280;font-variant-numeric:tabular-nums}
svg .axis-title{font-size:12px;fill:#374151;font-weight:600}
svg .legend{font-size:12px;fill:#374151}
svg .cursor{stroke:#6b7280;stroke-dasharray:3 3;pointer-events:none}
svg .series{stroke-linejoin:round;stroke-linecap:round}
svg .marker{stroke:#fff;stroke-width:1}
.chart.empty{color:var(--muted);padding:30px;text-align:center}
.note{color:var(--muted);font-size:12px;margin:4px 0 0}
.pca .pair{stroke:#94a3b8;stroke-opacity:.55;stroke-width:.8}
.pca .pt{stroke:#fff;stroke-width:.7;cursor:pointer}
.pca.focus .pt,.pca.focus .pairs .pair{opacity:.15}
.pca.focus .pt.hl{opacity:1;stroke:#111827;stroke-width:1.2}
.pca.focus .pairs .pair.hl{opacity:1;stroke:#111827;stroke-opacity:1;stroke-width:1.8}
.heatmap .cell{shape-rendering:crispEdges}
.heatmap .cell.diag{stroke:rgba(17,24,39,.6);stroke-width:1;shape-rendering:auto}
.heatmap .row:hover .cell{filter:brightness(.93)}
.heatmap .cell:hover{stroke:#111827;stroke-width:1.5}
.heatmap .legend-bar{stroke:#d1d5db}
.examples{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(540px,100%),1fr));gap:14px}
.example{border:1px solid var(--line);border-radius:10px;padding:12px 14px;min-width:0}
.query{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 10px;margin-bottom:10px}
.query q{font-size:15px;font-weight:600;overflow-wrap:anywhere}
.label{font-size:11px;text-transform:uppercase;color:var(--muted);letter-spacing:.05em;font-weight:600}
.pill{font-size:11px;padding:1px 8px;border-radius:999px;font-weight:600;white-space:nowrap}
.pill.hit{background:#dcfce7;color:#166534}
.pill.near{background:#fef3c7;color:#92400e}
.pill.miss{background:#fee2e2;color:#991b1b}
.strip{display:flex;gap:14px;align-items:flex-start;flex-wrap:wrap}
.shots{list-style:none;display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0}
.shot,.target{display:flex;flex-direction:column;align-items:center;gap:2px}
.target{padding-left:14px;border-left:1px dashed #d1d5db}
.target .label{margin-bottom:2px}
.thumb{width:64px;height:64px;display:block;image-rendering:crisp-edges;image-rendering:pixelated;border-radius:5px;border:3px solid #d1d5db;background:#f3f4f6;box-sizing:content-box}
.shot.hit .thumb{border-color:var(--hit)}
.shot.miss .thumb{border-color:var(--miss)}
.target .thumb{border-color:var(--accent)}
.thumb.missing{display:flex;align-items:center;justify-content:center;font-size:10px;color:var(--muted)}
.shot .score,.target .score{font-size:12px;font-variant-numeric:tabular-nums;color:var(--ink)}
.shot.hit .score{color:#15803d;font-weight:600}
.shot .rank{font-size:10px;color:var(--faint);line-height:1}
pre.spec{margin:0;background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:12px 16px 12px 0;overflow:auto;font-size:12.5px;line-height:1.55;counter-reset:ln;tab-size:2}
pre.spec .line{counter-increment:ln}
pre.spec .line::before{content:counter(ln);display:inline-block;width:3.2em;padding-right:1em;margin-right:.8em;text-align:right;color:#b0b7c3;border-right:1px solid var(--line);user-select:none;-webkit-user-select:none}
pre.spec .comment{color:#6b7280;font-style:italic}
footer{max-width:1240px;margin:0 auto;padding:0 20px 28px;color:var(--faint);font-size:12px}
.tip{position:fixed;left:0;top:0;z-index:50;display:none;pointer-events:none;max-width:380px;background:#111827;color:#f9fafb;font-size:12px;line-height:1.45;padding:6px 9px;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.18);white-space:pre-line;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
@media (max-width:640px){.card{padding:14px}main{padding:4px 10px 20px}h1{font-size:21px}}
@media print{nav.toc{display:none}body{background:#fff}.card{box-shadow:none;break-inside:avoid}}
`;
