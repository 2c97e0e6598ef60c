import { chainRule } from '../../../core/format'
import { tokenSeparator, visibleToken, type TokenJoin } from '../../../core/report/visible-token'
import { useT } from '../i18n/i18n'

/**
 * `P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432`: the tokens joined as every other view joins them
 * (no gaps in Chinese), each in its own shaded span so a reader can still match token to factor.
 */
export function ChainRule({
  seq,
  join,
}: {
  seq: { tokens: readonly string[]; steps: readonly { prob: number }[]; probability: number }
  join: TokenJoin
}) {
  const t = useT()
  return (
    <p className="chain-rule" aria-label={t('compare.chainRule')}>
      P(
      {seq.tokens.map((tok, i) => (
        <span key={i}>
          {i > 0 && tokenSeparator(seq.tokens[i - 1], tok, join)}
          <span className="chain-tok">{visibleToken(tok)}</span>
        </span>
      ))}
      ) = {chainRule(seq)}
    </p>
  )
}
