/** The page's stylesheet, inlined: the file works as a CI artifact with no other file. */
export const PAGE_STYLE = `
:root { --bad: #b42318; --bad-bg: #fee4e2; --warn: #93370d; --warn-bg: #fef0c7; --ok: #067647; --ok-bg: #dcfae6; --muted: #667085; --line: #eaecf0; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: baseline; }
h1 { font-size: 20px; margin: 0; }
.meta { color: var(--muted); }
.counts span { display: inline-block; padding: 2px 8px; border-radius: 10px; margin-right: 6px; background: var(--line); }
.counts .bad { background: var(--bad-bg); color: var(--bad); }
.counts .ok { background: var(--ok-bg); color: var(--ok); }
.controls { padding: 12px 24px; display: flex; gap: 16px; align-items: center; }
#filter { width: 320px; padding: 6px 10px; border: 1px solid #d0d5dd; border-radius: 6px; font: inherit; }
.banner { margin: 0 24px 12px; padding: 8px 12px; border-radius: 6px; background: var(--bad-bg); color: var(--bad); }
.banner.warn { background: var(--warn-bg); color: var(--warn); }
main { padding: 0 24px 24px; overflow-x: auto; }
table { border-collapse: separate; border-spacing: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
th, td { padding: 8px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; position: sticky; top: 0; }
th small { display: block; font-weight: 400; color: var(--muted); }
th.unreachable { background: var(--bad-bg); color: var(--bad); }
td.project { font-weight: 600; white-space: nowrap; }
td.cell { min-width: 220px; cursor: pointer; }
td.cell:hover { background: #f9fafb; }
td.problem { background: var(--bad-bg); }
td.problem:hover { background: #fecdca; }
td.muted { color: var(--muted); }
.verdict { display: inline-block; font-weight: 600; padding: 0 6px; border-radius: 4px; }
.verdict.ok { color: var(--ok); background: var(--ok-bg); }
.verdict.bad { color: #fff; background: var(--bad); }
.verdict.warn { color: var(--warn); background: var(--warn-bg); }
.line { color: #344054; white-space: nowrap; }
.detail { color: var(--muted); font-size: 12px; }
a { color: #175cd3; margin-right: 8px; }
.history { margin-top: 6px; padding-top: 6px; border-top: 1px dashed #d0d5dd; font-size: 12px; }
.history ol { margin: 0; padding-left: 18px; }
tr.hidden { display: none; }
footer { color: var(--muted); padding: 0 24px 24px; font-size: 12px; }
`;
