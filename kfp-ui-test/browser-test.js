// KFP's own web UI (prebuilt, unchanged) against a runstore server, in headless Chromium: every page checked shows
// what runstore holds (a run's details: each node's state from runstore's ML Metadata answers), with no error banner
// and no failed call to the KFP API. Screenshots go to the output folder.
// Usage: node browser-test.js <frontend url> <output folder> <seeded.json>
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [base, out, seededFile] = process.argv.slice(2);
const seeded = JSON.parse(fs.readFileSync(seededFile, 'utf8'));

const pages = [
  {name: 'runs', hash: '#/runs', shows: seeded.activeRuns, hides: [seeded.archivedRun]},
  {name: 'archived-runs', hash: '#/archive/runs', shows: [seeded.archivedRun], hides: seeded.activeRuns},
  {name: 'experiments', hash: '#/experiments', shows: [seeded.experiment, 'Default'], hides: []},
  // A run's details: the graph from the run's pipeline spec, each node's state from ML Metadata over gRPC-web (the
  // UI's server proxies /ml_metadata.MetadataStoreService/* to runstore), shown as the state icon of the node.
  {name: 'run-details', hash: '#/runs/details/' + seeded.detailsRun, shows: [seeded.detailsRunName, 'model'],
   hides: [], nodeStates: seeded.nodeStates},
  // Not checked yet: an experiment's page (it lists recurring runs, which need runstore.kfp.api-url).
];

/**
 * Runs in the page: for each task node (label -> wanted icon), the data-testid of the MUI state icon it shows, or null.
 * While waiting, false until every node shows the wanted one.
 */
function nodeIcons(wanted, waiting) {
  const states = ['CheckCircleIcon', 'RefreshIcon', 'ErrorIcon', 'CloudDownloadIcon', 'StopCircle', 'MoreHorizIcon',
    'PowerSettingsNewIcon'];
  const found = {};
  for (const label of Object.keys(wanted)) {
    const node = document.querySelector(`div.container[title="${label}"]`);
    const icon = node && [...node.querySelectorAll('svg[data-testid]')]
      .map(svg => svg.getAttribute('data-testid')).find(id => states.includes(id));
    found[label] = icon || null;
  }
  return waiting && !Object.keys(wanted).every(label => found[label] === wanted[label]) ? false : found;
}

// What the UI itself serves outside a cluster (not runstore's API; see ../shared/kfp-frontend/README.md).
const notRunstore = /\/(system|k8s|visualizations)\//;

(async () => {
  fs.mkdirSync(out, {recursive: true});
  const browser = await puppeteer.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
  const problems = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1400, height: 900});
    let failed = [];
    page.on('response', response => {
      if (response.status() >= 400 && !notRunstore.test(response.url())) {
        failed.push(response.status() + ' ' + response.request().method() + ' ' + response.url());
      }
    });
    for (const check of pages) {
      failed = [];
      await page.goto(base + '/' + check.hash, {waitUntil: 'networkidle0', timeout: 60000});
      await page.waitForFunction(names => names.every(name => document.body.innerText.includes(name)),
        {timeout: 30000}, check.shows).catch(() => {});
      if (check.nodeStates) {
        const wanted = check.nodeStates;
        await page.waitForFunction(nodeIcons, {timeout: 30000}, wanted, true).catch(() => {});
        const shown = await page.evaluate(nodeIcons, wanted, false);
        for (const [label, icon] of Object.entries(wanted)) {
          if (shown[label] !== icon) problems.push(`${check.name}: node '${label}' shows state ${shown[label]}, not ${icon}`);
        }
      }
      const file = path.join(out, check.name + '.png');
      await page.screenshot({path: file});
      const text = await page.evaluate(() => document.body.innerText);
      for (const name of check.shows) {
        if (!text.includes(name)) problems.push(`${check.name}: does not show '${name}'`);
      }
      for (const name of check.hides) {
        if (text.includes(name)) problems.push(`${check.name}: shows '${name}', which it should not`);
      }
      for (const banner of ['Error:', 'Cannot get', 'failed to', 'Failed to']) {
        if (text.includes(banner)) {
          const line = text.split('\n').find(l => l.includes(banner));
          problems.push(`${check.name}: error banner '${line}'`);
        }
      }
      failed.forEach(call => problems.push(`${check.name}: ${call}`));
      console.log(`${check.name}: ${file}`);
    }
  } finally {
    await browser.close();
  }
  if (problems.length) {
    console.error('KFP UI against runstore: ' + problems.length + ' problem(s)\n' + problems.join('\n'));
    process.exit(1);
  }
  console.log('KFP UI against runstore: every page shows runstore\'s runs and experiments, no error banner');
})().catch(e => { console.error(e); process.exit(1); });
