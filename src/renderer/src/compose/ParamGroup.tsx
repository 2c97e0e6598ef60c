import { useEffect, useState, type ReactNode } from 'react'
import { useT } from '../i18n/i18n'
import type { GroupId } from './param-groups'

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
        {t(`compose.group.${id}`)}
        <span className="param-group-state">{active ? set.join(', ') : t('compose.groupOff')}</span>
      </summary>
      <div className="param-group-fields">{children}</div>
    </details>
  )
}
