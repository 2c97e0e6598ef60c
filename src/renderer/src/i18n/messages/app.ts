import { messages } from './messages-type'

export const app = messages(
  {
    'app.title': 'Decoding Lab',
    'app.language': 'Language',
    'app.cancel': 'Cancel',
    'app.cancelTitle': 'Stop the running comparison (Esc)',
    'app.cancelling': 'Cancelling…',
    'app.progressLabel': 'progress',
    'app.progress': '{label}: step {step}/{max}',
    'app.history': 'History',
    'app.tree': 'Probability tree',
    'app.rerunning': 'Re-running run #{id} ({strategy}) on {model} with the same prompt and settings.',
    'app.rerunningSeed':
      'Re-running run #{id} ({strategy}) on {model} with the same prompt and settings; it reuses seed {seed}, so it draws the same sample.',
    'app.unreachable':
      'Cannot reach the Decoding Lab service ({error}). In browser mode, check that `npm run web` is still running, then reload this page.',
    'app.shortcuts': 'Keyboard shortcuts',
    'app.shortcutsButton': 'Keyboard shortcuts (?)',
    'app.close': 'Close',
    'app.shortcut.run': 'Run the comparison',
    'app.shortcut.cancel': 'Cancel the running comparison (or close a dialog)',
    'app.shortcut.search': 'Search the history',
    'app.shortcut.help': 'Show this list',
    'app.shortcutsNote': '"/" and "?" work when the cursor is not in a text field.',
  },
  {
    'app.title': '解码实验室',
    'app.language': '语言 (Language)',
    'app.cancel': '取消',
    'app.cancelTitle': '停止正在运行的对比（Esc）',
    'app.cancelling': '正在取消…',
    'app.progressLabel': '进度',
    'app.progress': '{label}：第 {step}/{max} 步',
    'app.history': '历史记录',
    'app.tree': '概率树',
    'app.rerunning': '正在以相同的提示词和设置，在 {model} 上重新运行第 {id} 次运行（{strategy}）。',
    'app.rerunningSeed':
      '正在以相同的提示词和设置，在 {model} 上重新运行第 {id} 次运行（{strategy}）；沿用随机种子 {seed}，因此会抽到相同的样本。',
    'app.unreachable':
      '无法连接解码实验室服务（{error}）。如果使用浏览器模式，请确认 `npm run web` 仍在运行，然后刷新本页。',
    'app.shortcuts': '键盘快捷键',
    'app.shortcutsButton': '键盘快捷键（?）',
    'app.close': '关闭',
    'app.shortcut.run': '运行对比',
    'app.shortcut.cancel': '取消正在运行的对比（或关闭对话框）',
    'app.shortcut.search': '搜索历史记录',
    'app.shortcut.help': '显示此列表',
    'app.shortcutsNote': '光标不在文本框中时，"/" 和 "?" 才会生效。',
  },
)
