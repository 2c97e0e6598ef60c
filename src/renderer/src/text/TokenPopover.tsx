import * as Popover from '@radix-ui/react-popover'
import type { RefObject } from 'react'
import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import type { TokenId } from '../../../core/types'
import { useT } from '../i18n/i18n'
import type { TextToken } from './text-tokens'

interface Props {
  token: TextToken | null
  anchor: RefObject<HTMLElement | null>
  onClose: () => void
  onKeep: () => void
  /** Continue from the prefix before the token with this alternative; absent, no branching. */
  onBranch?: (tokenId: TokenId) => void
  busy: boolean
}

/** One popover for the whole tab, anchored at the token under the pointer or the focus. */
export function TokenPopover({ token, anchor, onClose, onKeep, onBranch, busy }: Props) {
  const t = useT()
  return (
    <Popover.Root open={token !== null} onOpenChange={(open) => open || onClose()}>
      <Popover.Anchor virtualRef={anchor as RefObject<HTMLElement>} />
      <Popover.Portal>
        {token && (
          <Popover.Content
            className="token-popover"
            side="bottom"
            align="start"
            sideOffset={4}
            onMouseEnter={onKeep}
            onMouseLeave={onClose}
            onOpenAutoFocus={(e) => e.preventDefault()}
          >
            <p className="token-details">
              {t('text.details', {
                token: visibleToken(token.text),
                prob: formatProb(token.prob),
                rank: token.rank === null ? '?' : token.rank + 1,
                entropy: token.entropy === null ? '?' : token.entropy.toFixed(3),
                cumulative: token.cumulative.toFixed(3),
              })}
            </p>
            {token.alternatives.length > 0 && (
              <>
                <p className="token-alternatives-title">{t('text.alternatives', { n: token.alternatives.length })}</p>
                <ol className="token-alternatives">
                  {token.alternatives.map((a) => (
                    <li key={a.tokenId} data-current={a.tokenId === token.tokenId ? 'true' : undefined}>
                      {onBranch && a.tokenId !== token.tokenId ? (
                        <button type="button" className="link" disabled={busy} onClick={() => onBranch(a.tokenId)}>
                          {t('text.branchFrom', { token: visibleToken(a.text), prob: formatProb(a.prob) })}
                        </button>
                      ) : (
                        <span>
                          {visibleToken(a.text)} {formatProb(a.prob)}{' '}
                          {a.tokenId === token.tokenId && t('text.thisToken')}
                        </span>
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
            {token.rank === null && <p className="hint">{t('text.unknown')}</p>}
          </Popover.Content>
        )}
      </Popover.Portal>
    </Popover.Root>
  )
}
