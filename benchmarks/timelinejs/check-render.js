#!/usr/bin/env node
'use strict';
// Renders a TimelineJS3 JSON file, as it is, in Knight Lab's TimelineJS3 in headless Chromium and checks that
// every event became a slide and a marker on the time navigator, each slide showing its headline, with no page
// errors. Uses the node_modules of the peer benchmark (shared/bench-peers: @knight-lab/timelinejs, playwright-core).
//
//   node check-render.js FILE.timelinejs.json --peers /path/to/bench-peers [--png out.png]
const fs = require('fs');
const path = require('path');
const http = require('http');

const args = process.argv.slice(2);
const file = path.resolve(args[0]);
const peers = path.resolve(args[args.indexOf('--peers') + 1]);
const png = args.includes('--png') ? args[args.indexOf('--png') + 1] : null;
const { chromium } = require(path.join(peers, 'node_modules', 'playwright-core'));

const page = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/node_modules/@knight-lab/timelinejs/dist/css/timeline.css">
<script src="/node_modules/@knight-lab/timelinejs/dist/js/timeline.js"></script></head>
<body style="margin:0"><div id="timeline" style="width:1600px;height:900px"></div></body></html>`;

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  if (url === '/') { res.setHeader('content-type', 'text/html'); return res.end(page); }
  if (url === '/data.json') { res.setHeader('content-type', 'application/json'); return res.end(fs.readFileSync(file)); }
  const target = path.join(peers, url);
  if (!target.startsWith(peers) || !fs.existsSync(target)) { res.statusCode = 404; return res.end(); }
  res.end(fs.readFileSync(target));
});

server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const tab = await browser.newPage({ viewport: { width: 1600, height: 900 }, timezoneId: 'Asia/Almaty' });
  const errors = [];
  let blocked = 0;  // media on other hosts: not fetched (offline check); TimelineJS still draws the slide
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('net::ERR_FAILED')) errors.push(m.text()); });
  await tab.route('**/*', (route) => {
    if (route.request().url().startsWith(base)) return route.continue();
    blocked += 1;
    return route.abort();
  });
  await tab.goto(base + '/');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = await tab.evaluate(async (data) => {
    const tl = await new Promise((resolve) => {
      const t = new TL.Timeline('timeline', data, { font: null, hash_bookmark: false, duration: 1,
        script_path: location.origin + '/node_modules/@knight-lab/timelinejs/dist/js/' });
      t.on('loaded', () => resolve(t));
    });
    for (let i = 0; i < data.events.length; i++) {  // step through every slide, as a reader would
      tl.goToNext();
      await new Promise((r) => setTimeout(r, 20));
    }
    tl.goTo(1);
    await new Promise((r) => setTimeout(r, 50));
    return { slides: document.querySelectorAll('#timeline .tl-slide').length,
             markers: document.querySelectorAll('#timeline .tl-timemarker').length,
             headlines: Array.from(document.querySelectorAll('#timeline .tl-slide .tl-headline')).map((h) => h.textContent),
           };
  }, data);
  if (png) await tab.screenshot({ path: png });
  await browser.close();
  server.close();
  const expected = data.events.map((e) => e.text.headline.replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&quot;/g, '"'));
  const missing = expected.filter((h) => !result.headlines.includes(h));
  const ok = result.slides === data.events.length + 1 && result.markers === data.events.length && !missing.length && !errors.length;
  console.log(JSON.stringify({ file: path.basename(file), events: data.events.length, slides: result.slides,
    markers: result.markers, missing_headlines: missing, errors, blocked_requests: blocked, ok }));
  process.exit(ok ? 0 : 1);
});
