/** What the app's services call to export and import reports; the CLI uses the same functions. */
export {
  exportTarget,
  EXPORT_FORMATS,
  DEFAULT_MAX_NODES,
  type ExportedFile,
  type ExportFormat,
  type ExportOptions,
  type ExportTarget,
} from './export-target'
export { importReport, type ImportOutcome } from './import-report'
