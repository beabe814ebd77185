// Lighthouse (npm `lighthouse`, pinned in package-lock.json) over a list of URLs, in one Chromium
// (Debian's, headless): mobile settings, Lighthouse's defaults (simulated slow 4G and a mid-range
// phone). Reads {"chrome": path, "urls": {name: url}, "performance": [name, ...]} on stdin; writes,
// per name, the category scores (performance only for the names listed), every failed audit of the
// other categories, and the transfer size.
// Used by tests/browser/test_lighthouse.py.
import lighthouse from "lighthouse"
import * as chromeLauncher from "chrome-launcher"
import defaultConfig from "lighthouse/core/config/default-config.js"
import {pageFunctions} from "lighthouse/core/lib/page-functions.js"

const input = JSON.parse(await new Promise(resolve => {
  let text = ""
  process.stdin.on("data", chunk => { text += chunk })
  process.stdin.on("end", () => resolve(text))
}))

// Test speed (issue #21): Lighthouse waits, after the load, for the network and the main thread to
// go quiet (1 s each by default) and draws screenshots. The graded categories read the DOM, the
// requests and the console, not timings; the performance score, only reported, is simulated from
// the trace (Lantern) either way. So: short quiet windows, no screenshots (half the wall time).
// Nor the performance category's audits of weight 0 (its diagnostics and opportunities, some 50:
// unused JavaScript and CSS, the back/forward-cache round trip, source maps...): the performance
// score is the weighted mean of the five metrics alone, and nothing here reads the others. Skipping
// them also skips the gatherers only they need (Lighthouse keeps an artifact only if an audit reads
// it): a third less CPU per page (issue #21). An audit a graded category also lists stays, and so
// does total-byte-weight, read below.
const categories = Object.entries(defaultConfig.categories)
const graded = new Set(categories.filter(([id]) => id !== "performance").flatMap(([, c]) => c.auditRefs.map(ref => ref.id)))
const UNWEIGHTED = defaultConfig.categories.performance.auditRefs
  .filter(ref => ref.weight === 0 && !graded.has(ref.id) && ref.id !== "total-byte-weight").map(ref => ref.id)
const QUICK = {
  extends: "lighthouse:default",
  settings: {
    pauseAfterFcpMs: 100, pauseAfterLoadMs: 100, networkQuietThresholdMs: 100, cpuQuietThresholdMs: 100,
    skipAudits: ["screenshot-thumbnails", "final-screenshot", ...UNWEIGHTED],
  },
}

// The tests' Chromium, its headless shell by default (tests/browser/conftest.py): headless already,
// so "--headless" only matters for a full browser named by CHROMIUM. The shell took 63 s of CPU for
// the 16 pages where `chromium --headless=new` took 74 s, with the same graded scores (issue #21).
// No SwiftShader and software compositing, as in tests/browser/conftest.py: 43.6 s -> 41.3 s of CPU.
const chrome = await chromeLauncher.launch({
  chromePath: input.chrome,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-software-rasterizer", "--disable-gpu-compositing",
                "--disable-dev-shm-usage"],
})
// The performance category is asked only for the pages listed (tests/browser/lighthouse_runs.py:
// one language's): its trace and simulated metrics are a third of a page's CPU, and the other
// language's page of each kind has the same template and assets (issue #21). Every page keeps its
// transfer size (total-byte-weight, which reads only the network log).
const GRADED = ["accessibility", "best-practices", "seo"]
const measured = new Set(input.performance ?? [])
const out = {}
try {
  for (const [name, url] of Object.entries(input.urls)) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: measured.has(name) ? ["performance", ...GRADED] : GRADED,
      onlyAudits: ["total-byte-weight"],
      disableFullPageScreenshot: true,
    }, QUICK)
    // Before each page Lighthouse times two busy loops in it for 500 ms each (its BenchmarkIndex,
    // "Benchmarking machine"), only to report the machine's speed and warn if it is slow; no score
    // reads it. A fixed second of CPU per page, 16 of the 60 s of these runs (issue #21): the first
    // page of a runner measures, the others reuse its index. Relies on Lighthouse 12 evaluating
    // pageFunctions.computeBenchmarkIndex, looked up on that exported object at each run.
    if (lhr.environment?.benchmarkIndex > 0)
      pageFunctions.computeBenchmarkIndex = new Function(`return ${Number(lhr.environment.benchmarkIndex)}`)
    const failed = []
    for (const [id, category] of Object.entries(lhr.categories)) {
      if (id === "performance") continue
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id]
        if (ref.weight > 0 && audit.score !== null && audit.score < 1)
          failed.push(`${id}/${ref.id}: ${audit.title} ${JSON.stringify(audit.details?.items?.slice(0, 3) ?? [])}`)
      }
    }
    out[name] = {
      url,
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, c.score])),
      failed,
      metrics: Object.fromEntries(["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index"].map(id => [id, lhr.audits[id]?.displayValue])),
      transfer_bytes: lhr.audits["total-byte-weight"]?.numericValue,
      runtime_error: lhr.runtimeError?.message,
    }
  }
} finally {
  await chrome.kill()
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n")
