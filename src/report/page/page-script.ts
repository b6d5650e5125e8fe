import { chartConfig } from '../charts/chart-config.js';
import { installCharts } from './charts.js';
import { installDom } from './dom.js';
import { installDrilldown } from './drilldown.js';
import { installLeaderboard } from './leaderboard.js';
import { installProvenance } from './provenance.js';
import { installSampleDetail } from './sample-detail.js';
import { installSafety } from './safety.js';
import { installSamples } from './samples.js';
import { startPage } from './start.js';

/**
 * The page's one script, assembled from type-checked functions by their source text. Each function is
 * self-contained and receives the shared `app` object (see page/page-app.ts).
 */
export function pageScript(): string {
  const installs = [installDom, installLeaderboard, installSafety, installCharts, installDrilldown, installSamples, installSampleDetail, installProvenance];
  return [
    // tsx/esbuild (tests, benches) may wrap named functions in __name(); harmless no-op in the page.
    'var __name = function (f) { return f; };',
    '(function () {',
    '"use strict";',
    'var app = {};',
    `app.chartConfig = (${chartConfig.toString()});`,
    ...installs.map((f) => `(${f.toString()})(app);`),
    `(${startPage.toString()})(app);`,
    '})();',
  ].join('\n');
}
