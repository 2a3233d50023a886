// Draws the asset page's candlestick chart with volume from GET /api/assets/{id}/prices, marks
// the flagged days, and reloads on the range buttons. Data comes from the page's JSON block
// (#chart-config) and the API as JSON; nothing here builds HTML from data.
(() => {
  const config = JSON.parse(document.getElementById('chart-config').textContent);
  const element = document.getElementById('chart');
  const status = document.getElementById('chart-status');
  const { createChart, CandlestickSeries, HistogramSeries, createSeriesMarkers } =
    window.LightweightCharts;
  const chart = createChart(element, {
    autoSize: true,
    layout: { background: { color: '#ffffff' }, textColor: '#1f2328' },
    grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
    timeScale: { borderColor: '#d1d9e0' },
  });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: '#1a7f37',
    downColor: '#cf222e',
    wickUpColor: '#1a7f37',
    wickDownColor: '#cf222e',
    borderVisible: false,
  });
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
  const volume = chart.addSeries(HistogramSeries, {
    priceScaleId: 'volume',
    priceFormat: { type: 'volume' },
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  const markers = createSeriesMarkers(candles, []);
  const anomalyDays = new Set(config.markedDays);

  async function load(query) {
    element.dataset.ready = 'false';
    const params = new URLSearchParams({ ...query, source: config.source });
    const response = await fetch(`${config.pricesUrl}?${params}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    const body = await response.json();
    if (!response.ok) {
      status.textContent = body.error;
      return;
    }
    const rows = body.prices;
    candles.setData(
      rows.map((row) => ({
        time: row.date,
        open: row.open,
        high: row.high,
        low: row.low,
        close: row.close,
      })),
    );
    volume.setData(
      rows.map((row) => ({
        time: row.date,
        value: row.volume ?? 0,
        color: row.close >= row.open ? 'rgba(26,127,55,0.35)' : 'rgba(207,34,46,0.35)',
      })),
    );
    const marked = rows.filter((row) => row.flags.length > 0 || anomalyDays.has(row.date));
    markers.setMarkers(
      marked.map((row) => ({
        time: row.date,
        position: 'aboveBar',
        color: '#9a6700',
        shape: 'arrowDown',
        text: row.flags.length > 0 ? row.flags.join(', ') : 'anomaly',
      })),
    );
    chart.timeScale().fitContent();
    // For people reading the DOM and for the browser tests: what the chart holds.
    element.dataset.from = body.from;
    element.dataset.to = body.to;
    element.dataset.candles = String(rows.length);
    element.dataset.markers = marked.map((row) => row.date).join(',');
    status.textContent = rows.length === 0 ? 'No bars stored in this range.' : '';
    element.dataset.ready = 'true';
  }

  for (const button of document.querySelectorAll('.ranges button')) {
    button.addEventListener('click', () => {
      for (const other of document.querySelectorAll('.ranges button')) {
        other.setAttribute('aria-pressed', String(other === button));
      }
      load({ range: button.dataset.range }).catch((error) => {
        status.textContent = String(error);
      });
    });
  }
  load({ from: config.from, to: config.to }).catch((error) => {
    status.textContent = String(error);
  });
})();
