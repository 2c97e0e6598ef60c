// The tree view folds as the reports do: one pure implementation, in the core.
export * from '../../../core/report/fold-tree'
