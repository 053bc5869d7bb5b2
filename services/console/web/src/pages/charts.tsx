// Plain SVG charts: bars with their values written beside them, so the chart reads without colour
// and a screen reader gets the figures from the text.
import { useI18n } from '../i18n';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** A second value drawn behind the bar (a target). */
  target?: number | null;
}

export function BarChart({ bars, label, onSelect, unit = '' }: { bars: Bar[]; label: string; onSelect?: (key: string) => void; unit?: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const rowHeight = 30;
  const labelWidth = 170;
  const width = 720;
  const barSpace = width - labelWidth - 150;
  if (bars.length === 0) return <p>{t('暂无数据', 'No data')}</p>;
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${bars.length * rowHeight + 8}`} style={{ width: '100%', maxWidth: width, height: 'auto' }}>
        {bars.map((b, i) => {
          const y = i * rowHeight + 4;
          const w = (b.value / max) * barSpace;
          const target = b.target ? (b.target / max) * barSpace : 0;
          return (
            <g key={b.key} onClick={onSelect ? () => onSelect(b.key) : undefined} style={{ cursor: onSelect ? 'pointer' : undefined }}>
              <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize="13" fill="#1f1f1f">
                {b.label}
              </text>
              {target > 0 && <rect x={labelWidth} y={y + 2} width={target} height={rowHeight - 8} fill="#e3e8f0" stroke="#6b7a90" strokeDasharray="4 2" />}
              <rect x={labelWidth} y={y + 6} width={Math.max(w, 1)} height={rowHeight - 16} fill="#1f5fbf" />
              <text x={labelWidth + Math.max(w, target) + 6} y={y + 18} fontSize="13" fill="#1f1f1f">
                {b.value.toLocaleString()}
                {b.target ? ` / ${b.target.toLocaleString()}` : ''}
                {unit}
              </text>
            </g>
          );
        })}
      </svg>
      {bars.some((b) => b.target) && <figcaption style={{ fontSize: 12, color: '#555' }}>{t('实心条为实际完成，虚线框为规划目标。', 'Solid bars are actual figures; dashed boxes are the plan’s targets.')}</figcaption>}
    </figure>
  );
}
