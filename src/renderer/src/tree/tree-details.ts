import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import type { TreeNode } from '../../../core/types'
import type { Translate } from '../i18n/i18n'
import type { ShownNode } from './fold-tree'

/** The tooltip of a node: token, probabilities and status, and its distribution's top candidates when expanded. */
export function nodeDetails(t: Translate, n: ShownNode, children: readonly TreeNode[]): string {
  if (n.fold) return t('tree.moreTitle', { count: n.fold.count, p: formatProb(n.fold.mass) })
  const lines = [
    t('tree.details', {
      token:
        n.tokenId === null
          ? n.text
            ? `${t('tree.prompt')}: ${visibleToken(n.text)}`
            : t('tree.prompt')
          : visibleToken(n.text),
      prob: formatProb(n.prob),
      cumulative: formatProb(Math.exp(n.logProb)),
      status: t(`tree.status.${n.status}`),
    }),
  ]
  if (n.forced) lines.push(t('tree.detailsForced'))
  if (n.draft)
    lines.push(
      t('tree.detailsDraft', { proposed: n.draft.proposed, accepted: n.draft.accepted, rejected: n.draft.rejected }),
    )
  if (n.expanded) {
    lines.push(
      t('tree.detailsDistribution', { entropy: n.entropy?.toFixed(3) ?? '?', other: formatProb(n.otherMass ?? 0) }) +
        (n.partial ? t('tree.partial') : ''),
    )
    for (const c of children.slice(0, 10)) lines.push(`  ${visibleToken(c.text)}  ${formatProb(c.prob)}`)
  }
  return lines.join('\n')
}
