/**
 * A Chart.js chart on a canvas, loaded on demand: Chart.js is imported the first time a chart is
 * shown, so the grid's bundle does not carry it. The canvas is an image for assistive
 * technologies (role="img" + a label saying the numbers); the numbers themselves are always
 * also given in a table or text beside the chart by the caller.
 */
import { useEffect, useRef, useState } from 'react';
import type * as ChartJs from 'chart.js';
import type { ChartConfiguration, ChartType } from 'chart.js';

type ChartModule = typeof ChartJs;
let loading: Promise<ChartModule> | null = null;

/** Chart.js with every controller registered, loaded once for the page. */
export function loadChartJs(): Promise<ChartModule> {
  loading ??= import('chart.js').then((module) => {
    module.Chart.register(...module.registerables);
    return module;
  });
  return loading;
}

export function ChartCanvas<T extends ChartType>({
  config,
  label,
  className,
  testId,
}: {
  config: ChartConfiguration<T>;
  /** What the chart says, in words (its accessible name). */
  label: string;
  className?: string;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    loadChartJs().then(
      ({ Chart }) => {
        if (cancelled || !canvas.current) return;
        chart = new Chart(canvas.current, config as ChartConfiguration);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [config]);
  if (failed) return null;
  return (
    <div className={className ?? 'chart-box'}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
