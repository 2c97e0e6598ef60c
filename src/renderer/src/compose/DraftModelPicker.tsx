import { useT } from '../i18n/i18n'
import { ModelOptions } from './ModelOptions'
import { useModels } from './use-models'

interface Props {
  /** The strategy's name, for the field's accessible label. */
  strategy: string
  value: string
  onChange: (draft: string) => void
  /** speculative's draft model, or contrastive's amateur. */
  role?: 'draft' | 'amateur'
}

/** The draft model of a speculative strategy (the amateur of a contrastive one), from the same list as the main model picker. */
export function DraftModelPicker({ strategy, value, onChange, role = 'draft' }: Props) {
  const t = useT()
  const models = useModels()
  return (
    <label>
      {t(role === 'draft' ? 'compose.draftModel' : 'compose.amateurModel')}
      <select
        aria-label={`${strategy} ${t(role === 'draft' ? 'compose.draftModelAria' : 'compose.amateurModelAria')}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t(role === 'draft' ? 'compose.draftModelNone' : 'compose.amateurModelNone')}</option>
        <ModelOptions models={models} />
      </select>
    </label>
  )
}
