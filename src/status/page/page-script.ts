/**
 * The page's script, inlined: the filter box (matching any text of a row, kept in the
 * address's #fragment), "problems only", a cell's history on click, and, when served,
 * a refresh of the report every `data-refresh` seconds that keeps the filter.
 */
export const PAGE_SCRIPT = `
(() => {
  const filter = document.getElementById('filter');
  const problemsOnly = document.getElementById('problems-only');
  const apply = () => {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    for (const row of document.querySelectorAll('#status tbody tr')) {
      const text = row.textContent.toLowerCase() + ' ' + (row.dataset.problems || '');
      const shown = words.every((w) => text.includes(w)) && (!problemsOnly.checked || row.dataset.problems !== '');
      row.classList.toggle('hidden', !shown);
    }
    history.replaceState(null, '', filter.value ? '#' + encodeURIComponent(filter.value) : location.pathname);
  };
  filter.value = decodeURIComponent(location.hash.slice(1));
  filter.addEventListener('input', apply);
  problemsOnly.addEventListener('change', apply);
  document.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const cell = event.target.closest('td.cell');
    const box = cell && cell.querySelector('.history');
    if (box) box.hidden = !box.hidden;
  });
  apply();
  const every = Number(document.body.dataset.refresh || 0);
  if (every > 0 && location.protocol.startsWith('http')) {
    setInterval(async () => {
      try {
        const answer = await fetch(location.pathname, { cache: 'no-store' });
        if (!answer.ok) return;
        const next = new DOMParser().parseFromString(await answer.text(), 'text/html');
        for (const id of ['generated', 'summary', 'report', 'banners']) document.getElementById(id).innerHTML = next.getElementById(id).innerHTML;
        apply();
      } catch { /* the next refresh tries again */ }
    }, every * 1000);
  }
})();
`;
