// A tiny bar histogram for the Columns table (plain SVG, no d3 needed at this size).
export function MiniHistogram({ bins, width = 96, height = 22 }: { bins: number[]; width?: number; height?: number }) {
  if (bins.length === 0) return null;
  const max = Math.max(...bins, 1);
  const w = width / bins.length;
  return (
    <svg className="mini-hist" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {bins.map((b, i) => {
        const h = b === 0 ? 0 : Math.max(1, (b / max) * (height - 1));
        return <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h} />;
      })}
      <line x1="0" x2={width} y1={height - 0.5} y2={height - 0.5} />
    </svg>
  );
}
