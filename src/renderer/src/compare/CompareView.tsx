import { useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { chainRule, formatProb } from '../../../core/format'
import { formatStrategy } from '../../../core/strategy-spec'
import type { RunDetail } from '../../../core/records'

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777']

interface Row {
  key: string
  label: string
  run: RunDetail
  seq: RunDetail['sequences'][number]
}

/** Every returned sequence side by side: the table, the chain-rule product, and likelihood charts. */
export function CompareView({ runs }: { runs: RunDetail[] }) {
  const rows: Row[] = runs.flatMap((run) =>
    run.sequences.map((seq, i) => ({ key: `${run.id}:${i}`, label: `${formatStrategy(run.strategy)}${run.sequences.length > 1 ? ` #${i + 1}` : ''}`, run, seq })),
  )
  const [selected, setSelected] = useState<string | null>(null)
  const current = rows.find((r) => r.key === selected) ?? rows[0]
  if (rows.length === 0) return <p className="empty">No sequences yet: runs that failed or were cancelled before a sequence ended show only in history.</p>

  const depth = Math.max(...rows.map((r) => r.seq.steps.length))
  const cumulative = Array.from({ length: depth }, (_, t) => {
    const point: Record<string, number | string> = { step: t + 1 }
    for (const r of rows) {
      if (t < r.seq.steps.length) point[r.label] = r.seq.steps.slice(0, t + 1).reduce((a, s) => a + s.logProb, 0)
    }
    return point
  })
  const finals = rows.map((r) => ({ name: r.label, logProb: r.seq.logProb }))

  return (
    <section className="compare" aria-label="comparison">
      <table>
        <thead>
          <tr>
            <th>strategy</th>
            <th>text</th>
            <th>probability</th>
            <th>log-prob</th>
            <th>perplexity</th>
            <th>length</th>
            <th>time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} aria-selected={r.key === current.key} onClick={() => setSelected(r.key)} className={r.key === current.key ? 'selected' : ''}>
              <td>{r.label}</td>
              <td className="tokens">{r.seq.tokens.join(' ')}</td>
              <td>{formatProb(r.seq.probability)}</td>
              <td>{r.seq.logProb.toFixed(4)}</td>
              <td>{r.seq.steps.length ? Math.exp(-r.seq.logProb / r.seq.steps.length).toFixed(3) : '-'}</td>
              <td>{r.seq.steps.length}</td>
              <td>{r.run.elapsedMs === null ? '-' : `${r.run.elapsedMs.toFixed(1)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="chain-rule" aria-label="chain rule">
        P({current.seq.tokens.join(' ')}) = {chainRule(current.seq)}
      </p>
      <div className="charts">
        <figure>
          <figcaption>Cumulative log-likelihood per step</figcaption>
          <LineChart width={480} height={260} data={cumulative}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" />
            <YAxis />
            <Tooltip />
            <Legend />
            {rows.map((r, i) => (
              <Line key={r.key} dataKey={r.label} stroke={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </LineChart>
        </figure>
        <figure>
          <figcaption>Final log-likelihood</figcaption>
          <BarChart width={480} height={260} data={finals}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="logProb" fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </figure>
      </div>
    </section>
  )
}
