import { messages } from './messages-type'

export const tree = messages({}, {})
