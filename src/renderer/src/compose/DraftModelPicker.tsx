import { useT } from '../i18n/i18n'
import { ModelOptions } from './ModelOptions'
import { useModels } from './use-models'

interface Props {
  /** The strategy's name, for the field's accessible label. */
  strategy: string
  value: string
  onChange: (draft: string) => void
}

/** The draft model of a speculative strategy, from the same list as the main model picker. */
export function DraftModelPicker({ strategy, value, onChange }: Props) {
  const t = useT()
  const models = useModels()
  return (
    <label>
      {t('compose.draftModel')}
      <select aria-label={`${strategy} ${t('compose.draftModelAria')}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('compose.draftModelNone')}</option>
        <ModelOptions models={models} />
      </select>
    </label>
  )
}
