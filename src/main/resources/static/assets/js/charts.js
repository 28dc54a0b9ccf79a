// The dashboard's live charts: the sale second by second, from the figures the stats endpoint gives
// (cumulative counts become rates here). Drawn by uPlot (a webjar, served under /vendor/uplot/).
import uPlot from '/vendor/uplot/uPlot.esm.js';

const SHOWN_SECONDS = 180;
const STEPS = ['captcha', 'token', 'order'];
const COLOURS = ['#1f6feb', '#d9480f', '#2b8a3e', '#ae3ec9', '#f08c00', '#0b7285', '#c2255c', '#5c940d'];

function chart(container, series, unit) {
  const width = () => Math.max(240, container.clientWidth);
  const plot = new uPlot({
    width: width(),
    height: 180,
    series: [{}, ...series.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
    axes: [{}, { label: unit, size: 56 }],
    scales: { x: { time: true } },
    legend: { live: false },
  }, [[], ...series.map(() => [])], container);
  new ResizeObserver(() => plot.setSize({ width: width(), height: 180 })).observe(container);
  return plot;
}

/** What a chart shows, also on its element for the browser tests and for anyone reading the page. */
function show(container, plot, data) {
  plot.setData(data);
  const main = data[1];
  container.dataset.points = String(main.length);
  container.dataset.last = main.length ? String(main[main.length - 1]) : '';
  container.dataset.total = String(main.reduce((sum, value) => sum + (value ?? 0), 0));
}

export class SaleCharts {
  constructor(root) {
    this.root = root;
    this.previous = null;
    this.time = [];
    this.orders = [];
    this.units = [];
    this.rejections = new Map();
    // second -> { 'order p99': ms, ... }: the server sends each step's last seconds, the same second again
    // on the next poll, so a poll that comes late misses none
    this.latency = new Map();
    this.latencySeries = STEPS.flatMap((step) => [`${step} p50`, `${step} p99`]);
    this.ordersChart = chart(root.querySelector('#chart-orders'), ['orders placed'], 'per second');
    this.unitsChart = chart(root.querySelector('#chart-units'), ['units left'], 'units');
    this.latencyChart = chart(root.querySelector('#chart-latency'), this.latencySeries, 'ms');
    this.rejectionsChart = null;
  }

  /** One poll of the stats endpoint, at `now` (ms on the server's clock). */
  add(stats, now) {
    const seconds = now / 1000;
    const elapsed = this.previous ? Math.max(0.001, seconds - this.previous.seconds) : 1;
    const rate = (value, before) => (this.previous ? Math.max(0, (value - before) / elapsed) : 0);
    this.time.push(seconds);
    this.orders.push(rate(stats.sold, this.previous?.stats.sold ?? 0));
    this.units.push(stats.remaining);
    for (const code of Object.keys(stats.rejected)) {
      if (!this.rejections.has(code)) this.rejections.set(code, this.time.slice(0, -1).map(() => 0));
    }
    for (const [code, values] of this.rejections) {
      values.push(rate(stats.rejected[code] ?? 0, this.previous?.stats.rejected[code] ?? 0));
    }
    for (const step of STEPS) {
      for (const second of stats.steps?.[step] ?? []) {
        const point = this.latency.get(second.second) ?? {};
        point[`${step} p50`] = second.p50Millis;
        point[`${step} p99`] = second.p99Millis;
        this.latency.set(second.second, point);
      }
    }
    this.previous = { seconds, stats };
    this.trim();
    this.draw();
  }

  trim() {
    const extra = this.time.length - SHOWN_SECONDS;
    if (extra <= 0) return;
    for (const values of [this.time, this.orders, this.units, ...this.rejections.values()]) {
      values.splice(0, extra);
    }
    for (const second of this.latency.keys()) {
      if (second < this.time[0] - 1) this.latency.delete(second);
    }
  }

  draw() {
    show(this.root.querySelector('#chart-orders'), this.ordersChart, [this.time, this.orders]);
    show(this.root.querySelector('#chart-units'), this.unitsChart, [this.time, this.units]);
    const latency = this.root.querySelector('#chart-latency');
    const seconds = [...this.latency.keys()].sort((a, b) => a - b);
    show(latency, this.latencyChart, [seconds, ...this.latencySeries.map(
      (series) => seconds.map((second) => this.latency.get(second)[series] ?? null))]);
    // the same window as the other charts, however few seconds had requests
    this.latencyChart.setScale('x', { min: this.time[0], max: this.time[this.time.length - 1] });
    const orders = seconds.filter((second) => this.latency.get(second)['order p99'] !== undefined);
    if (orders.length) latency.dataset.orderP99 = String(this.latency.get(orders[orders.length - 1])['order p99']);
    const rejections = this.root.querySelector('#chart-rejections');
    if (this.rejections.size === 0) return;
    const codes = [...this.rejections.keys()];
    if (!this.rejectionsChart || this.rejectionsChart.series.length - 1 !== codes.length) {
      // a code seen for the first time: the chart is drawn again with a line for it
      this.rejectionsChart?.destroy();
      rejections.replaceChildren();
      this.rejectionsChart = chart(rejections, codes, 'per second');
    }
    show(rejections, this.rejectionsChart, [this.time, ...this.rejections.values()]);
  }
}
