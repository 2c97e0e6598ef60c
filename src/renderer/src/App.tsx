const RUN_EXAMPLE = 'npm run -s cli -- run --model seed-weather --strategy greedy'
const COMPARE_EXAMPLE = 'npm run -s cli -- run --model greedy-trap --strategy greedy --strategy beam:width=2 --strategy exact'
const HELP = 'npm run -s cli -- --help'

/** Placeholder window until the desktop UI lands: points to the command line, which does it all today. */
export function App() {
  const version = window.decodingLab?.version
  return (
    <main className="app">
      <h1>Decoding Lab</h1>
      <p>
        The desktop interface arrives in a later release. Meanwhile, the command line compares decoding strategies
        and records every run as a probability tree. From the project folder:
      </p>
      <pre>
        <code>{RUN_EXAMPLE}</code>
      </pre>
      <p>Compare several strategies on the same model:</p>
      <pre>
        <code>{COMPARE_EXAMPLE}</code>
      </pre>
      <p>All commands and options:</p>
      <pre>
        <code>{HELP}</code>
      </pre>
      {version && <footer>Version {version}</footer>}
    </main>
  )
}
