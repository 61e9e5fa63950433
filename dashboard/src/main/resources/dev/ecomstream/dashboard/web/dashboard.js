// The live dashboard: asks every panel's JSON endpoint for new figures every few seconds and redraws
// in place (no reload). A panel whose request fails keeps its last figures and is outlined; the header
// says what failed. Nothing here writes to the console: the browser test treats any console error as a bug.
//
// The page's own URL may widen the windows, for data too sparse for an hour (the sample data):
// ?window=MINUTES for sales, funnel and best sellers (default 60), ?hours=H for the charts (default 3).
// The pipeline's charts cover the last hour of the wall clock; their thresholds come from /api/config.
'use strict';

(() => {
  const integer = new Intl.NumberFormat('en-US');
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
  const EVENT_COLOURS = {
    home: '#64748b', department: '#0ea5e9', product: '#2563eb', cart: '#f59e0b', purchase: '#16a34a',
    cancel: '#dc2626',
  };
  const OTHER_COLOUR = '#a855f7';
  // the thresholds themselves come from /api/config (stated once, in the server's Thresholds)
  const LEVEL_COLOURS = { green: '#16a34a', amber: '#f59e0b', red: '#dc2626' };
  const THROUGHPUT_COLOUR = '#2563eb';

  const byId = (id) => document.getElementById(id);

  function boundedInt(text, fallback, min, max) {
    const value = Number.parseInt(text, 10);
    return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  }

  const query = new URLSearchParams(window.location.search);
  const windowMinutes = boundedInt(query.get('window'), 60, 1, 366 * 24 * 60);
  const chartHours = boundedInt(query.get('hours'), 3, 1, 24);

  function windowLabel(minutes) {
    if (minutes === 60) return 'last hour';
    if (minutes === 1440) return 'last day';
    if (minutes % 1440 === 0) return `last ${minutes / 1440} days`;
    if (minutes % 60 === 0) return `last ${minutes / 60} hours`;
    return `last ${minutes} minutes`;
  }
  const minuteLabel = (iso) => iso.substring(11, 16);
  const secondLabel = (iso) => iso.substring(11, 19);
  const utc = (iso) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

  function setText(id, text) {
    const element = byId(id);
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return 'never';
    }
    const abs = Math.abs(seconds);
    if (abs < 120) return `${decimal.format(seconds)} s`;
    if (abs < 7200) return `${decimal.format(seconds / 60)} min`;
    if (abs < 172800) return `${decimal.format(seconds / 3600)} h`;
    return `${decimal.format(seconds / 86400)} days`;
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: 'no-store' });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    }
    return body;
  }

  function lineChart(canvasId, type = 'line') {
    return new Chart(byId(canvasId), {
      type,
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
        scales: {
          x: { ticks: { maxTicksLimit: 12, maxRotation: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { display: false } },
      },
    });
  }

  // Replaces a chart's data in place; datasets are matched by label so that colours stay put.
  function updateChart(chart, labels, series) {
    chart.data.labels = labels;
    chart.data.datasets = series.map(({ label, data, colour }) => {
      const existing = chart.data.datasets.find((dataset) => dataset.label === label);
      const dataset = existing || { label, borderColor: colour, backgroundColor: colour, fill: false };
      dataset.data = data;
      return dataset;
    });
    chart.options.plugins.legend.display = series.length > 1;
    chart.update('none');
  }

  // green below amber, amber from amber, red from red
  function level(value, threshold) {
    if (value === null || value === undefined) return 'green';
    if (value >= threshold.red) return 'red';
    return value >= threshold.amber ? 'amber' : 'green';
  }

  // A chart of one figure over time, each bar or point in its threshold's colour, and the two thresholds as
  // dashed lines whose legend states them.
  function thresholdChart(canvasId, type) {
    const chart = lineChart(canvasId, type);
    chart.options.plugins.legend.display = true;
    chart.options.plugins.legend.labels = { boxWidth: 12, font: { size: 11 } };
    return chart;
  }

  function updateThresholdChart(chart, labels, label, values, threshold) {
    const colours = values.map((value) => LEVEL_COLOURS[level(value, threshold)]);
    const figure = chart.data.datasets.find((dataset) => dataset.label === label) || { label };
    Object.assign(figure, {
      data: values,
      backgroundColor: colours,
      borderColor: LEVEL_COLOURS.green,
      pointBackgroundColor: colours,
      pointRadius: 2,
      spanGaps: false,
      segment: { borderColor: (ctx) => LEVEL_COLOURS[level(ctx.p1.parsed.y, threshold)] },
    });
    const line = (name) => ({
      type: 'line',
      label: `${name} from ${decimal.format(threshold[name])} ${threshold.unit}`,
      data: labels.map(() => threshold[name]),
      borderColor: LEVEL_COLOURS[name],
      backgroundColor: LEVEL_COLOURS[name],
      borderDash: [4, 4],
      borderWidth: 1,
      pointRadius: 0,
    });
    chart.data.labels = labels;
    chart.data.datasets = [figure, line('amber'), line('red')];
    // the red line would flatten a chart of small values: it stays in the legend, the scale follows the data
    chart.options.scales.y.max = Math.max(threshold.amber * 1.5, ...values.filter((v) => v !== null)) * 1.05;
    chart.update('none');
  }

  function sellerRows(tableId, rows) {
    const body = byId(tableId).tBodies[0];
    body.replaceChildren();
    if (rows.length === 0) {
      const cell = body.insertRow().insertCell();
      cell.colSpan = 3;
      cell.className = 'empty';
      cell.textContent = 'no sales in this window';
      return;
    }
    for (const row of rows) {
      const tr = body.insertRow();
      tr.dataset.key = row.key;
      const name = tr.insertCell();
      name.textContent = row.name;
      if (row.detail) {
        const detail = document.createElement('span');
        detail.className = 'detail';
        detail.textContent = row.detail;
        name.append(detail);
      }
      const items = tr.insertCell();
      items.className = 'num';
      items.textContent = integer.format(row.items);
      const revenue = tr.insertCell();
      revenue.className = 'num';
      revenue.textContent = money.format(row.revenue);
    }
  }

  let ordersChart;
  let eventsChart;
  let throughputChart;
  let lagChart;
  let freshnessChart;
  let rejectsChart;
  let thresholds = null;

  const panels = [
    {
      name: 'sales',
      path: `/api/sales?minutes=${windowMinutes}`,
      render(sales) {
        setText('orders-last-hour', integer.format(sales.recent.orders));
        setText('revenue-last-hour', money.format(sales.recent.revenue));
        setText('orders-today', integer.format(sales.today.orders));
        setText('revenue-today', money.format(sales.today.revenue));
        const recent = sales.recent;
        setText('aov-last-hour', recent.averageOrderValue === null ? 'no orders' : money.format(recent.averageOrderValue));
        setText('conversion-last-hour', recent.conversionRate === null ? 'no sessions' : percent.format(recent.conversionRate));
        setText('conversion-detail',
          `${integer.format(recent.purchasingSessions)} of ${integer.format(recent.sessions)} sessions bought`);
        const clockNote = sales.clock === 'data'
          ? `now = ${utc(sales.now)}, the newest row in core (data clock)`
          : `now = ${utc(sales.now)} (wall clock)`;
        setText('clock-note', clockNote);
      },
    },
    {
      name: 'orders-per-minute',
      path: `/api/orders-per-minute?hours=${chartHours}`,
      render(series) {
        ordersChart = ordersChart || lineChart('orders-chart');
        updateChart(ordersChart, series.minutes.map(minuteLabel),
          [{ label: 'orders', data: series.orders, colour: '#2563eb' }]);
        setText('orders-chart-range', `last ${series.minutes.length / 60} h, UTC`);
      },
    },
    {
      name: 'events-per-minute',
      path: `/api/events-per-minute?hours=${chartHours}`,
      render(events) {
        eventsChart = eventsChart || lineChart('events-chart');
        updateChart(eventsChart, events.minutes.map(minuteLabel), events.series.map((s) => ({
          label: s.eventType, data: s.counts, colour: EVENT_COLOURS[s.eventType] || OTHER_COLOUR,
        })));
        setText('events-chart-range', `last ${events.minutes.length / 60} h, UTC`);
      },
    },
    {
      name: 'funnel',
      path: `/api/funnel?minutes=${windowMinutes}`,
      render(funnel) {
        const list = byId('funnel');
        list.replaceChildren();
        const widest = Math.max(1, ...funnel.steps.map((step) => step.sessions));
        for (const step of funnel.steps) {
          const item = document.createElement('li');
          item.dataset.step = step.eventType;
          const name = document.createElement('span');
          name.textContent = step.eventType;
          const bar = document.createElement('div');
          bar.className = 'bar';
          bar.style.width = `${(100 * step.sessions) / widest}%`;
          const count = document.createElement('span');
          count.className = 'count';
          const share = step.ofPrevious === null ? '' : ` · ${percent.format(step.ofPrevious)}`;
          count.textContent = `${integer.format(step.sessions)}${share}`;
          item.append(name, bar, count);
          list.append(item);
        }
      },
    },
    {
      name: 'top-products',
      path: `/api/top-products?minutes=${windowMinutes}&limit=10`,
      render: (top) => sellerRows('top-products', top.rows),
    },
    {
      name: 'top-categories',
      path: `/api/top-categories?minutes=${windowMinutes}&limit=10`,
      render: (top) => sellerRows('top-categories', top.rows),
    },
    {
      name: 'pipeline',
      path: '/api/pipeline?seconds=60',
      render(pipeline) {
        const fresh = pipeline.freshness;
        setText('landed-per-second',
          `${decimal.format(pipeline.landed.rowsPerSecond)} (${integer.format(pipeline.landed.rows)} rows in the last ${pipeline.landed.seconds} s)`);
        const lag = pipeline.consumerLag;
        setText('consumer-lag', lag.available
          ? `${integer.format(lag.totalLag)} records over ${lag.partitions.length} partitions`
          : `not available: ${lag.reason}`);
        const waiting = pipeline.pending.byEntity.filter((e) => e.count > 0)
          .map((e) => `${e.entity} ${integer.format(e.count)}`).join(', ');
        setText('pending-rows', pipeline.pending.rows === 0
          ? '0'
          : `${integer.format(pipeline.pending.rows)} (${waiting}; oldest waits ${duration(pipeline.pending.oldestWaitingSeconds)})`);
        setText('core-behind', fresh.unnormalisedRows === 0
          ? 'caught up'
          : `${duration(fresh.coreBehindSeconds)} (${integer.format(fresh.unnormalisedRows)} rows not normalised yet)`);
        const rejected = pipeline.rejected;
        const replayed = rejected.replayed === 0 ? '' : `; ${integer.format(rejected.replayed)} replayed`;
        setText('rejected-records', rejected.open === 0
          ? `0 open${replayed}`
          : `${integer.format(rejected.open)} open (last at ${utc(rejected.lastOpenRejectedAt)})${replayed}`);
        setText('freshness', fresh.newestRowAt === null
          ? 'the mart is empty'
          : `${duration(fresh.newestRowAgeSeconds)} old (${utc(fresh.newestRowAt)})`);
        setText('last-normalised', fresh.lastNormalisedAt === null
          ? 'never'
          : `${duration(fresh.lastNormalisedAgeSeconds)} ago`);
      },
    },
    {
      name: 'pipeline-trends',
      path: '/api/pipeline-trends?minutes=60',
      render(trends) {
        if (thresholds === null) {
          throw new Error('no thresholds: /api/config did not answer');
        }
        const minutes = trends.minuteStarts.map(minuteLabel);
        throughputChart = throughputChart || lineChart('throughput-chart', 'bar');
        updateChart(throughputChart, minutes,
          [{ label: 'rows landed', data: trends.landedPerMinute, colour: THROUGHPUT_COLOUR }]);
        rejectsChart = rejectsChart || thresholdChart('rejects-chart', 'bar');
        updateThresholdChart(rejectsChart, minutes, 'rejected', trends.rejectedPerMinute, thresholds.rejectsPerMinute);
        const sampled = trends.samples.map((sample) => secondLabel(sample.at));
        lagChart = lagChart || thresholdChart('lag-chart', 'line');
        updateThresholdChart(lagChart, sampled, 'consumer lag',
          trends.samples.map((sample) => sample.consumerLag), thresholds.consumerLag);
        setText('lag-note', trends.samples.some((sample) => sample.consumerLag !== null)
          ? '' : '(not measured: no Kafka bootstrap servers, or Kafka did not answer)');
        freshnessChart = freshnessChart || thresholdChart('freshness-chart', 'line');
        updateThresholdChart(freshnessChart, sampled, 'core behind',
          trends.samples.map((sample) => sample.coreBehindSeconds), thresholds.coreBehind);
        setText('trends-range', `last ${trends.minutes} min, UTC, wall clock`);
      },
    },
  ];

  async function refreshPanel(panel) {
    const section = document.querySelector(`[data-panel="${panel.name}"]`);
    try {
      panel.render(await getJson(panel.path));
      section.dataset.state = 'ready';
      return null;
    } catch (error) {
      section.dataset.state = 'error';
      return `${panel.name}: ${error.message}`;
    }
  }

  async function refreshAll(intervalMs) {
    const failures = (await Promise.all(panels.map(refreshPanel))).filter((message) => message !== null);
    const status = byId('status');
    status.classList.toggle('error', failures.length > 0);
    status.textContent = failures.length > 0
      ? failures.join(' | ')
      : `updated ${new Date().toLocaleTimeString('en-GB')}, every ${intervalMs / 1000} s`;
    // the next round starts after this one ended: a slow database never piles up requests
    setTimeout(() => refreshAll(intervalMs), intervalMs);
  }

  async function start() {
    for (const label of document.querySelectorAll('.window-label')) {
      label.textContent = windowLabel(windowMinutes);
    }
    let intervalMs = 5000;
    try {
      const config = await getJson('/api/config');
      intervalMs = config.refreshSeconds * 1000;
      thresholds = config.thresholds;
    } catch (error) {
      byId('status').textContent = `config: ${error.message}; refreshing every 5 s`;
    }
    refreshAll(intervalMs);
  }

  start();
})();
