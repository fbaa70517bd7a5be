/** A confusion matrix as a table whose cells are shaded by count (rows: expected, columns: predicted). */

export interface HeatmapProps {
  title: string;
  labels: string[];
  matrix: (number | null)[][];
}

export function ConfusionHeatmap({ title, labels, matrix }: HeatmapProps) {
  const max = Math.max(1, ...matrix.flat().map((v) => v ?? 0));
  return (
    <figure class="chart heatmap" data-testid="confusion-matrix">
      <figcaption>{title}</figcaption>
      <table>
        <thead>
          <tr>
            <th class="corner">expected ↓ / predicted →</th>
            {labels.map((label) => (
              <th key={label}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <th>{label}</th>
              {labels.map((predicted, j) => {
                const value = matrix[i]?.[j] ?? 0;
                const share = value / max;
                return (
                  <td
                    key={predicted}
                    class={i === j ? 'diagonal-cell' : undefined}
                    style={{
                      backgroundColor: `rgba(37, 99, 235, ${(0.08 + share * 0.82).toFixed(3)})`,
                      color: share > 0.55 ? '#fff' : undefined,
                    }}
                    title={`expected ${label}, predicted ${predicted}: ${value}`}
                  >
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
