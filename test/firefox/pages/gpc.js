// Loaded by gpc.html: a fetch and an XHR to the page's own site, and an image and a frame from the
// other origin (the page's ?other= parameter), so the suite sees Sec-GPC on each kind of request.
(() => {
  const other = new URLSearchParams(location.search).get('other');
  const frame = new Promise((ok) => {
    document.addEventListener('DOMContentLoaded', () => {
      const f = document.createElement('iframe');
      f.id = 'other';
      f.title = 'A frame from another site';
      f.onload = ok;
      f.src = `${other}/gpc-frame.html`;
      document.body.append(f);
    });
  });
  window.loaded = Promise.all([
    fetch('gpc-pixel.txt?via=fetch').then((r) => r.text()),
    new Promise((ok) => {
      const x = new XMLHttpRequest();
      x.onloadend = ok;
      x.open('GET', 'gpc-pixel.txt?via=xhr');
      x.send();
    }),
    new Promise((ok) => {
      const img = new Image();
      img.onload = ok;
      img.onerror = ok;
      img.src = `${other}/gpc-pixel.txt?via=third-party`;
    }),
    frame,
  ]).then(() => true);
})();
