import type { RunDetail } from '../../../core/records'
import { joinFor, tokenSeparator, visibleToken } from '../../../core/report/visible-token'
import { formatStrategy } from '../../../core/strategy-spec'
import type { BranchSpec } from '../tree/branch-strategy'
import { useT } from '../i18n/i18n'

interface Props {
  runs: readonly RunDetail[]
  branch?: { busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

/** Each sequence as running text, token by token, whitespace and control tokens visible. */
export function TextView({ runs }: Props) {
  const t = useT()
  return (
    <section className="text-view" aria-label={t('shell.tab.text')}>
      {runs.flatMap((run) =>
        run.sequences.map((seq, i) => {
          const join = joinFor(run.modelKind)
          return (
            <article key={`${run.id}:${i}`} className="text-sequence">
              <h3>
                {formatStrategy(run.strategy)}
                {run.sequences.length > 1 ? ` #${i + 1}` : ''}
              </h3>
              <p className="running-text" lang="und">
                {seq.tokens.map((tok, j) => (
                  <span key={j}>
                    {j > 0 && tokenSeparator(seq.tokens[j - 1], tok, join)}
                    <span className="tok">{visibleToken(tok)}</span>
                  </span>
                ))}
              </p>
            </article>
          )
        }),
      )}
    </section>
  )
}
