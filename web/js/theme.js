// Applied before the first paint (a classic script, not a module) so a dark theme never flashes.
(function () {
  var t = null;
  try { t = localStorage.getItem('receipts.theme'); } catch (e) { /* private mode */ }
  if (t !== 'dark' && t !== 'light') {
    t = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', t);
})();
