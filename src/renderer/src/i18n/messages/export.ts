import { messages } from './messages-type'

export const exportMessages = messages(
  {
    'export.experiment': 'Export experiment',
    'export.run': 'Export run {id}',
    'export.html': 'HTML report',
    'export.pdf': 'PDF report',
    'export.json': 'JSON data (to import elsewhere)',
    'export.csv': 'CSV (nodes and sequences)',
    'export.dot': 'Graphviz DOT',
    'export.busy': 'Exporting…',
    'import.label': 'Import a report (JSON)',
    'import.created': 'Imported: {runs} runs added.',
    'import.known': 'Already here: {runs} runs added.',
    'import.tooLarge': '{name} is too large to import from the app; use the command line: import FILE',
  },
  {
    'export.experiment': '导出实验',
    'export.run': '导出运行 {id}',
    'export.html': 'HTML 报告',
    'export.pdf': 'PDF 报告',
    'export.json': 'JSON 数据（可在别处导入）',
    'export.csv': 'CSV（节点与序列）',
    'export.dot': 'Graphviz DOT',
    'export.busy': '正在导出…',
    'import.label': '导入报告（JSON）',
    'import.created': '已导入：新增 {runs} 个运行。',
    'import.known': '已存在：新增 {runs} 个运行。',
    'import.tooLarge': '{name} 太大，无法在应用中导入；请使用命令行：import FILE',
  },
)
