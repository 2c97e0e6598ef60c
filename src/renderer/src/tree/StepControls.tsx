import { useT } from '../i18n/i18n'

interface Props {
  step: number
  steps: number
  /** Token text of the node expanded at this step; null before the first. */
  expanded: string | null
  onStep: (step: number) => void
}

/** First, previous, next, last and a slider over the expansions of a run. */
export function StepControls({ step, steps, expanded, onStep }: Props) {
  const t = useT()
  const go = (s: number): void => onStep(Math.max(0, Math.min(steps, s)))
  return (
    <div className="tree-steps" role="group" aria-label={t('tree.steps')}>
      <button
        type="button"
        onClick={() => go(0)}
        disabled={step === 0}
        aria-label={t('tree.first')}
        title={t('tree.first')}
      >
        «
      </button>
      <button
        type="button"
        onClick={() => go(step - 1)}
        disabled={step === 0}
        aria-label={t('tree.previous')}
        title={t('tree.previous')}
      >
        ‹
      </button>
      <input
        type="range"
        min={0}
        max={steps}
        step={1}
        value={step}
        onChange={(e) => go(Number(e.target.value))}
        aria-label={t('tree.stepSlider')}
      />
      <button
        type="button"
        onClick={() => go(step + 1)}
        disabled={step === steps}
        aria-label={t('tree.next')}
        title={t('tree.next')}
      >
        ›
      </button>
      <button
        type="button"
        onClick={() => go(steps)}
        disabled={step === steps}
        aria-label={t('tree.last')}
        title={t('tree.last')}
      >
        »
      </button>
      <output className="tree-step-status">
        {t('tree.stepOf', { step, steps })}
        {' · '}
        {expanded === null ? t('tree.start') : t('tree.expanded', { token: expanded })}
      </output>
    </div>
  )
}
