import { useT } from '../i18n/i18n'

interface Props {
  focused: boolean
  onFocused: (focused: boolean) => void
  onFit: () => void
  onReset: () => void
  /** Absent when nothing is selected. */
  onGoToSelected?: () => void
}

/** Fit, reset and go-to-selected, and whether the other candidates fold away. */
export function TreeViewButtons({ focused, onFocused, onFit, onReset, onGoToSelected }: Props) {
  const t = useT()
  return (
    <span className="tree-view-buttons" role="group" aria-label={t('tree.viewControls')}>
      <label title={t('tree.focusTitle')}>
        <input type="checkbox" checked={focused} onChange={(e) => onFocused(e.target.checked)} /> {t('tree.focus')}
      </label>
      <button type="button" onClick={onFit} title={t('tree.fitTitle')}>
        {t('tree.fit')}
      </button>
      <button type="button" onClick={onReset} title={t('tree.resetTitle')}>
        {t('tree.reset')}
      </button>
      <button type="button" onClick={onGoToSelected} disabled={!onGoToSelected} title={t('tree.goToSelectedTitle')}>
        {t('tree.goToSelected')}
      </button>
    </span>
  )
}
