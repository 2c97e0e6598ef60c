import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import type { StepRange } from './step-zoom'

interface StepZoomState {
  range: StepRange | null
  setRange: (r: StepRange | null) => void
}

const StepZoomContext = createContext<StepZoomState | null>(null)

/** One range of steps for every step chart below it: zooming one chart zooms them all. */
export function StepZoomProvider({ children }: { children: ReactNode }) {
  const [range, setRange] = useState<StepRange | null>(null)
  const value = useMemo(() => ({ range, setRange }), [range])
  return <StepZoomContext.Provider value={value}>{children}</StepZoomContext.Provider>
}

/** The shared range, or a chart's own where no provider is above it. */
export function useStepZoom(): StepZoomState {
  const shared = useContext(StepZoomContext)
  const [range, setRange] = useState<StepRange | null>(null)
  return shared ?? { range, setRange }
}
