/**
 * The page's styles: light and dark (prefers-color-scheme), printable (@media print: the
 * picture, then every table and finding; no buttons, no panel). Boxes take their colour from
 * their kind, red where a finding is; the second view recolours the same boxes by change.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d1f23;--muted:#5b616b;--line:#d5d8dd;--panel:#f5f6f8;--dir:#eceef1;--dirline:#b9bec6;
--code:#7fa6e0;--map:#b39ddb;--declaration:#80cbc4;--asset:#d7cfb4;--archive:#a1887f;--error:#d32f2f;--warn:#f0a202;
--new:#2e7d32;--grown:#ef6c00;--same:#cfd3d9;--mark:#ffe08a;--clean:#2e7d32;--unjudged:#757575}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e6e8eb;--muted:#a0a6b0;--line:#33373d;--panel:#1f2226;--dir:#1c1f23;--dirline:#454a52;
--code:#3f6db3;--map:#7451b0;--declaration:#2f8a80;--asset:#6d6650;--archive:#6d5147;--error:#ef5350;--warn:#f5b82e;
--new:#66bb6a;--grown:#ffa040;--same:#3a3e45;--mark:#7a5d00;--clean:#66bb6a;--unjudged:#9e9e9e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1400px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:0 0 6px;word-break:break-all}
.sub,.note{color:var(--muted);margin:0 0 8px}
.counts{margin:10px 0;font-weight:600}.counts .e{color:var(--error)}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--panel);border:1px solid var(--line);padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:6px 0}
mark{background:var(--mark);color:inherit;border-radius:2px}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.path{word-break:break-all}
a{color:inherit}
.tabs{margin:12px 0 8px}
.tabs input{position:absolute;opacity:0}
.tabs label{display:inline-block;padding:6px 12px;border:1px solid var(--line);border-radius:6px;margin-right:6px;cursor:pointer}
.tabs input:checked+label{background:var(--fg);color:var(--bg)}
.tabs input:focus-visible+label{outline:2px solid var(--code);outline-offset:2px}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,1.2fr);gap:16px;align-items:start}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
.map{width:100%;height:auto;display:block;border:1px solid var(--line);background:var(--dir)}
.map .dir{fill:var(--dir);stroke:var(--dirline);stroke-width:.6}
.map rect[data-f]{stroke:var(--bg);stroke-width:.5;cursor:pointer}
.map text{font-size:14px;fill:var(--fg);pointer-events:none}
.map .dl{font-weight:600;fill:var(--muted)}
.k-code{fill:var(--code)}.k-map{fill:var(--map)}.k-declaration{fill:var(--declaration)}.k-asset{fill:var(--asset)}.k-archive{fill:var(--archive)}
.map rect.warn{fill:var(--warn)}.map rect.err{fill:var(--error)}
.map a:focus-visible rect,.map rect.sel{stroke:var(--fg);stroke-width:3}
.map a:focus{outline:none}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0;color:var(--muted);font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.sw-code{background:var(--code)}.sw-map{background:var(--map)}.sw-declaration{background:var(--declaration)}.sw-asset{background:var(--asset)}.sw-archive{background:var(--archive)}
.sw-error{background:var(--error)}.sw-warn{background:var(--warn)}.sw-new{background:var(--new)}.sw-grown{background:var(--grown)}.sw-same{background:var(--same)}
.sw-clean{background:var(--clean)}.sw-leaks{background:var(--error)}.sw-warnings{background:var(--warn)}.sw-unjudged{background:var(--unjudged)}
.only-changes{display:none}
#view-changes:checked~.views .only-changes{display:block}
#view-changes:checked~.views .only-ships{display:none}
#view-changes:checked~.views .map rect[data-f]{fill:var(--same)}
#view-changes:checked~.views .map rect.c-grew{fill:var(--grown)}
#view-changes:checked~.views .map rect.c-gained{fill:var(--new)}
#panel{position:sticky;top:12px;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px;max-height:calc(100vh - 24px);overflow:auto}
#panel[hidden]{display:block}
#panel[hidden]>*:not(.idle){display:none}
#panel:not([hidden]) .idle{display:none}
#panel .close{float:right}
button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:2px 10px;cursor:pointer}
.finding{border-left:4px solid var(--warn);padding:2px 0 2px 10px;margin:10px 0}
.finding.error{border-color:var(--error)}
.finding p{margin:2px 0}.sev{font-weight:700;text-transform:uppercase;font-size:12px}
.error .sev{color:var(--error)}.warn .sev{color:var(--warn)}
.hint{color:var(--muted)}
.file{margin:14px 0 22px;content-visibility:auto;contain-intrinsic-size:auto 160px}
.timeline{overflow-x:auto;border:1px solid var(--line);background:var(--panel);border-radius:6px}
.timeline svg{display:block}
.timeline text{font-size:11px;fill:var(--fg)}
.timeline .axis{stroke:var(--line);stroke-width:2}
.ver circle{stroke:var(--bg);stroke-width:2;cursor:pointer}
.ver a:focus-visible circle,.ver circle.sel{stroke:var(--fg);stroke-width:3}
.s-clean circle{fill:var(--clean)}.s-leaks circle{fill:var(--error)}.s-warnings circle{fill:var(--warn)}.s-deleted circle,.s-unreachable circle{fill:var(--unjudged)}
.s-unreachable circle{stroke:var(--fg);stroke-dasharray:3 2}
.timeline .tag{fill:var(--code);font-weight:600}.timeline .mark{fill:var(--error);font-weight:700}
.st-leaks{color:var(--error);font-weight:700}.st-unreachable{font-weight:700}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media print{
:root{--bg:#fff;--fg:#000;--panel:#fff;--dir:#f4f4f4}
main{max-width:none;padding:0}
.tabs>label,#panel,button{display:none!important}
.layout{display:block}
.only-changes,#view-changes:checked~.views .only-ships{display:block}
.map,.finding,tr{break-inside:avoid}
.timeline{overflow:visible}
a{text-decoration:none}
}
`
