import { useEffect, useState, type ReactNode } from 'react'
import { CodeName } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import type { GroupId } from './param-groups'

/** The samplers llama.cpp's users know by these names, kept beside a translated group name. */
const SAMPLER_NAMES = { dry: 'DRY', xtc: 'XTC', mirostat: 'Mirostat' } as const

interface Props {
  id: GroupId
  /** The group's parameters that hold a value, as `name=value`. */
  set: string[]
  children: ReactNode
}

/** A folded family of sampler parameters; open when any of them is set, and says which. */
export function ParamGroup({ id, set, children }: Props) {
  const t = useT()
  const active = set.length > 0
  const [open, setOpen] = useState(active)
  useEffect(() => {
    if (active) setOpen(true)
  }, [active])
  return (
    <details
      className="param-group"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        {id in SAMPLER_NAMES ? (
          <CodeName label={t(`compose.group.${id}`)} code={SAMPLER_NAMES[id as keyof typeof SAMPLER_NAMES]} />
        ) : (
          t(`compose.group.${id}`)
        )}
        <span className="param-group-state">{active ? set.join(', ') : t('compose.groupOff')}</span>
      </summary>
      <div className="param-group-fields">{children}</div>
    </details>
  )
}
